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
package io.camellabelstudio.client.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The request line a transport sends for a request ({@code GET /api/tasks/?project=5&query=... HTTP/1.1}), measured
 * in bytes: application servers limit it (gunicorn's {@code limit_request_line}: 4094 bytes by default), so requests
 * that carry data in their query measure themselves before they are sent.
 */
public final class RequestLine {

    /** gunicorn's default {@code limit_request_line}, the smallest limit of Label Studio's deployments. */
    public static final int GUNICORN_LIMIT = 4094;

    private static final String PROTOCOL = "HTTP/1.1";

    private RequestLine() {}

    /**
     * The bytes of the request line, without its CRLF: method, path and query as the transport encodes them (the
     * origin form HttpClient sends to the server), protocol.
     */
    public static int length(ApiTransport transport, ApiRequest request) {
        URI uri = transport.uriOf(request);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return request.method().length() + 1 + utf8Length(path + query) + 1 + PROTOCOL.length();
    }

    /** The bytes {@code value} takes as a query parameter's value, as the transport encodes it. */
    public static int queryValueLength(ApiTransport transport, String value) {
        ApiRequest probe = ApiRequest.get("/");
        return length(transport, probe.query("v", value)) - length(transport, probe.query("v", ""));
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
