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

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import io.camellabelstudio.client.http.RetrySettings;

/** Shared fixtures of the client tests. */
final class ClientTestSupport {

    /** A legacy token shaped like Label Studio's (40 hex characters). */
    static final String LEGACY_KEY = "0f3c5e1a9b7d2c4e6f8a0b1c3d5e7f9a1b2c3d4e";

    static final String PROJECTS = "/api/projects/";
    static final String REFRESH = "/api/token/refresh";

    private ClientTestSupport() {}

    /** Short delays so retry tests stay fast. */
    static RetrySettings fastRetries(int maxRetries) {
        return new RetrySettings(maxRetries, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1));
    }

    static LabelStudioClient.Builder clientFor(StubLabelStudio stub) {
        return LabelStudioClient.builder()
                .url(stub.url())
                .apiKey(LEGACY_KEY)
                .connectTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(20));
    }

    static String projectJson(long id) {
        return "{\"id\": " + id + ", \"title\": \"Project " + id + "\", \"label_config\": \"<View/>\","
                + " \"created_at\": \"2025-01-01T00:00:00Z\"}";
    }

    /** A page of the project listing, in Label Studio's envelope. */
    static String pageJson(long count, List<Long> ids) {
        return "{\"count\": " + count + ", \"next\": null, \"previous\": null, \"results\": ["
                + ids.stream().map(ClientTestSupport::projectJson).collect(Collectors.joining(", "))
                + "]}";
    }

    /** Asserts that neither the message nor any cause of {@code error} contains {@code secret}. */
    static void assertDoesNotLeak(Throwable error, String secret) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            assertThat(t.toString()).doesNotContain(secret);
        }
    }
}
