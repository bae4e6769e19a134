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
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.error.EnterpriseOnlyException;
import io.camellabelstudio.client.error.LabelStudioApiException;
import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.http.ApiTransport;

/**
 * Stops Enterprise-only operations on a Community server with a clear {@link EnterpriseOnlyException} instead of the
 * server's 404 or 500. Asks {@code GET /api/version/} once per client; an answer without edition counts as unknown
 * (the request is sent and the server answers for itself); a failed call is not remembered.
 */
final class EditionGuard {

    static final String VERSION_PATH = "/api/version/";
    static final String COMMUNITY = "Community";

    private final ApiTransport transport;
    private final Object lock = new Object();
    private volatile ServerEdition edition;

    EditionGuard(ApiTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** Throws {@link EnterpriseOnlyException} naming {@code operation} when the server runs the Community edition. */
    void requireEnterprise(String operation) {
        ServerEdition known = known();
        if (known != null && COMMUNITY.equalsIgnoreCase(known.edition())) {
            throw new EnterpriseOnlyException(
                    operation, serverUrl(), known.edition(), known.release(), "from " + VERSION_PATH, null);
        }
    }

    /** True when the server says it runs Enterprise; false for Community or when it cannot tell. */
    boolean isEnterprise() {
        ServerEdition known = known();
        return known != null
                && known.edition() != null
                && known.edition().toLowerCase(java.util.Locale.ROOT).contains("enterprise");
    }

    /** The edition, asked once; null when it could not be learned this time (then asked again next time). */
    private ServerEdition known() {
        ServerEdition known = edition;
        if (known == null) {
            synchronized (lock) {
                known = edition;
                if (known == null) {
                    known = fetch();
                    edition = known;
                }
            }
        }
        return known;
    }

    /** The base URL without user info, for messages. */
    String serverUrl() {
        URI url = transport.baseUrl();
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + path;
    }

    private ServerEdition fetch() {
        JsonNode answer;
        try {
            answer = transport.execute(ApiRequest.get(VERSION_PATH), JsonNode.class);
        } catch (LabelStudioApiException e) {
            return null;
        }
        if (answer == null || !answer.isObject()) {
            return new ServerEdition(null, null);
        }
        return new ServerEdition(text(answer, "edition"), text(answer, "release"));
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private record ServerEdition(String edition, String release) {}
}
