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
package io.camellabelstudio.kamelets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.Annotation;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.client.model.Webhook;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.SecretsLedger;

/**
 * The kamelets in YAML routes, loaded by camel-yaml-dsl from kamelets/ on the classpath as an application would,
 * against a real Label Studio (production layout). Each test runs its own CamelContext whose labelstudio component is
 * not configured: the server's url and key reach the component only through the kamelets' properties.
 */
class KameletsIT extends LabelStudioIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET_HEADER = "X-LabelStudio-Webhook-Secret";

    private CamelContext camel;

    @AfterEach
    void stopCamel() {
        if (camel != null) {
            camel.stop();
        }
    }

    @Test
    void taskSinkImportsTasksAndSkipsKnownOnesOnReplay(LabelStudioServer server) throws Exception {
        Project project = ls.project("Kamelet task sink", LabelConfigs.TEXT_CLASSIFICATION);
        start(server, """
                - route:
                    from:
                      uri: direct:tasks
                      steps:
                        - to: "kamelet:labelstudio-task-sink?url={{ls.url}}&apiKey=RAW({{ls.apiKey}})&projectId=%d&importKey=source"
                """.formatted(project.id()));
        String tasks = """
                [{"text": "Great kettle", "source": "reviews.csv#1"},
                 {"text": "Broke at once", "source": "reviews.csv#2"},
                 {"text": "Arrived late", "source": "reviews.csv#3"}]
                """;

        Exchange first = camel.createProducerTemplate()
                .request("direct:tasks", e -> e.getIn().setBody(tasks));
        assertThat(first.getException()).isNull();
        Object created = first.getMessage().getHeader("CamelLabelStudioCreatedTaskIds");

        // a replay (a redelivery, a restarted upstream) creates nothing: importKey=source finds every task
        Exchange replay = camel.createProducerTemplate()
                .request("direct:tasks", e -> e.getIn().setBody(tasks));
        assertThat(replay.getException()).isNull();
        assertThat(replay.getMessage().getHeader("CamelLabelStudioSkippedCount", Long.class))
                .isEqualTo(3L);

        List<Task> imported = tasks(project);
        assertThat(imported)
                .extracting(t -> t.data().get("text"))
                .containsExactlyInAnyOrder("Great kettle", "Broke at once", "Arrived late");
        assertThat(created)
                .asInstanceOf(InstanceOfAssertFactories.list(Long.class))
                .containsExactlyInAnyOrderElementsOf(
                        imported.stream().map(Task::id).toList());
    }

    @Test
    void taskSourceDeliversCreatedAndCompletedTasks(LabelStudioServer server) throws Exception {
        Project project = ls.project("Kamelet task source", LabelConfigs.TEXT_CLASSIFICATION);
        List<Long> ids = importTasks(project, "first", "second");
        // completed from this instant on (startFrom=now would race with the annotation below: the consumer takes
        // "now" at its first poll, which a busy machine may run after the annotation)
        Instant since = Instant.now();
        start(server, """
                - route:
                    from:
                      uri: "kamelet:labelstudio-task-source"
                      parameters:
                        url: "{{ls.url}}"
                        apiKey: "RAW({{ls.apiKey}})"
                        projectId: %1$d
                        startFrom: beginning
                      steps:
                        - to: mock:created
                - route:
                    from:
                      uri: "kamelet:labelstudio-task-source?url={{ls.url}}&apiKey=RAW({{ls.apiKey}})&projectId=%1$d&event=completed&startFrom=%2$s"
                      steps:
                        - to: mock:completed
                """.formatted(project.id(), since));
        MockEndpoint created = camel.getEndpoint("mock:created", MockEndpoint.class);
        MockEndpoint completed = camel.getEndpoint("mock:completed", MockEndpoint.class);

        await().atMost(WAIT).until(() -> created.getReceivedCounter() >= 2);
        List<JsonNode> createdTasks = bodies(created);
        assertThat(createdTasks).extracting(t -> t.path("id").asLong()).containsExactlyElementsOf(ids);
        assertThat(createdTasks)
                .extracting(t -> t.path("data").path("text").asText())
                .containsExactly("first", "second");
        assertThat(created.getExchanges().get(0).getIn().getHeader("CamelLabelStudioEventType"))
                .isEqualTo("created");

        // the task labeled after the start, once
        Annotation annotation = ls.annotate(ids.get(1), "Positive");
        await().atMost(WAIT).until(() -> completed.getReceivedCounter() >= 1);
        List<Long> later = importTasks(project, "third");
        await().atMost(WAIT).until(() -> created.getReceivedCounter() >= 3);

        assertThat(completed.getReceivedCounter()).isEqualTo(1);
        JsonNode labeled = bodies(completed).get(0);
        assertThat(labeled.path("id").asLong()).isEqualTo(ids.get(1));
        assertThat(labeled.path("annotations").get(0).path("id").asLong()).isEqualTo(annotation.id());
        assertThat(completed.getExchanges().get(0).getIn().getHeader("CamelLabelStudioEventType"))
                .isEqualTo("completed");
        assertThat(completed.getExchanges().get(0).getIn().getHeader(Exchange.CONTENT_TYPE))
                .isEqualTo("application/json");
        assertThat(bodies(created).get(2).path("id").asLong()).isEqualTo(later.get(0));
        assertThat(created.getReceivedCounter()).isEqualTo(3);
    }

    @Test
    void taskSourceWithAStateRepositoryResumesAfterARestart(LabelStudioServer server, @TempDir Path dir)
            throws Exception {
        Project project = ls.project("Kamelet task source restart", LabelConfigs.TEXT_CLASSIFICATION);
        List<Long> before = importTasks(project, "one", "two");
        Setup marks = c -> c.getRegistry()
                .bind(
                        "taskMarks",
                        FileStateRepository.fileStateRepository(
                                dir.resolve("marks").toFile()));
        String routes = """
                - route:
                    from:
                      uri: "kamelet:labelstudio-task-source"
                      parameters:
                        url: "{{ls.url}}"
                        apiKey: "RAW({{ls.apiKey}})"
                        projectId: %d
                        startFrom: beginning
                        stateRepository: "#taskMarks"
                      steps:
                        - to: mock:created
                """.formatted(project.id());
        start(server, Map.of(), marks, routes);
        MockEndpoint first = camel.getEndpoint("mock:created", MockEndpoint.class);
        await().atMost(WAIT).until(() -> first.getReceivedCounter() >= 2);
        assertThat(bodies(first)).extracting(t -> t.path("id").asLong()).containsExactlyElementsOf(before);
        camel.stop();

        // the same repository after a restart: nothing delivered again, the task imported meanwhile delivered
        List<Long> meanwhile = importTasks(project, "three");
        start(server, Map.of(), marks, routes);
        MockEndpoint second = camel.getEndpoint("mock:created", MockEndpoint.class);
        await().atMost(WAIT).until(() -> second.getReceivedCounter() >= 1);
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> second.getReceivedCounter() == 1);
        assertThat(bodies(second)).extracting(t -> t.path("id").asLong()).containsExactlyElementsOf(meanwhile);
    }

    @Test
    void exportSourceDeliversTheExportOfAChangedProject(LabelStudioServer server) throws Exception {
        Project project = ls.project("Kamelet export source", LabelConfigs.TEXT_CLASSIFICATION);
        List<Long> ids = importTasks(project, "labeled", "not labeled");
        Annotation annotation = ls.annotate(ids.get(0), "Negative");
        // the personal access token this time (authScheme=auto tells it from a legacy token)
        String token = server.personalAccessToken() != null ? "ls.pat" : "ls.apiKey";
        start(server, """
                - route:
                    from:
                      uri: "kamelet:labelstudio-export-source"
                      parameters:
                        url: "{{ls.url}}"
                        apiKey: "RAW({{%s}})"
                        projectId: %d
                        createSnapshots: true
                        delay: 1000
                      steps:
                        - convertBodyTo:
                            type: java.lang.String
                        - to: mock:exports
                """.formatted(token, project.id()));
        MockEndpoint exports = camel.getEndpoint("mock:exports", MockEndpoint.class);

        await().atMost(WAIT).until(() -> exports.getReceivedCounter() >= 1);
        Exchange export = exports.getExchanges().get(0);
        JsonNode tasks = JSON.readTree(export.getIn().getBody(String.class));
        assertThat(tasks.isArray()).isTrue();
        // a JSON export holds the annotated tasks
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).path("id").asLong()).isEqualTo(ids.get(0));
        assertThat(tasks.get(0).path("annotations").get(0).path("id").asLong()).isEqualTo(annotation.id());
        assertThat(export.getIn().getHeader("file", String.class)).endsWith(".json");
        assertThat(export.getIn().getHeader("CamelLabelStudioExportId", Long.class))
                .isPositive();

        // nothing changed since: no second snapshot over three more polls
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> exports.getReceivedCounter() == 1);
    }

    @Test
    void webhookSourcesReceiveADeliveryAndRemoveTheirWebhooksAtStop(LabelStudioServer server) throws Exception {
        Project project = ls.project("Kamelet webhook source", LabelConfigs.TEXT_CLASSIFICATION);
        List<Long> ids = importTasks(project, "to annotate");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String secret = "kamelet+" + UUID.randomUUID() + "&=";
        SecretsLedger.record("webhookSecret", secret); // the secrets scan looks for it in every log
        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost("127.0.0.1");
        http.setBindPort(port);
        // one with a secret of URI-unsafe characters (RAW: the kamelet URI is parsed like any other), one without
        // (the consumer generates one)
        start(
                server,
                Map.of("ls.webhookSecret", secret),
                c -> c.addService(new VertxPlatformHttpServer(http)),
                """
                - route:
                    from:
                      uri: "kamelet:labelstudio-webhook-source"
                      parameters:
                        url: "{{ls.url}}"
                        apiKey: "RAW({{ls.apiKey}})"
                        projectId: %1$d
                        webhookUrl: "http://127.0.0.1:%2$d/kamelet/events"
                        events: ANNOTATION_CREATED
                        webhookSecret: "RAW({{ls.webhookSecret}})"
                      steps:
                        - convertBodyTo:
                            type: java.lang.String
                        - to: mock:events
                - route:
                    from:
                      uri: "kamelet:labelstudio-webhook-source?url={{ls.url}}&apiKey=RAW({{ls.apiKey}})&projectId=%1$d&webhookUrl=http://127.0.0.1:%2$d/kamelet/generated"
                      steps:
                        - to: mock:generated
                """.formatted(project.id(), port));
        MockEndpoint events = camel.getEndpoint("mock:events", MockEndpoint.class);
        MockEndpoint generated = camel.getEndpoint("mock:generated", MockEndpoint.class);
        Map<String, Webhook> webhooks =
                ls.client().webhooks().list(project.id()).stream().collect(Collectors.toMap(Webhook::url, w -> w));
        String base = "http://127.0.0.1:" + port + "/kamelet/";
        assertThat(webhooks).containsOnlyKeys(base + "events", base + "generated");
        // compared without printing it: a failure message would put the secret in the reports
        assertThat(secret.equals(webhooks.get(base + "events").headers().get(SECRET_HEADER)))
                .as("the secret as given, every character")
                .isTrue();
        Object generatedSecret = webhooks.get(base + "generated").headers().get(SECRET_HEADER);
        assertThat(generatedSecret instanceof String s && !s.isBlank() && !s.contains("{{"))
                .as("a generated secret, not an empty or unresolved placeholder")
                .isTrue();

        Annotation annotation = ls.annotate(ids.get(0), "Positive");
        await().atMost(WAIT).until(() -> events.getReceivedCounter() >= 1 && generated.getReceivedCounter() >= 1);

        Exchange delivery = events.getExchanges().get(0);
        JsonNode payload = JSON.readTree(delivery.getIn().getBody(String.class));
        assertThat(payload.path("action").asText()).isEqualTo("ANNOTATION_CREATED");
        assertThat(payload.path("annotation").path("id").asLong()).isEqualTo(annotation.id());
        assertThat(payload.path("task").path("id").asLong()).isEqualTo(ids.get(0));
        assertThat(delivery.getIn().getHeader("CamelLabelStudioEventType")).isEqualTo("ANNOTATION_CREATED");
        assertThat(delivery.getIn().getHeader("CamelLabelStudioTaskId", Long.class))
                .isEqualTo(ids.get(0));
        assertThat(delivery.getIn().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(generated.getExchanges().get(0).getIn().getHeader("CamelLabelStudioAnnotationId", Long.class))
                .isEqualTo(annotation.id());

        camel.stop();
        assertThat(ls.client().webhooks().list(project.id())).isEmpty();
    }

    private void start(LabelStudioServer server, String routes) throws Exception {
        start(server, Map.of(), camel -> {}, routes);
    }

    /** What a test adds to its CamelContext before the routes: services, beans. */
    @FunctionalInterface
    private interface Setup {
        void apply(CamelContext camel) throws Exception;
    }

    /** A CamelContext with the server's url and keys as properties (ls.url, ls.apiKey, ls.pat) and the routes. */
    private void start(LabelStudioServer server, Map<String, String> more, Setup setup, String routes)
            throws Exception {
        camel = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.setProperty("ls.url", server.url());
        properties.setProperty("ls.apiKey", server.legacyToken());
        if (server.personalAccessToken() != null) {
            properties.setProperty("ls.pat", server.personalAccessToken());
        }
        properties.putAll(more);
        camel.getPropertiesComponent().setInitialProperties(properties);
        setup.apply(camel);
        camel.start();
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("kamelets-it.camel.yaml", routes));
    }

    private List<Long> importTasks(Project project, String... texts) {
        List<Map<String, Object>> tasks = java.util.Arrays.stream(texts)
                .map(text -> Map.<String, Object>of("text", text))
                .toList();
        return ls.client()
                .tasks()
                .importTasks(project.id(), tasks, ImportOptions.defaults())
                .taskIds();
    }

    private List<Task> tasks(Project project) {
        List<Task> tasks = new java.util.ArrayList<>();
        ls.client().tasks().list(project.id(), TaskQuery.all()).forEach(tasks::add);
        return tasks;
    }

    private static List<JsonNode> bodies(MockEndpoint mock) {
        return mock.getExchanges().stream()
                .map(e -> {
                    try {
                        return JSON.readTree(e.getIn().getBody(String.class));
                    } catch (Exception x) {
                        throw new AssertionError("not JSON: " + e.getIn().getBody(), x);
                    }
                })
                .toList();
    }
}
