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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;
import io.camellabelstudio.it.LabelStudioServer;

/**
 * {@code importKey} at scale on the production layout: 20,000 tasks with long keys (spaces, unicode, "%") in batches of
 * 5000 through a route, then the same 20,000 again. Every request must fit gunicorn's 4094-byte request line (the
 * first try sent about 8 KB of query and got 414): a batch of 5000 is checked through a temporary view; the server ends
 * with each key exactly once. On the production layout, nginx's access log shows the checks' requests and how long the
 * server spent on them.
 */
class ImportKeyAtScaleIT extends LabelStudioIT {

    private static final int TASKS = 20_000;

    private LabelStudioServer server;

    @BeforeAll
    void server(LabelStudioServer server) {
        this.server = server;
    }

    /** Keys of about 90 characters, most of which need percent-encoding: about 60 to a check. */
    private static String key(int i) {
        String name = switch (i % 3) {
            case 0 -> "photo " + i + " (100% crop).jpg";
            case 1 -> "Łódź – zdjęcie " + i + ".jpg";
            default -> "画像_" + i + "+extra&more.png";
        };
        return "s3://camel-labelstudio-it/images/2025/12/batch-" + (i / 1000) + "/" + name;
    }

    private static List<Map<String, Object>> tasks() {
        List<Map<String, Object>> tasks = new ArrayList<>(TASKS);
        for (int i = 0; i < TASKS; i++) {
            tasks.add(Map.of("text", "Task " + i, "uri", key(i)));
        }
        return tasks;
    }

    @Test
    void twentyThousandTasksInBatchesOf5000AreImportedOnceAndTheReplaySkipsThemAll() throws Exception {
        Project project = ls.project("Import key at scale", LabelConfigs.TEXT_CLASSIFICATION);
        ls.camel().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:import-at-scale")
                        .routeId("import-at-scale")
                        .to("labelstudio:tasks?operation=import&importKey=uri&batchSize=5000&projectId="
                                + project.id());
            }
        });
        try {
            List<Map<String, Object>> tasks = tasks();
            // the access log is shared by every IT of the build: only what this test sent counts
            String accessLog = server.env("LABEL_STUDIO_NGINX_ACCESS_LOG");
            long logOffset = accessLog != null && Files.exists(Path.of(accessLog)) ? Files.size(Path.of(accessLog)) : 0;

            long start = System.nanoTime();
            Exchange first = ls.request("direct:import-at-scale", tasks, Map.of());
            long importMillis = (System.nanoTime() - start) / 1_000_000;
            ImportResult created = first.getMessage().getBody(ImportResult.class);
            assertThat(created.taskCount()).isEqualTo(TASKS);
            assertThat(created.skippedCount()).isZero();
            assertThat(created.requests()).isEqualTo(TASKS / 5000);

            start = System.nanoTime();
            Exchange replay = ls.request("direct:import-at-scale", tasks, Map.of());
            long replayMillis = (System.nanoTime() - start) / 1_000_000;
            ImportResult again = replay.getMessage().getBody(ImportResult.class);
            assertThat(again.taskCount()).as("created by the replay").isZero();
            assertThat(again.skippedCount()).isEqualTo(TASKS);
            assertThat(again.requests()).isZero();
            assertThat(replay.getMessage().getHeader(LabelStudioConstants.SKIPPED_COUNT))
                    .isEqualTo((long) TASKS);

            Map<String, Integer> onServer = new HashMap<>();
            ls.client()
                    .tasks()
                    .list(project.id(), TaskQuery.all().withPageSize(1000))
                    .forEach(task -> onServer.merge((String) task.data().get("uri"), 1, Integer::sum));
            assertThat(onServer).hasSize(TASKS);
            assertThat(onServer.entrySet().stream()
                            .filter(e -> e.getValue() != 1)
                            .map(Map.Entry::getKey)
                            .collect(Collectors.toList()))
                    .as("keys on the server more than once")
                    .isEmpty();
            assertThat(onServer.keySet())
                    .isEqualTo(tasks.stream().map(t -> t.get("uri")).collect(Collectors.toSet()));

            System.out.printf(
                    "import key at scale (%s layout): %d tasks, batchSize 5000: import %d ms, replay %d ms%n",
                    server.layout(), TASKS, importMillis, replayMillis);
            if (accessLog != null) {
                checksInAccessLog(Path.of(accessLog), logOffset, project.id());
            }
        } finally {
            ls.removeRoutes(new ArrayList<>(List.of("import-at-scale")));
        }
    }

    @Test
    void keysWithPercentSignsAndNumbersAreFoundByBothKindsOfCheck() {
        Project project = ls.project("Import key forms", LabelConfigs.TEXT_CLASSIFICATION);
        String uri = "labelstudio:tasks?operation=import&importKey=key&projectId=" + project.id();
        // "%20" and "%2F" would come back from the server's second decoding of a GET's query as " " and "/"
        List<Object> keys = List.of("photo%20one.png", "a%2Fb", "100%", 5, "5", 7.5);
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (Object key : keys) {
            tasks.add(Map.of("text", "Task " + key, "key", key));
        }
        // a key too long for a GET's request line sends the same batch through a temporary view
        List<Map<String, Object>> withLongKey = new ArrayList<>(tasks);
        withLongKey.add(Map.of("text", "long key", "key", "k".repeat(5000)));

        ImportResult created = ls.request(uri, tasks, Map.of()).getMessage().getBody(ImportResult.class);
        ImportResult byQuery = ls.request(uri, tasks, Map.of()).getMessage().getBody(ImportResult.class);
        ImportResult byView =
                ls.request(uri, withLongKey, Map.of()).getMessage().getBody(ImportResult.class);
        ImportResult viewReplay =
                ls.request(uri, withLongKey, Map.of()).getMessage().getBody(ImportResult.class);

        assertThat(created.taskCount()).isEqualTo(keys.size());
        assertThat(byQuery.skippedCount()).as("found by the GET check").isEqualTo(keys.size());
        assertThat(byView.taskCount()).as("only the long key is new").isEqualTo(1);
        assertThat(byView.skippedCount()).as("found through the view").isEqualTo(keys.size());
        assertThat(viewReplay.skippedCount()).isEqualTo(keys.size() + 1);
        List<Object> onServer = new ArrayList<>();
        ls.client()
                .tasks()
                .list(project.id(), TaskQuery.all())
                .forEach(t -> onServer.add(t.data().get("key")));
        assertThat(onServer).hasSize(keys.size() + 1);
        assertThat(ls.client().views().list(project.id()))
                .as("temporary views left behind")
                .isEmpty();
    }

    /**
     * The project's key checks as nginx saw them (temporary views and the listings of their tasks, or listings with
     * the filter in the query): each fits the request line limit and was answered with success.
     */
    private static void checksInAccessLog(Path accessLog, long fromOffset, long projectId) throws IOException {
        int checks = 0;
        int views = 0;
        int longest = 0;
        double checkSeconds = 0;
        int imports = 0;
        double importSeconds = 0;
        byte[] written = Files.readAllBytes(accessLog);
        String since = new String(written, (int) fromOffset, written.length - (int) fromOffset, StandardCharsets.UTF_8);
        for (String line : since.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode entry = Json.mapper().readTree(line);
            String request = entry.path("request").asText();
            boolean listing = request.startsWith("GET /api/tasks/?project=" + projectId + "&")
                    && request.contains("include=id%2Cdata");
            boolean view = request.startsWith("POST /api/dm/views/") || request.startsWith("DELETE /api/dm/views/");
            if (listing || view) {
                checks++;
                views += request.startsWith("POST") ? 1 : 0;
                longest = Math.max(longest, request.getBytes(StandardCharsets.UTF_8).length);
                checkSeconds += entry.path("request_time").asDouble();
                assertThat(entry.path("status").asInt()).as(request).isBetween(200, 204);
            } else if (request.startsWith("POST /api/projects/" + projectId + "/import")) {
                imports++;
                importSeconds += entry.path("request_time").asDouble();
            }
        }
        System.out.printf(
                "import key at scale: %d check request(s) (%d temporary views), longest request line %d bytes, %.1f s"
                        + " in checks; %d import request(s), %.1f s in imports (nginx's request_time)%n",
                checks, views, longest, checkSeconds, imports, importSeconds);
        assertThat(views)
                .as("one temporary view per batch of 5000, import and replay")
                .isEqualTo(2 * TASKS / 5000);
        assertThat(longest).isLessThanOrEqualTo(4094);
    }
}
