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

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

import org.apache.hc.core5.net.URIBuilder;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.auth.Authenticator;

/** The URL of a request: the plain-concatenation shortcut builds exactly what URIBuilder builds. */
class RequestUrlTest {

    private static final List<String> BASE_URLS = List.of(
            "http://127.0.0.1:8080",
            "http://localhost:8080/",
            "https://labelstudio.example.com",
            "https://labelstudio.example.com/ls",
            "https://labelstudio.example.com/ls/",
            "http://user:secret@localhost:8080",
            "http://[::1]:8080",
            "http://localhost:8080/base%20path/",
            "http://localhost:8080/ls?tenant=a");

    private static final List<ApiRequest> REQUESTS = List.of(
            ApiRequest.get("/api/tasks/17/"),
            ApiRequest.get("/api/projects/"),
            ApiRequest.get("/api/projects/3/export/formats"),
            ApiRequest.delete("/api/storages/s3/5"),
            ApiRequest.get("/api/tasks/").query("project", 3).query("page", 1),
            ApiRequest.get("/api/projects/3/exports/9/download").query("exportType", "JSON_MIN"),
            ApiRequest.get("/data/upload/3/a b%.json"),
            ApiRequest.get("/api/tasks/17/").query("query", "{\"filters\": []}"));

    @Test
    void everyRequestUrlIsWhatUriBuilderBuilds() throws Exception {
        for (String base : BASE_URLS) {
            ApiTransport transport = transport(URI.create(base));
            for (ApiRequest request : REQUESTS) {
                assertThat(transport.uriOf(request))
                        .as("%s on %s", request, base)
                        .isEqualTo(withUriBuilder(URI.create(base), request));
            }
        }
    }

    @Test
    void plainBaseUrlsAndPathsTakeTheShortcut() {
        assertThat(ApiTransport.plainPrefix(URI.create("http://127.0.0.1:8080/")))
                .isEqualTo("http://127.0.0.1:8080");
        assertThat(ApiTransport.plainPrefix(URI.create("https://ls.example.com/ls/")))
                .isEqualTo("https://ls.example.com/ls");
        assertThat(ApiTransport.plainPrefix(URI.create("http://user:secret@localhost:8080")))
                .isNull();
        assertThat(ApiTransport.plainPrefix(URI.create("http://localhost/a%20b")))
                .isNull();
        assertThat(ApiTransport.plainPrefix(URI.create("http://localhost/ls?tenant=a")))
                .isNull();
        assertThat(ApiTransport.isPlainPath("/api/tasks/17/")).isTrue();
        assertThat(ApiTransport.isPlainPath("/data/upload/3/a b.json")).isFalse();
        assertThat(ApiTransport.isPlainPath("/data/upload/3/%41.json")).isFalse();
    }

    /** How every request URL was built before the shortcut. */
    private static URI withUriBuilder(URI baseUrl, ApiRequest request) throws URISyntaxException {
        String basePath = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        if (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        URIBuilder builder = new URIBuilder(baseUrl).setPath(basePath + request.path());
        request.queryParameters().forEach(p -> builder.addParameter(p.getKey(), p.getValue()));
        return builder.build();
    }

    private static ApiTransport transport(URI baseUrl) {
        return new ApiTransport(baseUrl, null, "test", source -> new Authenticator() {
            @Override
            public String authorization() {
                return "Token key";
            }

            @Override
            public boolean renewAfterRejection(String rejectedAuthorization) {
                return false;
            }

            @Override
            public long renewals() {
                return 0;
            }
        });
    }
}
