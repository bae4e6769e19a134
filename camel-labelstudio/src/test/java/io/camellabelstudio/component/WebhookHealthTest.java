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
package io.camellabelstudio.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.StubLabelStudio;
import io.camellabelstudio.client.StubResponse;
import io.camellabelstudio.component.consumer.LabelStudioWebhookConsumer;

/** Readiness of the webhooks consumer through Camel's health API while its server goes away and comes back. */
class WebhookHealthTest extends WebhookConsumerTestSupport {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private HealthCheck.Result readiness() {
        HealthCheckRegistry registry = HealthCheckRegistry.get(camel);
        if (registry.getRepository("consumers").isEmpty()) {
            registry.register(registry.resolveById("consumers")); // as camel.health.consumersEnabled does in Main
        }
        return HealthCheckHelper.invokeReadiness(camel).stream()
                .filter(r -> r.getCheck().getId().equals("consumer:hooks"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no readiness result for the consumer in "
                        + HealthCheckHelper.invokeReadiness(camel).stream()
                                .map(r -> r.getCheck().getId())
                                .toList()));
    }

    private static String describe(HealthCheck.Result result) {
        return result.getState() + " " + result.getMessage().orElse("") + " "
                + result.getError().map(Throwable::toString).orElse("") + " " + result.getDetails();
    }

    @Test
    void downWhileTheServerIsStoppedNamingTheCauseAndUpAfterItsRestartWithTheWebhookRegisteredAgain() throws Exception {
        int port = stub.port();
        startRoute("projectId=5&webhookSecret=" + SECRET + "&webhookUrl=" + hookUrl("/hook"));
        assertThat(readiness().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(readiness().getDetails()).containsEntry("webhook.id", 7L);

        stub.close(); // the server is stopped: connections are refused
        HealthCheck.Result down = readiness();
        assertThat(down.getState()).as(describe(down)).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage())
                .get()
                .asString()
                .contains("labelstudio:webhooks consumer", "GET /api/webhooks/7/");
        assertThat(down.getError()).isPresent();

        // restarted with a fresh database: the webhook is gone and is registered again
        stub = StubLabelStudio.start(port);
        webhooks = StubWebhooks.on(stub, 20);
        HealthCheck.Result up = readiness();
        assertThat(up.getState()).as(describe(up)).isEqualTo(HealthCheck.State.UP);
        assertThat(up.getDetails()).containsEntry("webhook.id", 20L);
        assertThat(webhooks.all()).singleElement().satisfies(w -> {
            assertThat(w.get("url")).isEqualTo(hookUrl("/hook"));
            assertThat(w.get("headers")).isEqualTo(Map.of(SECRET_HEADER, SECRET));
        });
        assertThat(post("/hook", "{\"action\": \"TASKS_CREATED\"}", Map.of(SECRET_HEADER, SECRET))
                        .statusCode())
                .isEqualTo(200);
        assertThat(received)
                .singleElement()
                .satisfies(e -> assertThat(e.getIn().getHeader(LabelStudioConstants.WEBHOOK_ID))
                        .isEqualTo(20L));
    }

    @Test
    void downWithTheStatusCodeWhenTheServerRejectsTheKey() throws Exception {
        startRoute("projectId=5&webhookSecret=" + SECRET + "&webhookUrl=" + hookUrl("/hook"));
        stub.enqueue("GET", "/api/webhooks/7/", StubResponse.json(401, "{\"detail\": \"Invalid token.\"}"));

        HealthCheck.Result down = readiness();
        assertThat(down.getState()).as(describe(down)).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getDetails()).containsEntry(HealthCheck.HTTP_RESPONSE_CODE, 401);
        assertThat(down.getMessage()).get().asString().contains("401", "Invalid token.");
        assertThat(describe(down)).doesNotContain(KEY).doesNotContain(SECRET);

        assertThat(readiness().getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void startsWhileTheServerIsDownAndRegistersOnceItIsUp() throws Exception {
        int port = stub.port();
        stub.close();
        startRoute("projectId=5&webhookSecret=" + SECRET + "&webhookUrl=" + hookUrl("/hook"));
        assertThat(camel.getRouteController().getRouteStatus("hooks").isStarted())
                .isTrue();
        assertThat(readiness().getState()).isEqualTo(HealthCheck.State.DOWN);

        stub = StubLabelStudio.start(port);
        webhooks = StubWebhooks.on(stub, 7);
        assertThat(readiness().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(webhooks.all()).hasSize(1);
    }

    @Test
    void theConsumersOwnCheckWarnsOnceWhenTheServerGoesAwayAndRegistersTheWebhookAgainWhenItIsBack() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("labelstudio:webhooks?projectId=5&webhookSecret=" + SECRET + "&webhookUrl=" + hookUrl("/hook"))
                        .routeId("hooks")
                        .autoStartup(false)
                        .process(e -> received.add(e.copy()));
            }
        });
        camel.start();
        LabelStudioWebhookConsumer consumer =
                (LabelStudioWebhookConsumer) camel.getRoute("hooks").getConsumer();
        consumer.setRecheckInterval(Duration.ofMillis(100));
        int port = stub.port();

        try (LogCapture logs = LogCapture.capture(Level.INFO)) {
            camel.getRouteController().startRoute("hooks");
            webhooks.remove(7); // deleted by someone: registered again without any health check being called
            await().atMost(PATIENCE).until(() -> webhooks.all().size() == 1);
            assertThat(consumer.getWebhookId()).isEqualTo(8L);

            stub.close();
            await().atMost(PATIENCE)
                    .until(() -> logs.lines().stream().anyMatch(l -> l.contains("does not answer the webhook check")));
            // LogCapture records an io.camellabelstudio event once per logger config that has its appender (root and
            // io.camellabelstudio): compare with an event logged once
            long once = logs.lines().stream()
                    .filter(l -> l.contains("Registered webhook 7 "))
                    .count();
            assertThat(once).isPositive();
            // several more failed checks (one every 100 ms) while the server stays down log nothing more
            await("the outage logged once")
                    .during(Duration.ofMillis(500))
                    .atMost(PATIENCE)
                    .until(() -> logs.lines().stream()
                                    .filter(l -> l.contains("does not answer"))
                                    .count()
                            == once);

            stub = StubLabelStudio.start(port);
            webhooks = StubWebhooks.on(stub, 30);
            await().atMost(PATIENCE).until(() -> logs.lines().stream().anyMatch(l -> l.contains("answers again")));
            assertThat(webhooks.all())
                    .singleElement()
                    .satisfies(w -> assertThat(w.get("id")).isEqualTo(30L));
            assertThat(logs.lines()).noneMatch(l -> l.contains(SECRET) || l.contains(KEY));
        }
    }
}
