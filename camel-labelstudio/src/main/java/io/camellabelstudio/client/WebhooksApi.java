/*
 * Licensed to the Apache Software Foundation (ASF) under one or more
 * contributor license agreements.  See the NOTICE file distributed with
 * this work for additional information regarding copyright ownership.
 * The ASF licenses this file to You under the Apache License, Version 2.0
 * (the "License"); you may not use this file except in compliance with
 * the License.  You may obtain a copy of the License at
 *
 *      http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.camellabelstudio.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JavaType;

import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.http.ApiTransport;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.Webhook;

/**
 * Webhooks of projects ({@code /api/webhooks/}). Label Studio posts each event once, waits at most 1 s and never
 * retries. Fields: {@code url}, {@code send_payload}, {@code send_for_all_actions}, {@code actions}, {@code headers},
 * {@code is_active}. {@code url} and {@code headers} are checked here before sending: the server accepts any URL
 * scheme, and it repeats rejected headers, secret values included, in its error message.
 */
public final class WebhooksApi {

    /** The server's limit on the number of extra headers. */
    public static final int MAX_HEADERS = 10;

    private static final Pattern HEADER_NAME = Pattern.compile("^[a-zA-Z0-9-_]+$");
    private static final String COLLECTION = "/api/webhooks/";
    private static final JavaType LIST =
            Json.mapper().getTypeFactory().constructCollectionType(List.class, Webhook.class);

    private final ApiTransport transport;

    WebhooksApi(ApiTransport transport) {
        this.transport = transport;
    }

    /** The webhooks of a project, or of the whole organization when {@code projectId} is null. */
    public List<Webhook> list(Long projectId) {
        ApiRequest request = ApiRequest.get(COLLECTION);
        if (projectId != null) {
            request = request.query("project", projectId);
        }
        List<Webhook> webhooks = transport.execute(request, LIST);
        return webhooks == null ? List.of() : webhooks;
    }

    public Webhook get(long webhookId) {
        return transport.execute(ApiRequest.get(path(webhookId)), Webhook.class);
    }

    /** Creates a webhook of a project from its fields; {@code url} is required. */
    public Webhook create(long projectId, Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        if (fields.get("url") == null) {
            throw new IllegalArgumentException("A webhook needs a url");
        }
        Map<String, Object> body = checked(fields);
        body.put("project", projectId);
        return transport.execute(ApiRequest.post(COLLECTION, body), Webhook.class);
    }

    /** Changes the given fields of a webhook (PATCH); {@code headers}, when given, replace all headers. */
    public Webhook update(long webhookId, Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        return transport.execute(ApiRequest.patch(path(webhookId), checked(fields)), Webhook.class);
    }

    public void delete(long webhookId) {
        transport.execute(ApiRequest.delete(path(webhookId)));
    }

    /**
     * Checks a webhook address: absolute, http or https, with a host.
     *
     * @return the address as URI
     * @throws IllegalArgumentException naming what is wrong
     */
    public static URI checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(Objects.requireNonNull(url, "url").strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a valid URL: " + e.getReason(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'" + url + "' must be an absolute http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + url + "' has no host");
        }
        return uri;
    }

    /**
     * Checks extra headers as the server would, without repeating their values (often secrets) in the message: at
     * most {@value #MAX_HEADERS}, names of letters, digits, '-' and '_', values strings.
     */
    public static void checkHeaders(Map<?, ?> headers) {
        if (headers.size() > MAX_HEADERS) {
            throw new IllegalArgumentException("A webhook has at most " + MAX_HEADERS + " headers, but "
                    + headers.size() + " were given: " + headers.keySet());
        }
        for (Map.Entry<?, ?> header : headers.entrySet()) {
            String name = String.valueOf(header.getKey());
            if (!HEADER_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "The webhook header name '" + name + "' may only hold letters," + " digits, '-' and '_'");
            }
            if (!(header.getValue() instanceof String)) {
                throw new IllegalArgumentException(
                        "The value of webhook header '" + name + "' must be a String, but" + " was "
                                + (header.getValue() == null
                                        ? "null"
                                        : header.getValue().getClass().getName()));
            }
        }
    }

    private static Map<String, Object> checked(Map<String, ?> fields) {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        Object url = body.get("url");
        if (url != null) {
            checkUrl(url.toString());
        }
        Object headers = body.get("headers");
        if (headers != null) {
            if (!(headers instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("The webhook field 'headers' must be a JSON object (a Map), but was "
                        + headers.getClass().getName());
            }
            checkHeaders(map);
        }
        return body;
    }

    private static String path(long webhookId) {
        return COLLECTION + webhookId + "/";
    }
}
