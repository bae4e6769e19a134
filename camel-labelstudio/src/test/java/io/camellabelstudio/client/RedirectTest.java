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

import static io.camellabelstudio.client.ClientTestSupport.LEGACY_KEY;
import static io.camellabelstudio.client.ClientTestSupport.REFRESH;
import static io.camellabelstudio.client.ClientTestSupport.assertDoesNotLeak;
import static io.camellabelstudio.client.ClientTestSupport.clientFor;
import static io.camellabelstudio.client.ClientTestSupport.projectJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.camellabelstudio.client.error.LabelStudioApiException;
import io.camellabelstudio.client.error.LabelStudioRedirectException;

/**
 * Redirects are never followed: a 301/302/307/308 to another host gets no request from the client at all (so never
 * the {@code Authorization} header), and the caller gets an error naming the redirect target without its query (which
 * may carry a signature), its user info and the key. A same-host redirect is not followed either (see {@code Redirects}).
 */
class RedirectTest {

    private static final String PROJECT_1 = "/api/projects/1/";

    private StubLabelStudio server;
    private StubLabelStudio otherHost;
    private String otherHostUrl;

    @BeforeEach
    void start() {
        server = StubLabelStudio.start();
        otherHost = StubLabelStudio.start();
        otherHost.when(StubLabelStudio.ANY_METHOD, PROJECT_1, StubResponse.json(200, projectJson(1)));
        otherHost.when(StubLabelStudio.ANY_METHOD, "/api/projects/", StubResponse.json(201, projectJson(1)));
        // another host name for the same loopback machine: reachable, so a followed redirect would arrive there
        otherHostUrl = "http://localhost:" + otherHost.port();
    }

    @AfterEach
    void stop() {
        server.close();
        otherHost.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void redirectOfAGetToAnotherHostIsNotFollowed(int status) {
        // user info and query of the target may hold a password or a signature: the error shows neither
        String target =
                otherHostUrl.replace("http://", "http://user:pa55word@") + PROJECT_1 + "?X-Amz-Signature=s3cr3t";
        server.when("GET", PROJECT_1, StubResponse.redirect(status, target));

        Throwable error;
        try (LabelStudioClient client = clientFor(server).build()) {
            error = catchThrowable(() -> client.projects().get(1));
        }

        assertNotFollowed(error, status, LEGACY_KEY);
        assertThat(server.requests("GET", PROJECT_1).get(0).header("Authorization"))
                .isEqualTo("Token " + LEGACY_KEY);
    }

    @ParameterizedTest
    @ValueSource(ints = {302, 303})
    void theErrorCarriesTheWholeTargetForACallerThatFollowsItWithoutTheKey(int status) {
        String target = otherHostUrl + "/bucket/a.png?X-Amz-Signature=s3cr3t";
        server.when("GET", PROJECT_1, StubResponse.redirect(status, target));

        Throwable error;
        try (LabelStudioClient client = clientFor(server).build()) {
            error = catchThrowable(() -> client.projects().get(1));
        }

        assertThat(error).isInstanceOfSatisfying(LabelStudioRedirectException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(status);
            assertThat(e.getLocation()).hasToString(target);
        });
        assertThat(error.getMessage()).doesNotContain("s3cr3t");
        assertThat(error.toString()).doesNotContain("s3cr3t");
        assertThat(otherHost.requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {307, 308})
    void redirectOfAPostWithAnAccessTokenToAnotherHostIsNotFollowed(int status) {
        String pat = TestJwts.personalAccessToken();
        String access = TestJwts.accessToken(Instant.now().plusSeconds(300));
        server.when("POST", REFRESH, StubResponse.json(200, "{\"access\": \"" + access + "\"}"));
        server.when("POST", "/api/projects/", StubResponse.redirect(status, otherHostUrl + "/api/projects/"));

        Throwable error;
        try (LabelStudioClient client = clientFor(server).apiKey(pat).build()) {
            error = catchThrowable(() -> client.projects().create(Map.of("title", "x")));
        }

        assertNotFollowed(error, status, access);
        assertDoesNotLeak(error, pat);
        assertThat(error).hasMessageContaining(otherHostUrl + "/api/projects/ not followed");
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 308})
    void sameHostRedirectIsNotFollowedEither(int status) {
        server.when("GET", PROJECT_1, StubResponse.redirect(status, "/label-studio" + PROJECT_1));

        Throwable error;
        try (LabelStudioClient client = clientFor(server).build()) {
            error = catchThrowable(() -> client.projects().get(1));
        }

        assertThat(error)
                .isInstanceOf(LabelStudioApiException.class)
                .hasMessageContaining("redirect to " + server.url() + "/label-studio" + PROJECT_1 + " not followed")
                .hasMessageContaining("set the url option to the server's final address")
                .hasMessageNotContaining("another host");
        assertThat(server.requests()).hasSize(1);
    }

    private void assertNotFollowed(Throwable error, int status, String secret) {
        assertThat(otherHost.requests())
                .as("requests that reached the other host")
                .isEmpty();
        assertThat(error).isInstanceOf(LabelStudioApiException.class);
        assertThat(((LabelStudioApiException) error).getStatusCode()).isEqualTo(status);
        assertThat(error)
                .hasMessageContaining("failed with HTTP " + status)
                .hasMessageContaining("redirect to " + otherHostUrl + "/api/projects/")
                .hasMessageContaining("not followed (another host: the Authorization header is never sent there)")
                .hasMessageNotContaining("s3cr3t")
                .hasMessageNotContaining("pa55word");
        assertDoesNotLeak(error, secret);
    }
}
