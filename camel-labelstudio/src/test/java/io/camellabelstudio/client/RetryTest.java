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

import static io.camellabelstudio.client.ClientTestSupport.PROJECTS;
import static io.camellabelstudio.client.ClientTestSupport.clientFor;
import static io.camellabelstudio.client.ClientTestSupport.projectJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.error.LabelStudioConnectionException;
import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.client.http.RetrySettings;
import io.camellabelstudio.client.model.Project;

/**
 * Retries: idempotent requests are retried on 5xx, 429 and connection resets with jittered exponential backoff or the
 * server's (capped) {@code Retry-After}; POST never is.
 */
class RetryTest {

    private static final String PROJECT_1 = "/api/projects/1/";
    private static final StubResponse UNAVAILABLE = StubResponse.json(503, "{\"detail\": \"Service Unavailable\"}");

    private StubLabelStudio stub;
    private LabelStudioClient client;

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        stub.close();
        assertThat(stub.errors()).as("problems of the stub server itself").isEmpty();
    }

    private LabelStudioClient client(RetrySettings retries) {
        client = clientFor(stub).retrySettings(retries).build();
        return client;
    }

    private static long millis(Duration duration) {
        return duration.toMillis();
    }

    @Test
    void getIsRetriedOn503WithJitteredExponentialBackoff() {
        client(new RetrySettings(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5)));
        stub.enqueue(UNAVAILABLE, UNAVAILABLE, StubResponse.json(200, projectJson(1)));

        Project project = client.projects().get(1);

        assertThat(project.id()).isEqualTo(1L);
        List<RecordedRequest> requests = stub.requests("GET", PROJECT_1);
        assertThat(requests).hasSize(3);
        // Equal jitter: retry n waits between half and all of initialDelay * 2^(n-1).
        assertThat(millis(requests.get(1).since(requests.get(0)))).isBetween(50L, 1_000L);
        assertThat(millis(requests.get(2).since(requests.get(1)))).isBetween(100L, 1_500L);
        // Every attempt is a complete request with the credentials.
        assertThat(requests)
                .allSatisfy(
                        r -> assertThat(r.header("Authorization")).isEqualTo("Token " + ClientTestSupport.LEGACY_KEY));
    }

    @Test
    void getIsRetriedOnAConnectionReset() {
        client(new RetrySettings(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5)));
        stub.enqueue(StubResponse.reset(), StubResponse.reset(), StubResponse.json(200, projectJson(1)));

        assertThat(client.projects().get(1).id()).isEqualTo(1L);

        List<RecordedRequest> requests = stub.requests("GET", PROJECT_1);
        assertThat(requests).hasSize(3);
        assertThat(millis(requests.get(1).since(requests.get(0)))).isBetween(50L, 1_000L);
        assertThat(millis(requests.get(2).since(requests.get(1)))).isBetween(100L, 1_500L);
    }

    @Test
    void exhausted503RetriesRaiseServerErrorAfterMaxRetriesPlusOneRequests() {
        client(new RetrySettings(2, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(1)));
        stub.when("GET", PROJECT_1, UNAVAILABLE);

        assertThatThrownBy(() -> client.projects().get(1)).isInstanceOfSatisfying(ServerErrorException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(503);
            assertThat(e.getMethod()).isEqualTo("GET");
            assertThat(e.getPath()).isEqualTo(PROJECT_1);
            assertThat(e.getMessage()).contains("GET /api/projects/1/", "503", "Service Unavailable");
        });
        assertThat(stub.requests("GET", PROJECT_1)).hasSize(3);
    }

    @Test
    void exhaustedResetRetriesRaiseConnectionException() {
        client(new RetrySettings(2, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(1)));
        stub.when("GET", PROJECT_1, StubResponse.reset());

        assertThatThrownBy(() -> client.projects().get(1))
                .isInstanceOfSatisfying(LabelStudioConnectionException.class, e -> {
                    assertThat(e.getMethod()).isEqualTo("GET");
                    assertThat(e.getPath()).isEqualTo(PROJECT_1);
                    assertThat(e.getMessage()).contains("GET /api/projects/1/", "Connection reset", stub.url());
                });
        assertThat(stub.requests("GET", PROJECT_1)).hasSize(3);
    }

    @Test
    void getWhoseAnswerBreaksOffIsRetried() {
        client(new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)));
        stub.enqueue(
                "GET",
                PROJECT_1,
                StubResponse.json(200, projectJson(1)).truncatedAfter(20),
                StubResponse.json(200, projectJson(1)).truncatedAfter(40),
                StubResponse.json(200, projectJson(1)));

        assertThat(client.projects().get(1).id()).isEqualTo(1);
        assertThat(stub.requests("GET", PROJECT_1)).hasSize(3);
    }

    @Test
    void answersThatKeepBreakingOffRaiseAfterMaxRetriesPlusOneRequests() {
        client(new RetrySettings(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)));
        stub.when("GET", PROJECT_1, StubResponse.json(200, projectJson(1)).truncatedAfter(20));

        assertThatThrownBy(() -> client.projects().get(1))
                .isInstanceOfSatisfying(
                        LabelStudioConnectionException.class,
                        e -> assertThat(e.getMessage())
                                .contains(
                                        "GET /api/projects/1/",
                                        "Premature end of Content-Length delimited message body"));
        assertThat(stub.requests("GET", PROJECT_1)).hasSize(3);
    }

    @Test
    void postWhoseAnswerBreaksOffIsNotRetried() {
        client(new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)));
        stub.when("POST", PROJECTS, StubResponse.json(201, projectJson(1)).truncatedAfter(20));

        assertThatThrownBy(() -> client.projects().create("Invoices", "<View/>"))
                .isInstanceOfSatisfying(
                        LabelStudioConnectionException.class,
                        e -> assertThat(e.getMessage())
                                .contains(
                                        "POST /api/projects/",
                                        "Premature end of Content-Length delimited message body"));
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void invalidJsonIsNotRetried() {
        client(new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)));
        stub.when("GET", PROJECT_1, StubResponse.json(200, "{\"id\": 1,"));

        assertThatThrownBy(() -> client.projects().get(1)).hasMessageContaining("not valid JSON");
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void noRetriesWhenDisabled() {
        client(RetrySettings.NONE);
        stub.when("GET", PROJECT_1, UNAVAILABLE);

        assertThatThrownBy(() -> client.projects().get(1)).isInstanceOf(ServerErrorException.class);
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void postIsNotRetriedOn503() {
        client(new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)));
        stub.when("POST", PROJECTS, UNAVAILABLE);

        assertThatThrownBy(() -> client.projects().create("Invoices", "<View/>"))
                .isInstanceOfSatisfying(ServerErrorException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(503);
                    assertThat(e.getMethod()).isEqualTo("POST");
                    assertThat(e.getPath()).isEqualTo(PROJECTS);
                });
        assertThat(stub.requests()).hasSize(1);
        assertThat(stub.requests().get(0).bodyAsString()).contains("\"title\":\"Invoices\"");
    }

    @Test
    void postIsNotRetriedOnAConnectionReset() {
        client(new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)));
        stub.when("POST", PROJECTS, StubResponse.reset());

        assertThatThrownBy(() -> client.projects().create("Invoices", "<View/>"))
                .isInstanceOfSatisfying(LabelStudioConnectionException.class, e -> {
                    assertThat(e.getMethod()).isEqualTo("POST");
                    assertThat(e.getPath()).isEqualTo(PROJECTS);
                    assertThat(e.getMessage()).contains("Connection reset");
                });
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void patchIsRetriedWithTheSameBody() {
        client(new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)));
        stub.enqueue(UNAVAILABLE, StubResponse.json(200, projectJson(1)));

        client.projects().update(1, Map.of("is_published", true));

        List<RecordedRequest> requests = stub.requests("PATCH", PROJECT_1);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).bodyAsString())
                .isEqualTo(requests.get(0).bodyAsString())
                .isEqualTo("{\"is_published\":true}");
        assertThat(requests.get(1).header("Content-Type")).startsWith("application/json");
    }

    @Test
    void retryAfterIsHonoured() {
        // A tiny backoff: only an honoured Retry-After makes the client wait a whole second.
        client(new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(3)));
        stub.enqueue(
                StubResponse.json(429, "{\"detail\": \"Request was throttled.\"}")
                        .withRetryAfter("1"),
                StubResponse.json(200, projectJson(1)));

        assertThat(client.projects().get(1).id()).isEqualTo(1L);

        List<RecordedRequest> requests = stub.requests();
        assertThat(requests).hasSize(2);
        assertThat(millis(requests.get(1).since(requests.get(0)))).isBetween(1_000L, 2_500L);
    }

    @Test
    void retryAfterInSecondsIsCappedAtMaxRetryAfter() {
        client(new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(200)));
        stub.enqueue(
                StubResponse.json(503, "{\"detail\": \"maintenance\"}").withRetryAfter("3600"),
                StubResponse.json(200, projectJson(1)));

        long start = System.nanoTime();
        assertThat(client.projects().get(1).id()).isEqualTo(1L);
        long elapsed = millis(Duration.ofNanos(System.nanoTime() - start));

        List<RecordedRequest> requests = stub.requests();
        assertThat(requests).hasSize(2);
        assertThat(millis(requests.get(1).since(requests.get(0)))).isBetween(200L, 2_000L);
        assertThat(elapsed).isLessThan(5_000L);
    }

    @Test
    void retryAfterAsHttpDateIsCappedAtMaxRetryAfter() {
        client(new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(200)));
        String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(java.time.ZoneOffset.UTC).plusHours(1));
        stub.enqueue(
                StubResponse.json(429, "{\"detail\": \"throttled\"}").withRetryAfter(inAnHour),
                StubResponse.json(200, projectJson(1)));

        assertThat(client.projects().get(1).id()).isEqualTo(1L);

        List<RecordedRequest> requests = stub.requests();
        assertThat(requests).hasSize(2);
        assertThat(millis(requests.get(1).since(requests.get(0)))).isBetween(200L, 2_000L);
    }

    @Test
    void clientErrorsAreNotRetried() {
        client(new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)));
        stub.when("GET", PROJECT_1, StubResponse.json(404, "{\"detail\": \"Not found.\"}"));
        stub.when("GET", "/api/projects/2/", StubResponse.json(501, "{\"detail\": \"Not implemented\"}"));

        assertThatThrownBy(() -> client.projects().get(1)).hasMessageContaining("404");
        assertThatThrownBy(() -> client.projects().get(2)).isInstanceOf(ServerErrorException.class);
        assertThat(stub.requests()).hasSize(2);
    }

    @Test
    void responseTimeoutIsNotRetried() {
        client = clientFor(stub)
                .retrySettings(
                        new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)))
                .responseTimeout(Duration.ofMillis(300))
                .build();
        stub.when("GET", PROJECT_1, StubResponse.json(200, projectJson(1)).withDelay(Duration.ofSeconds(2)));

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.projects().get(1))
                .isInstanceOfSatisfying(
                        LabelStudioConnectionException.class,
                        e -> assertThat(e.getMessage()).contains("GET /api/projects/1/", "Timeout"));

        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(300), Duration.ofMillis(1_900));
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void refusedConnectionIsRetriedThenReportedWithTheServer() {
        StubLabelStudio gone = StubLabelStudio.start();
        String url = gone.url();
        gone.close();
        client = clientFor(stub)
                .url(url)
                .retrySettings(
                        new RetrySettings(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)))
                .build();

        assertThatThrownBy(() -> client.projects().get(1))
                .isInstanceOfSatisfying(LabelStudioConnectionException.class, e -> {
                    assertThat(e.getMethod()).isEqualTo("GET");
                    assertThat(e.getMessage()).contains("GET /api/projects/1/", url);
                });
    }
}
