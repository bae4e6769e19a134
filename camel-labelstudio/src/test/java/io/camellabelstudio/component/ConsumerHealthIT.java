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

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.ConsumersHealthCheckRepository;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;
import io.camellabelstudio.it.TcpForwarder;

/**
 * Readiness of the polling consumers through Camel's health API, against a real Label Studio reached through a
 * forwarder the test takes down (the server is unreachable) and brings back (it recovers).
 */
@ExtendWith(LabelStudioServerExtension.class)
class ConsumerHealthIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private LabelStudioServer server;
    private LabelStudioClient client;
    private TcpForwarder forwarder;
    private CamelContext camel;
    private Project project;

    @BeforeEach
    void start(LabelStudioServer server) throws Exception {
        this.server = server;
        client = LabelStudioClient.builder()
                .url(server.url())
                .apiKey(server.legacyToken())
                .build();
        project = client.projects().create(Map.of("title", "Health", "label_config", LabelConfigs.TEXT_CLASSIFICATION));
        forwarder = new TcpForwarder(server.url());
        forwarder.start();
        camel = new DefaultCamelContext();
        HealthCheckRegistry registry = HealthCheckRegistry.get(camel);
        registry.register(new ConsumersHealthCheckRepository());
        registry.setExposureLevel("full"); // every check's result, not only the DOWN ones
        LabelStudioComponent component = new LabelStudioComponent();
        component.getConfiguration().setUrl(forwarder.url());
        component.getConfiguration().setApiKey(server.legacyToken());
        component.getConfiguration().setMaxRetries(0);
        camel.addComponent("labelstudio", component);
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        forwarder.close();
        client.projects().delete(project.id());
        client.close();
    }

    private void route(String id, String uri) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(id).to("log:health?level=DEBUG");
            }
        });
    }

    private Optional<HealthCheck.Result> readiness(String routeId) {
        return HealthCheckHelper.invokeReadiness(camel).stream()
                .filter(r -> r.getCheck().getId().equals("consumer:" + routeId))
                .findFirst();
    }

    private HealthCheck.Result awaitState(String routeId, HealthCheck.State state) {
        Optional<HealthCheck.Result> reached = Awaitility.await("readiness of " + routeId + " " + state)
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                // DOWN before the first poll has no error yet: wait for the poll's verdict
                .until(
                        () -> readiness(routeId),
                        result -> result.isPresent()
                                && result.get().getState() == state
                                && (state == HealthCheck.State.UP
                                        || result.get().getError().isPresent()));
        return reached.orElseThrow();
    }

    @Test
    void readinessIsDownWhileTheServerIsUnreachableAndUpWhenItIsBack() throws Exception {
        route("tasks", "labelstudio:tasks?projectId=" + project.id() + "&delay=200&initialDelay=0");
        route("exports", "labelstudio:exports?projectId=" + project.id() + "&delay=200&initialDelay=0");
        awaitState("tasks", HealthCheck.State.UP);
        awaitState("exports", HealthCheck.State.UP);

        forwarder.stop();
        for (String route : new String[] {"tasks", "exports"}) {
            HealthCheck.Result down = awaitState(route, HealthCheck.State.DOWN);
            assertThat(down.getError()).isPresent();
            assertThat(down.getError().get().getMessage())
                    .contains("could not poll Label Studio")
                    .contains(forwarder.url().substring("http://".length())); // the unreachable address
            System.out.printf(
                    "%s while unreachable: %s%n", route, down.getError().get().getMessage());
        }

        forwarder.start();
        awaitState("tasks", HealthCheck.State.UP);
        awaitState("exports", HealthCheck.State.UP);
    }

    @Test
    void readinessIsDownWithTheStatusCodeWhenTheServerRejectsTheKey() throws Exception {
        route(
                "badKey",
                "labelstudio:tasks?projectId=" + project.id() + "&delay=200&initialDelay=0&apiKey=not-a-valid-key");
        HealthCheck.Result down = awaitState("badKey", HealthCheck.State.DOWN);
        assertThat(down.getDetails()).containsEntry(HealthCheck.HTTP_RESPONSE_CODE, 401);
        assertThat(down.getError().get().getMessage()).contains("401").doesNotContain("not-a-valid-key");
    }
}
