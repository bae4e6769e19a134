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
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.RecordedRequest;
import io.camellabelstudio.component.consumer.LabelStudioWebhookConsumer;

/**
 * {@code sharedWebhook=true}: several nodes serve one webhookUrl. The nodes here are CamelContexts with platform-http
 * servers of their own, against one stub Label Studio; WebhooksSeveralNodesIT runs two behind a real load balancer.
 */
class SharedWebhookConsumerTest extends WebhookConsumerTestSupport {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private static final String OTHER_SECRET = "a-secret-of-another-configuration-987";

    private final List<CamelContext> otherNodes = new ArrayList<>();
    private int otherPort;

    @AfterEach
    void stopOtherNodes() {
        otherNodes.forEach(CamelContext::stop);
    }

    private String shared(String events) {
        return "projectId=5&sharedWebhook=true&webhookSecret=" + SECRET + "&webhookUrl=" + hookUrl("/hook")
                + (events == null ? "" : "&events=" + events);
    }

    /** A second node: a CamelContext with a platform-http server of its own and the same route. */
    private CamelContext startOtherNode(String options) throws Exception {
        CamelContext node = new DefaultCamelContext();
        node.addComponent("labelstudio", component(stub.url()));
        VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
        server.setBindHost("127.0.0.1");
        otherPort = freePort();
        server.setBindPort(otherPort);
        node.addService(new VertxPlatformHttpServer(server));
        node.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("labelstudio:webhooks?" + options).routeId("hooks").process(e -> received.add(e.copy()));
            }
        });
        otherNodes.add(node);
        node.start();
        return node;
    }

    private List<String> changes() {
        return stub.requests(r -> !r.method().equals("GET")).stream()
                .map(RecordedRequest::toString)
                .toList();
    }

    private static String messages(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    private HealthCheck.Result readiness() {
        HealthCheckRegistry registry = HealthCheckRegistry.get(camel);
        if (registry.getRepository("consumers").isEmpty()) {
            registry.register(registry.resolveById("consumers"));
        }
        return HealthCheckHelper.invokeReadiness(camel).stream()
                .filter(r -> r.getCheck().getId().equals("consumer:hooks"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aSecondNodeUsesTheWebhookAsItIsAndNoNodeDeletesItAtStop() throws Exception {
        try (LogCapture logs = LogCapture.capture(Level.INFO)) {
            startRoute(shared("ANNOTATION_CREATED,TASKS_CREATED"));
            assertThat(changes()).containsExactly("POST /api/webhooks/");

            CamelContext other = startOtherNode(shared("TASKS_CREATED,ANNOTATION_CREATED"));
            assertThat(changes())
                    .as("same url, secret and events: nothing to change")
                    .containsExactly("POST /api/webhooks/");
            assertThat(((LabelStudioWebhookConsumer) other.getRoute("hooks").getConsumer()).getWebhookId())
                    .isEqualTo(7L);

            other.stop();
            assertThat(webhooks.all()).as("the first node still serves it").hasSize(1);
            camel.stop();
            assertThat(webhooks.all())
                    .as("left for the nodes that may still serve it")
                    .singleElement()
                    .satisfies(w -> {
                        assertThat(w.get("id")).isEqualTo(7L);
                        assertThat(w.get("headers")).isEqualTo(Map.of(SECRET_HEADER, SECRET));
                    });
            assertThat(changes()).containsExactly("POST /api/webhooks/");
            assertThat(logs.lines()).anyMatch(l -> l.contains("Left webhook 7 of project 5"));
            assertThat(logs.lines()).noneMatch(l -> l.contains(SECRET) || l.contains(KEY));
        }
    }

    @Test
    void deliveriesWithTheSharedSecretAreAcceptedByEveryNode() throws Exception {
        startRoute(shared(null));
        startOtherNode(shared(null));

        String event = "{\"action\": \"TASKS_CREATED\", \"tasks\": [{\"id\": 40}], \"project\": {\"id\": 5}}";
        assertThat(post("/hook", event, Map.of(SECRET_HEADER, SECRET)).statusCode())
                .isEqualTo(200);
        // the other node's server: the same path on its own port
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + otherPort + "/hook"))
                                .header(SECRET_HEADER, SECRET)
                                .POST(HttpRequest.BodyPublishers.ofString(event))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(received)
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.getIn().getHeader(LabelStudioConstants.WEBHOOK_ID))
                        .isEqualTo(7L));
    }

    @Test
    void aNodeWithAnotherSecretFailsToStartNamingTheDifferenceAndLeavesTheWebhookAlone() throws Exception {
        long theirs = webhooks.add(5, hookUrl("/hook"), Map.of(SECRET_HEADER, OTHER_SECRET));

        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("labelstudio:webhooks?" + shared(null)).routeId("hooks").to("log:never");
            }
        });
        Throwable failure = catchThrowable(camel::start);

        assertThat(failure).isNotNull();
        assertThat(messages(failure))
                .contains(
                        "Webhook " + theirs + " of project 5 posts to " + hookUrl("/hook"),
                        "another X-LabelStudio-Webhook-Secret (webhookSecret)",
                        "same webhookSecret and events",
                        "operation=delete&webhookId=" + theirs)
                .doesNotContain("other events")
                .doesNotContain(SECRET)
                .doesNotContain(OTHER_SECRET);
        assertThat(changes()).as("neither changed nor deleted").isEmpty();
        assertThat(webhooks.all())
                .singleElement()
                .satisfies(w -> assertThat(w.get("headers")).isEqualTo(Map.of(SECRET_HEADER, OTHER_SECRET)));
    }

    @Test
    void otherEventsAreAConflictToo() throws Exception {
        long theirs = webhooks.add(5, hookUrl("/hook"), Map.of(SECRET_HEADER, SECRET));
        webhooks.change(theirs, Map.of("send_for_all_actions", false, "actions", List.of("ANNOTATION_CREATED")));

        assertStartFails(
                camel,
                "labelstudio:webhooks?" + shared("TASKS_CREATED"),
                "Webhook " + theirs + " of project 5",
                "other events ([ANNOTATION_CREATED] instead of [TASKS_CREATED])");
        assertThat(changes()).isEmpty();
    }

    @Test
    void sharedWithoutASecretFailsNamingBothOptions() throws Exception {
        assertStartFails(
                camel,
                "labelstudio:webhooks?projectId=5&sharedWebhook=true&webhookUrl=" + hookUrl("/hook"),
                "sharedWebhook=true needs the webhookSecret option");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void duplicatesWithTheSameSettingsAreSettledToTheLowestIdWhateverTheListOrder() throws Exception {
        long newer = webhooks.add(9, 5, hookUrl("/hook"), Map.of(SECRET_HEADER, SECRET));
        long older = webhooks.add(3, 5, hookUrl("/hook"), Map.of(SECRET_HEADER, SECRET));

        startRoute(shared(null));

        assertThat(changes()).containsExactly("DELETE /api/webhooks/" + newer + "/");
        assertThat(((LabelStudioWebhookConsumer) camel.getRoute("hooks").getConsumer()).getWebhookId())
                .isEqualTo(older);
    }

    @Test
    void aNodeThatCreatedAtTheSameMomentAsAnotherDeletesItsOwnWhenTheOtherIsOlder() throws Exception {
        // the other node's webhook got the lower id but became visible only after this node listed
        webhooks.afterCreate(() -> webhooks.add(3, 5, hookUrl("/hook"), Map.of(SECRET_HEADER, SECRET)));

        startRoute(shared(null));

        assertThat(changes()).containsExactly("POST /api/webhooks/", "DELETE /api/webhooks/7/");
        assertThat(webhooks.all())
                .singleElement()
                .satisfies(w -> assertThat(w.get("id")).isEqualTo(3L));
        assertThat(((LabelStudioWebhookConsumer) camel.getRoute("hooks").getConsumer()).getWebhookId())
                .isEqualTo(3L);
    }

    @Test
    void aConcurrentRegistrationWithOtherSettingsFailsTheStartAndRemovesWhatThisNodeCreated() throws Exception {
        webhooks.afterCreate(() -> webhooks.add(3, 5, hookUrl("/hook"), Map.of(SECRET_HEADER, OTHER_SECRET)));

        assertStartFails(camel, "labelstudio:webhooks?" + shared(null), "Webhook 3 of project 5", "another");
        assertThat(changes()).containsExactly("POST /api/webhooks/", "DELETE /api/webhooks/7/");
        assertThat(webhooks.all())
                .singleElement()
                .satisfies(w -> assertThat(w.get("id")).isEqualTo(3L));
    }

    @Test
    void aWebhookChangedOnTheServerToAnotherSecretIsNotRestoredButReportedDown() throws Exception {
        startRoute(shared(null));
        assertThat(readiness().getState()).isEqualTo(HealthCheck.State.UP);

        webhooks.change(7, Map.of("headers", Map.of(SECRET_HEADER, OTHER_SECRET)));
        HealthCheck.Result down = readiness();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage())
                .get()
                .asString()
                .contains("labelstudio:webhooks consumer", "Webhook 7 of project 5", "another")
                .doesNotContain(SECRET)
                .doesNotContain(OTHER_SECRET);
        assertThat(changes()).containsExactly("POST /api/webhooks/");

        webhooks.change(7, Map.of("headers", Map.of(SECRET_HEADER, SECRET)));
        assertThat(readiness().getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void aDeactivatedOrDeletedWebhookIsActivatedOrRegisteredAgainByTheCheck() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("labelstudio:webhooks?" + shared(null))
                        .routeId("hooks")
                        .autoStartup(false)
                        .to("log:x");
            }
        });
        camel.start();
        LabelStudioWebhookConsumer consumer =
                (LabelStudioWebhookConsumer) camel.getRoute("hooks").getConsumer();
        consumer.setRecheckInterval(Duration.ofMillis(100));
        camel.getRouteController().startRoute("hooks");

        webhooks.change(7, Map.of("is_active", false));
        await().atMost(PATIENCE)
                .until(() -> Boolean.TRUE.equals(webhooks.all().get(0).get("is_active")));
        assertThat(changes()).containsExactly("POST /api/webhooks/", "PATCH /api/webhooks/7/");

        webhooks.remove(7);
        await().atMost(PATIENCE).until(() -> webhooks.all().size() == 1);
        assertThat(consumer.getWebhookId()).isEqualTo(8L);
    }
}
