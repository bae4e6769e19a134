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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.model.Annotation;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.Webhook;
import io.camellabelstudio.it.DevelopmentSmoke;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;
import io.camellabelstudio.it.TcpForwarder;

/**
 * labelstudio:webhooks on a real server: the consumer's webhook exists while its route runs and is gone after stop,
 * real events arrive with ids in headers, requests without the secret get 401, a leftover webhook is reused, the
 * readiness check reports a rejected key; and the producer's operations.
 */
@DevelopmentSmoke
class WebhooksIT extends LabelStudioIT {

    private static final String SECRET_HEADER = "X-LabelStudio-Webhook-Secret";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Exchange> received = new CopyOnWriteArrayList<>();
    private final List<String> routes = new CopyOnWriteArrayList<>();
    private int port;

    @BeforeAll
    void serveHttp() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
        server.setBindHost("127.0.0.1");
        server.setBindPort(port);
        ls.camel().addService(new VertxPlatformHttpServer(server));
        HealthCheckRegistry registry = HealthCheckRegistry.get(ls.camel());
        registry.register(registry.resolveById("consumers"));
    }

    @AfterEach
    void removeRoutes() throws Exception {
        ls.removeRoutes(routes);
        received.clear();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void startRoute(String id, String uri) throws Exception {
        ls.camel().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(id).process(e -> received.add(e.copy()));
            }
        });
        routes.add(id);
    }

    private Exchange awaitExchange(Predicate<Exchange> match) {
        return await("a matching exchange")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> received.stream().filter(match).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private static Predicate<Exchange> event(String type) {
        return e -> type.equals(e.getIn().getHeader(LabelStudioConstants.EVENT_TYPE));
    }

    private List<Long> importTasks(Project project, int count) {
        List<Map<String, Object>> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(Map.of("text", "webhook task " + i));
        }
        return ls.client()
                .tasks()
                .importTasks(project.id(), tasks, ImportOptions.defaults())
                .taskIds();
    }

    private Annotation annotate(long taskId) {
        return ls.annotate(taskId, "Positive");
    }

    private HttpResponse<String> post(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\": \"ANNOTATION_CREATED\"}"));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HealthCheck.Result readiness(String routeId) {
        return HealthCheckHelper.invokeReadiness(ls.camel()).stream()
                .filter(r -> r.getCheck().getId().equals("consumer:" + routeId))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theWebhookExistsWhileTheRouteRunsDeliversRealEventsAndIsGoneAfterStop() throws Exception {
        Project project = ls.project("Webhooks", LabelConfigs.TEXT_CLASSIFICATION);
        startRoute(
                "hooks-events",
                "labelstudio:webhooks?projectId=" + project.id() + "&events=ANNOTATION_CREATED,TASKS_CREATED"
                        + "&webhookUrl=" + url("/it/events"));

        List<Webhook> registered = ls.client().webhooks().list(project.id());
        assertThat(registered).singleElement().satisfies(w -> {
            assertThat(w.url()).isEqualTo(url("/it/events"));
            assertThat(w.active()).isTrue();
            assertThat(w.sendForAllActions()).isFalse();
            assertThat(w.actions()).containsExactlyInAnyOrder("ANNOTATION_CREATED", "TASKS_CREATED");
            assertThat(w.headers()).containsOnlyKeys(SECRET_HEADER);
        });
        assertThat(readiness("hooks-events").getState()).isEqualTo(HealthCheck.State.UP);

        List<Long> taskIds = importTasks(project, 2);
        Exchange tasksCreated = awaitExchange(event("TASKS_CREATED"));
        assertThat(tasksCreated.getIn().getHeader(LabelStudioConstants.TASK_IDS))
                .isEqualTo(taskIds);
        assertThat(tasksCreated.getIn().getHeader(LabelStudioConstants.PROJECT_ID))
                .isEqualTo(project.id());

        Annotation annotation = annotate(taskIds.get(0));
        Exchange created = awaitExchange(event("ANNOTATION_CREATED"));
        assertThat(created.getIn().getHeader(LabelStudioConstants.ANNOTATION_ID))
                .isEqualTo(annotation.id());
        assertThat(created.getIn().getHeader(LabelStudioConstants.TASK_ID)).isEqualTo(taskIds.get(0));
        assertThat(created.getIn().getHeader(LabelStudioConstants.PROJECT_ID)).isEqualTo(project.id());
        assertThat(created.getIn().getHeader(LabelStudioConstants.WEBHOOK_ID))
                .isEqualTo(registered.get(0).id());
        Map<?, ?> body = created.getIn().getBody(Map.class);
        assertThat(((Map<?, ?>) body.get("annotation")).get("id")).isEqualTo(annotation.id());
        assertThat(((Map<?, ?>) body.get("task")).get("data")).isEqualTo(Map.of("text", "webhook task 0"));
        assertThat(received)
                .extracting(e -> e.getIn().getHeader(LabelStudioConstants.EVENT_TYPE))
                .as("only the events asked for")
                .containsExactly("TASKS_CREATED", "ANNOTATION_CREATED");

        ls.camel().getRouteController().stopRoute("hooks-events");
        assertThat(ls.client().webhooks().list(project.id())).isEmpty();
    }

    @Test
    void aPostWithoutTheSecretGets401AndNoExchange() throws Exception {
        Project project = ls.project("Webhooks secret", LabelConfigs.TEXT_CLASSIFICATION);
        startRoute(
                "hooks-secret",
                "labelstudio:webhooks?projectId=" + project.id() + "&webhookSecret=RAW(it-secret-0123456789)"
                        + "&webhookUrl=" + url("/it/secret"));

        assertThat(post("/it/secret", Map.of()).statusCode()).isEqualTo(401);
        assertThat(post("/it/secret", Map.of(SECRET_HEADER, "it-secret-012345678"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(received).isEmpty();
        assertThat(ls.client().webhooks().list(project.id()).get(0).headers())
                .containsEntry(SECRET_HEADER, "it-secret-0123456789");

        annotate(importTasks(project, 1).get(0));
        awaitExchange(event("ANNOTATION_CREATED"));
        assertThat(post("/it/secret", Map.of(SECRET_HEADER, "it-secret-0123456789"))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aRestartAfterAKillReusesTheLeftoverWebhookInsteadOfAddingASecondOne() throws Exception {
        Project project = ls.project("Webhooks restart", LabelConfigs.TEXT_CLASSIFICATION);
        // what a killed run leaves behind: its webhook, with its (now unknown) secret
        Webhook leftover = ls.client()
                .webhooks()
                .create(
                        project.id(),
                        Map.of(
                                "url", url("/it/restart"),
                                "headers", Map.of(SECRET_HEADER, "secret-of-the-killed-run")));

        startRoute(
                "hooks-restart",
                "labelstudio:webhooks?projectId=" + project.id() + "&events=ANNOTATION_CREATED&webhookUrl="
                        + url("/it/restart"));

        List<Webhook> webhooks = ls.client().webhooks().list(project.id());
        assertThat(webhooks).singleElement().satisfies(w -> {
            assertThat(w.id()).isEqualTo(leftover.id());
            assertThat(w.actions()).containsExactly("ANNOTATION_CREATED");
            assertThat(w.headers().get(SECRET_HEADER)).isNotEqualTo("secret-of-the-killed-run");
        });
        assertThat(post("/it/restart", Map.of(SECRET_HEADER, "secret-of-the-killed-run"))
                        .statusCode())
                .isEqualTo(401);
        annotate(importTasks(project, 1).get(0));
        assertThat(awaitExchange(event("ANNOTATION_CREATED")).getIn().getHeader(LabelStudioConstants.WEBHOOK_ID))
                .isEqualTo(leftover.id());

        ls.camel().getRouteController().stopRoute("hooks-restart");
        ls.camel().getRouteController().startRoute("hooks-restart");
        assertThat(ls.client().webhooks().list(project.id())).hasSize(1);
        ls.camel().getRouteController().stopRoute("hooks-restart");
        assertThat(ls.client().webhooks().list(project.id())).isEmpty();
    }

    @Test
    void aRouteSlowerThanLabelStudiosTimeoutStillGetsTheEventWhileTheApiCallReturnsAfterTheTimeout() throws Exception {
        Project project = ls.project("Webhooks slow", LabelConfigs.TEXT_CLASSIFICATION);
        List<Long> taskIds = importTasks(project, 1);
        ls.camel().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("labelstudio:webhooks?projectId=" + project.id() + "&events=ANNOTATION_CREATED&webhookUrl="
                                + url("/it/slow"))
                        .routeId("hooks-slow")
                        .delay(3000)
                        .process(e -> received.add(e.copy()));
            }
        });
        routes.add("hooks-slow");

        long start = System.nanoTime();
        annotate(taskIds.get(0));
        Duration call = Duration.ofNanos(System.nanoTime() - start);

        // Label Studio gives up after its 1 s timeout (and logs it); the delivery itself goes on
        assertThat(call).isLessThan(Duration.ofMillis(2500));
        assertThat(awaitExchange(event("ANNOTATION_CREATED"))).isNotNull();
    }

    @Test
    void readinessIsDownWithTheStatusCodeWhenTheServerRejectsTheKey() throws Exception {
        Project project = ls.project("Webhooks health", LabelConfigs.TEXT_CLASSIFICATION);
        startRoute(
                "hooks-bad-key",
                "labelstudio:webhooks?projectId=" + project.id() + "&webhookUrl=" + url("/it/bad-key")
                        + "&apiKey=RAW(0000000000000000000000000000000000000000)&maxRetries=0");

        HealthCheck.Result down = readiness("hooks-bad-key");
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getDetails()).containsEntry(HealthCheck.HTTP_RESPONSE_CODE, 401);
        assertThat(down.getMessage()).get().asString().contains("401");
        assertThat(ls.client().webhooks().list(project.id())).isEmpty();
    }

    @Test
    void readinessIsDownNamingTheCauseWhileTheServerIsUnreachableAndUpWhenItIsBack() throws Exception {
        Project project = ls.project("Webhooks down", LabelConfigs.TEXT_CLASSIFICATION);
        String server = ls.camel()
                .getComponent("labelstudio", LabelStudioComponent.class)
                .getConfiguration()
                .getUrl();
        try (TcpForwarder forwarder = new TcpForwarder(server)) {
            forwarder.start();
            startRoute(
                    "hooks-down",
                    "labelstudio:webhooks?projectId=" + project.id() + "&webhookUrl=" + url("/it/down") + "&url="
                            + forwarder.url() + "&maxRetries=0&connectTimeout=2000");
            assertThat(readiness("hooks-down").getState()).isEqualTo(HealthCheck.State.UP);
            long webhookId = ls.client().webhooks().list(project.id()).get(0).id();

            forwarder.stop(); // the server is stopped, as far as the route can tell
            // the first check may still use a pooled connection, which the stop cut ("failed to respond")
            assertThat(readiness("hooks-down").getState()).isEqualTo(HealthCheck.State.DOWN);
            HealthCheck.Result down = readiness("hooks-down");
            assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(down.getMessage())
                    .get()
                    .asString()
                    .contains("GET /api/webhooks/" + webhookId + "/")
                    .containsIgnoringCase("refused");
            assertThat(down.getError()).isPresent();

            forwarder.start(); // and started again
            // a pooled connection cut by the stop may fail one more check
            HealthCheck.Result up = await("the webhook check up again")
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> readiness("hooks-down"), r -> r.getState() == HealthCheck.State.UP);
            assertThat(up.getDetails()).containsEntry("webhook.id", webhookId);
            assertThat(ls.client().webhooks().list(project.id())).hasSize(1);
        }
    }

    @Test
    void theYamlExampleOfTheComponentPageReceivesAnnotationEvents() throws Exception {
        Project project = ls.project("Webhooks YAML", LabelConfigs.TEXT_CLASSIFICATION);
        List<Long> taskIds = importTasks(project, 1);
        ls.camel().getPropertiesComponent().addOverrideProperty("webhooks.project-id", String.valueOf(project.id()));
        ls.camel().getPropertiesComponent().addOverrideProperty("webhooks.url", url("/labelstudio/events"));
        ls.camel().getPropertiesComponent().addOverrideProperty("webhooks.secret", "yaml-secret-0123456789");
        PluginHelper.getRoutesLoader(ls.camel())
                .loadRoutes(
                        ResourceHelper.resolveMandatoryResource(ls.camel(), "classpath:routes/webhooks-route.yaml"));
        routes.add("label-studio-events");
        routes.add("handle-annotations");
        MockEndpoint events = ls.camel().getEndpoint("mock:yaml-events", MockEndpoint.class);
        events.expectedMessageCount(2);

        Annotation annotation = annotate(taskIds.get(0));
        ls.client().annotations().update(annotation.id(), Map.of("lead_time", 3.5));

        events.assertIsSatisfied(10_000);
        assertThat(events.getExchanges())
                .extracting(e -> e.getIn().getHeader(LabelStudioConstants.EVENT_TYPE))
                .containsExactly("ANNOTATION_CREATED", "ANNOTATION_UPDATED");
        assertThat(events.getExchanges())
                .allSatisfy(e -> assertThat(e.getIn().getHeader(LabelStudioConstants.ANNOTATION_ID))
                        .isEqualTo(annotation.id()));
        assertThat(ls.client().webhooks().list(project.id()))
                .singleElement()
                .satisfies(w -> assertThat(w.headers()).containsEntry(SECRET_HEADER, "yaml-secret-0123456789"));
    }

    @Test
    void producerListCreateUpdateGetAndDelete() {
        Project project = ls.project("Webhooks producer", LabelConfigs.TEXT_CLASSIFICATION);
        String base = "labelstudio:webhooks?projectId=" + project.id();

        Webhook created = ls.request(
                        base + "&operation=create&webhookUrl=http://127.0.0.1:9/none&events=TASKS_CREATED"
                                + "&webhookSecret=RAW(producer-secret)",
                        null,
                        Map.of())
                .getMessage()
                .getBody(Webhook.class);
        assertThat(created.project()).isEqualTo(project.id());
        assertThat(created.actions()).containsExactly("TASKS_CREATED");
        assertThat(created.headers()).containsEntry(SECRET_HEADER, "producer-secret");

        List<?> listed = ls.request(base + "&operation=list", null, Map.of())
                .getMessage()
                .getBody(List.class);
        assertThat(listed).singleElement().extracting(w -> ((Webhook) w).id()).isEqualTo(created.id());

        Webhook updated = ls.request(
                        "labelstudio:webhooks?operation=update",
                        Map.of("is_active", false, "actions", List.of("ANNOTATION_UPDATED")),
                        Map.of(LabelStudioConstants.WEBHOOK_ID, created.id()))
                .getMessage()
                .getBody(Webhook.class);
        assertThat(updated.active()).isFalse();
        assertThat(updated.actions()).containsExactly("ANNOTATION_UPDATED");
        assertThat(ls.client().webhooks().get(created.id()).active()).isFalse();

        Webhook got = ls.request("labelstudio:webhooks?operation=get&webhookId=" + created.id(), null, Map.of())
                .getMessage()
                .getBody(Webhook.class);
        assertThat(got.url()).isEqualTo("http://127.0.0.1:9/none");

        ls.request("labelstudio:webhooks?operation=delete&webhookId=" + created.id(), null, Map.of());
        assertThatThrownBy(() -> ls.client().webhooks().get(created.id())).isInstanceOf(NotFoundException.class);
        assertThat(ls.client().webhooks().list(project.id())).isEmpty();
    }
}
