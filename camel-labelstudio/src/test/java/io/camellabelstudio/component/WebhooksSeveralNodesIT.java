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

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.model.Annotation;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.Webhook;
import io.camellabelstudio.component.consumer.LabelStudioWebhookConsumer;
import io.camellabelstudio.component.consumer.WebhookSettings;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LoadBalancer;
import io.camellabelstudio.it.SecretsLedger;

/**
 * Two webhooks consumers with {@code sharedWebhook=true}, each in a CamelContext of its own with its own platform-http
 * server, behind one nginx load balancer (round robin) whose address is their webhookUrl: the way several nodes of one
 * service receive Label Studio's events. One webhook serves both, a delivery reaching either node is accepted, and
 * stopping one node neither deletes the webhook nor loses a delivery.
 */
class WebhooksSeveralNodesIT extends LabelStudioIT {

    private static final String SECRET_HEADER = "X-LabelStudio-Webhook-Secret";
    private static final String PATH = "/labelstudio/events";

    private final String secret = WebhookSettings.newSecret();
    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private String serverUrl;
    private String apiKey;

    @BeforeAll
    void recordTheSecret(LabelStudioServer server) {
        serverUrl = server.url();
        apiKey = server.legacyToken();
        SecretsLedger.record("webhookSecret", secret); // the secrets scan looks for it in every log
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(Node::stop);
        nodes.clear();
    }

    /** One node: a CamelContext with its own platform-http server and the webhooks route, recording what it gets. */
    private final class Node {
        final String name;
        final int port;
        final CamelContext camel = new DefaultCamelContext();
        final Map<String, List<String>> deliveries;

        Node(String name, int port, Map<String, List<String>> deliveries) {
            this.name = name;
            this.port = port;
            this.deliveries = deliveries;
        }

        Node start(String webhookOptions) throws Exception {
            LabelStudioComponent component = new LabelStudioComponent();
            component.getConfiguration().setUrl(serverUrl);
            component.getConfiguration().setApiKey(apiKey);
            camel.addComponent("labelstudio", component);
            VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
            server.setBindHost("127.0.0.1");
            server.setBindPort(port);
            camel.addService(new VertxPlatformHttpServer(server));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("labelstudio:webhooks?" + webhookOptions)
                            .routeId("events")
                            .process(e -> deliveries
                                    .computeIfAbsent(key(e), k -> new CopyOnWriteArrayList<>())
                                    .add(name));
                }
            });
            nodes.add(this);
            camel.start();
            return this;
        }

        Long webhookId() {
            return ((LabelStudioWebhookConsumer) camel.getRoute("events").getConsumer()).getWebhookId();
        }

        /** Stops the whole node: its route and its HTTP server, as when its process ends. */
        void stop() {
            camel.stop();
        }
    }

    /** What a delivery is about: the event and the ids of the tasks or the annotation. */
    private static String key(Exchange e) {
        Object type = e.getIn().getHeader(LabelStudioConstants.EVENT_TYPE);
        Object ids = "ANNOTATION_CREATED".equals(type)
                ? e.getIn().getHeader(LabelStudioConstants.ANNOTATION_ID)
                : e.getIn().getHeader(LabelStudioConstants.TASK_IDS);
        return type + " " + ids;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private String sharedOptions(Project project, String webhookUrl, String secret) {
        return "projectId=" + project.id() + "&sharedWebhook=true&events=TASKS_CREATED,ANNOTATION_CREATED"
                + "&webhookSecret=RAW(" + secret + ")&webhookUrl=" + webhookUrl;
    }

    /** Imports a task and annotates it: two events, whose keys are added to {@code expected}. */
    private void taskAndAnnotation(Project project, int i, List<String> expected) {
        List<Long> taskIds = ls.client()
                .tasks()
                .importTasks(project.id(), List.of(Map.of("text", "node task " + i)), ImportOptions.defaults())
                .taskIds();
        expected.add("TASKS_CREATED " + taskIds);
        Annotation annotation = ls.annotate(taskIds.get(0), "Positive");
        expected.add("ANNOTATION_CREATED " + annotation.id());
    }

    private List<Webhook> webhooksFor(Project project, String url) {
        return ls.client().webhooks().list(project.id()).stream()
                .filter(w -> url.equals(w.url()))
                .toList();
    }

    private static void awaitDeliveries(Map<String, List<String>> deliveries, List<String> expected) {
        await("the deliveries")
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(deliveries.keySet()).containsAll(expected));
    }

    @Test
    void twoNodesBehindOneLoadBalancerShareOneWebhookAndStoppingOneLosesNoDelivery() throws Exception {
        Project project = ls.project("Webhooks two nodes", LabelConfigs.TEXT_CLASSIFICATION);
        Map<String, List<String>> deliveries = new ConcurrentHashMap<>();
        Node a = new Node("a", freePort(), deliveries);
        Node b = new Node("b", freePort(), deliveries);
        try (LoadBalancer balancer = LoadBalancer.start(List.of("127.0.0.1:" + a.port, "127.0.0.1:" + b.port))) {
            String url = balancer.url() + PATH;
            a.start(sharedOptions(project, url, secret));
            Webhook registered = webhooksFor(project, url).get(0);

            // watches the server throughout: exactly one webhook for the URL, always the same
            List<String> seen = new CopyOnWriteArrayList<>();
            AtomicBoolean watching = new AtomicBoolean(true);
            Thread watcher = new Thread(() -> {
                while (watching.get()) {
                    seen.add(webhooksFor(project, url).stream()
                            .map(w -> w.id() + (w.active() ? "" : " inactive"))
                            .toList()
                            .toString());
                    try {
                        Thread.sleep(100); // a sample every 100 ms while the nodes come and go, not a wait
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            watcher.start();
            try {
                b.start(sharedOptions(project, url, secret));
                assertThat(b.webhookId())
                        .as("the second node uses the first one's webhook")
                        .isEqualTo(registered.id());
                Webhook afterB = ls.client().webhooks().get(registered.id());
                assertThat(afterB.field("updated_at"))
                        .as("same url, secret and events: the second node changed nothing")
                        .isEqualTo(registered.field("updated_at"));
                assertThat(afterB.headers()).containsOnlyKeys(SECRET_HEADER);

                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    taskAndAnnotation(project, i, expected);
                }
                awaitDeliveries(deliveries, expected);
                assertThat(deliveries.values())
                        .as("round robin: both nodes received deliveries")
                        .flatMap(list -> list)
                        .contains("a", "b");

                b.stop();
                assertThat(webhooksFor(project, url))
                        .as("the stopped node left the webhook for the other one")
                        .singleElement()
                        .satisfies(w -> assertThat(w.id()).isEqualTo(registered.id()));

                List<String> afterStop = new ArrayList<>();
                for (int i = 6; i < 12; i++) {
                    taskAndAnnotation(project, i, afterStop);
                }
                expected.addAll(afterStop);
                awaitDeliveries(deliveries, expected);

                assertThat(deliveries.keySet())
                        .as("every delivery arrived, each once")
                        .containsExactlyInAnyOrderElementsOf(expected);
                assertThat(deliveries.values())
                        .allSatisfy(list -> assertThat(list).hasSize(1));
                assertThat(afterStop)
                        .allSatisfy(key -> assertThat(deliveries.get(key)).containsExactly("a"));

                // nginx writes a request's log line after its answer is sent, which may be after the route saw it
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> deliveryLines(balancer).size() >= expected.size());
                List<String> log = deliveryLines(balancer);
                assertThat(log).as("one request per delivery").hasSize(expected.size());
                assertThat(log)
                        .as("none refused")
                        .allSatisfy(line -> assertThat(line).startsWith("200 POST"));
            } finally {
                watching.set(false);
                watcher.join();
            }
            assertThat(seen).isNotEmpty();
            assertThat(Set.copyOf(seen))
                    .as("exactly one webhook for the URL throughout")
                    .containsExactly("[" + registered.id() + "]");

            a.stop();
            assertThat(webhooksFor(project, url))
                    .as("left registered: the nodes share it and none knows whether it is the last")
                    .singleElement()
                    .satisfies(w -> assertThat(w.id()).isEqualTo(registered.id()));
        }
    }

    @Test
    void aNodeWithAnotherSecretFailsToStartAndLeavesTheWebhookAsItWas() throws Exception {
        Project project = ls.project("Webhooks conflict", LabelConfigs.TEXT_CLASSIFICATION);
        Node a = new Node("a", freePort(), new ConcurrentHashMap<>());
        String url = "http://127.0.0.1:" + a.port + PATH;
        a.start(sharedOptions(project, url, secret));
        Webhook registered = webhooksFor(project, url).get(0);

        String otherSecret = WebhookSettings.newSecret();
        SecretsLedger.record("webhookSecret", otherSecret);
        Node c = new Node("c", freePort(), new ConcurrentHashMap<>());
        Throwable failure = catchThrowable(() -> c.start(sharedOptions(project, url, otherSecret)));

        assertThat(failure).isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertThat(messages.toString())
                .contains("Webhook " + registered.id() + " of project " + project.id(), "another " + SECRET_HEADER)
                .doesNotContain(secret)
                .doesNotContain(otherSecret);
        assertThat(webhooksFor(project, url)).singleElement().satisfies(w -> {
            assertThat(w.id()).isEqualTo(registered.id());
            assertThat(w.headers()).containsEntry(SECRET_HEADER, secret);
            assertThat(w.field("updated_at")).isEqualTo(registered.field("updated_at"));
        });
    }

    private static List<String> deliveryLines(LoadBalancer balancer) throws IOException {
        return balancer.accessLog().stream().filter(line -> line.contains(PATH)).toList();
    }
}
