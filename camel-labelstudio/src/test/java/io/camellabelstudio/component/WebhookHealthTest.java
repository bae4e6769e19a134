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

import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.StubLabelStudio;
import io.camellabelstudio.client.StubResponse;

/** Readiness of the webhooks consumer through Camel's health API while its server goes away and comes back. */
class WebhookHealthTest extends WebhookConsumerTestSupport {

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
}
