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
package io.camellabelstudio.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.StubLabelStudio;
import io.camellabelstudio.client.StubResponse;
import io.camellabelstudio.client.error.LabelStudioConnectionException;
import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.client.http.RetrySettings;

/** The fault proxy in front of a stub server, with the real client: each fault, on a read and on a POST. */
class FaultProxyTest {

    private static final String PROJECT_1 = "/api/projects/1/";
    private static final String PROJECT_JSON = "{\"id\": 1, \"title\": \"Project 1\", \"label_config\": \"<View/>\","
            + " \"created_at\": \"2025-01-01T00:00:00Z\"}";

    private StubLabelStudio stub;
    private FaultProxy proxy;
    private LabelStudioClient client;

    @BeforeEach
    void start() throws IOException {
        stub = StubLabelStudio.start();
        stub.when("GET", PROJECT_1, StubResponse.json(200, PROJECT_JSON));
        stub.when("POST", "/api/projects/", StubResponse.json(201, PROJECT_JSON));
        proxy = new FaultProxy(stub.url(), FaultPlan.none(), Duration.ofMillis(1500));
        client = LabelStudioClient.builder()
                .url(proxy.url())
                .apiKey("0f3c5e1a9b7d2c4e6f8a0b1c3d5e7f9a1b2c3d4e")
                .responseTimeout(Duration.ofMillis(500))
                .retrySettings(
                        new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        proxy.close();
        stub.close();
        assertThat(proxy.errors()).as("problems of the proxy itself").isEmpty();
        assertThat(stub.errors()).as("problems of the stub server itself").isEmpty();
    }

    @Test
    void relaysRequestsOfAKeepAliveConnectionOneByOne() {
        for (int i = 0; i < 5; i++) {
            assertThat(client.projects().get(1).title()).isEqualTo("Project 1");
        }
        assertThat(client.projects().create("Project 1", "<View/>").id()).isEqualTo(1);

        assertThat(stub.requests("GET", PROJECT_1)).hasSize(5);
        assertThat(stub.requests("POST", "/api/projects/").get(0).bodyAsString())
                .contains("\"title\"");
        assertThat(proxy.counts()).containsEntry(Fault.NONE, 6);
        assertThat(proxy.faults()).isZero();
    }

    @Test
    void lostResponseOfAReadIsRetriedAndOfAPostRaisesAfterTheServerCommitted() {
        proxy.plan(FaultPlan.script(Fault.LOST_RESPONSE));
        assertThat(client.projects().get(1).id()).isEqualTo(1);
        assertThat(stub.requests("GET", PROJECT_1)).hasSize(2);

        proxy.plan(FaultPlan.script(Fault.LOST_RESPONSE));
        assertThatThrownBy(() -> client.projects().create("Project 1", "<View/>"))
                .isInstanceOf(LabelStudioConnectionException.class)
                .hasMessageContaining("POST /api/projects/")
                .hasMessageContaining("NoHttpResponseException");
        assertThat(stub.requests("POST", "/api/projects/"))
                .as("committed once, not retried")
                .hasSize(1);
        assertThat(proxy.counts()).containsEntry(Fault.LOST_RESPONSE, 2);
    }

    @Test
    void resetBeforeForwardingIsRetriedOnAReadAndRaisesOnAPost() {
        proxy.plan(FaultPlan.script(Fault.RESET, Fault.RESET));
        assertThat(client.projects().get(1).id()).isEqualTo(1);
        assertThat(stub.requests("GET", PROJECT_1)).hasSize(1);

        proxy.plan(FaultPlan.script(Fault.RESET));
        assertThatThrownBy(() -> client.projects().create("Project 1", "<View/>"))
                .isInstanceOf(LabelStudioConnectionException.class)
                .hasMessageContaining("POST /api/projects/");
        assertThat(stub.requests("POST", "/api/projects/"))
                .as("never reached the server")
                .isEmpty();
        assertThat(proxy.counts()).containsEntry(Fault.RESET, 3);
    }

    @Test
    void gatewayBurstIsRetriedOnAReadAndRaisesOnAPost() {
        proxy.plan(FaultPlan.script(Fault.BAD_GATEWAY).withBursts(3));
        assertThat(client.projects().get(1).id()).isEqualTo(1);
        assertThat(stub.requests("GET", PROJECT_1)).hasSize(1);
        assertThat(proxy.counts()).containsEntry(Fault.BAD_GATEWAY, 3);

        proxy.plan(FaultPlan.script(Fault.SERVICE_UNAVAILABLE));
        assertThatThrownBy(() -> client.projects().create("Project 1", "<View/>"))
                .isInstanceOfSatisfying(ServerErrorException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(503);
                    assertThat(e.getDetail()).contains("503 Service Unavailable");
                });
        assertThat(stub.requests("POST", "/api/projects/")).isEmpty();

        proxy.plan(FaultPlan.script(Fault.GATEWAY_TIMEOUT).withBursts(4));
        assertThatThrownBy(() -> client.projects().get(1))
                .as("a burst longer than the retries")
                .isInstanceOfSatisfying(
                        ServerErrorException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(504));
    }

    @Test
    void slowResponseTimesOutWithoutARetry() {
        proxy.plan(FaultPlan.script(Fault.SLOW_RESPONSE));
        assertThatThrownBy(() -> client.projects().get(1))
                .isInstanceOf(LabelStudioConnectionException.class)
                .hasMessageContaining("GET /api/projects/1/")
                .hasMessageContaining("Timeout");
        assertThat(stub.requests("GET", PROJECT_1)).hasSize(1);
        assertThat(client.projects().get(1).id()).as("the next request is fine").isEqualTo(1);
    }

    @Test
    void truncatedBodyIsRetriedOnAReadAndRaisesOnAPost() {
        proxy.plan(FaultPlan.script(Fault.TRUNCATED_BODY));
        assertThat(client.projects().get(1).id()).isEqualTo(1);
        assertThat(stub.requests("GET", PROJECT_1)).hasSize(2);

        proxy.plan(FaultPlan.script(Fault.TRUNCATED_BODY));
        assertThatThrownBy(() -> client.projects().create("Project 1", "<View/>"))
                .isInstanceOf(LabelStudioConnectionException.class)
                .hasMessageContaining("POST /api/projects/")
                .hasMessageContaining("Premature end of Content-Length delimited message body");
        assertThat(stub.requests("POST", "/api/projects/"))
                .as("committed once, not retried")
                .hasSize(1);
        assertThat(proxy.counts()).containsEntry(Fault.TRUNCATED_BODY, 2);
    }

    @Test
    void plansChooseByNumberSeedAndScript() {
        List<Fault> cycle = new ArrayList<>();
        FaultPlan everyThird = FaultPlan.everyNth(3, Fault.RESET, Fault.BAD_GATEWAY);
        for (int n = 1; n <= 9; n++) {
            cycle.add(everyThird.next(n, "GET", "/"));
        }
        assertThat(cycle)
                .containsExactly(
                        Fault.NONE,
                        Fault.NONE,
                        Fault.RESET,
                        Fault.NONE,
                        Fault.NONE,
                        Fault.BAD_GATEWAY,
                        Fault.NONE,
                        Fault.NONE,
                        Fault.RESET);

        FaultPlan bursts =
                FaultPlan.script(Fault.SERVICE_UNAVAILABLE, Fault.RESET).withBursts(3);
        assertThat(List.of(
                        bursts.next(1, "GET", "/"),
                        bursts.next(2, "GET", "/"),
                        bursts.next(3, "GET", "/"),
                        bursts.next(4, "GET", "/"),
                        bursts.next(5, "GET", "/")))
                .containsExactly(
                        Fault.SERVICE_UNAVAILABLE,
                        Fault.SERVICE_UNAVAILABLE,
                        Fault.SERVICE_UNAVAILABLE,
                        Fault.RESET,
                        Fault.NONE);

        FaultPlan onlyPosts = FaultPlan.everyNth(1, Fault.RESET).onlyFor("POST", "/api/projects/");
        assertThat(onlyPosts.next(1, "GET", "/api/projects/")).isEqualTo(Fault.NONE);
        assertThat(onlyPosts.next(2, "POST", "/api/projects/1/import")).isEqualTo(Fault.RESET);

        FaultPlan secondPostOrThirdGet = FaultPlan.everyNth(2, Fault.RESET)
                .onlyFor("POST", "/")
                .orElse(FaultPlan.everyNth(3, Fault.BAD_GATEWAY).onlyFor("GET", "/"));
        List<Fault> mixed = new ArrayList<>();
        for (String method : List.of("GET", "POST", "GET", "POST", "GET", "POST", "POST")) {
            mixed.add(secondPostOrThirdGet.next(0, method, "/api/"));
        }
        assertThat(mixed)
                .containsExactly(
                        Fault.NONE, Fault.NONE, Fault.NONE, Fault.RESET, Fault.BAD_GATEWAY, Fault.NONE, Fault.RESET);

        FaultPlan a = FaultPlan.random(7, 0.3, Fault.injected());
        FaultPlan b = FaultPlan.random(7, 0.3, Fault.injected());
        for (int n = 1; n <= 50; n++) {
            assertThat(a.next(n, "GET", "/")).isEqualTo(b.next(n, "GET", "/"));
        }
    }
}
