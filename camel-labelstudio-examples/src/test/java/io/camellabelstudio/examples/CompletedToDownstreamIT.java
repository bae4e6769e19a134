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
package io.camellabelstudio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.Annotation;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;
import io.camellabelstudio.it.LabelStudioServer;

/** routes/completed-to-downstream.camel.yaml against a real Label Studio (the Kafka branch off: no brokers). */
class CompletedToDownstreamIT extends LabelStudioIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void eachLabeledTaskBecomesOneLineOnce(LabelStudioServer server) throws Exception {
        Project project = ls.project("Completed to downstream", LabelConfigs.TEXT_CLASSIFICATION);
        long projectId = project.id();
        ls.client()
                .tasks()
                .importTasks(
                        projectId,
                        List.of(
                                Map.of("text", "Great kettle", "source", "file:reviews.csv#1"),
                                Map.of("text", "Broke at once", "source", "file:reviews.csv#2"),
                                Map.of("text", "Comfortable shoes", "source", "file:reviews.csv#3"),
                                Map.of("text", "Arrived late", "source", "file:reviews.csv#4"),
                                Map.of("text", "Not labeled yet", "source", "file:reviews.csv#5")),
                        ImportOptions.defaults());
        List<Task> tasks = new ArrayList<>();
        ls.client()
                .tasks()
                .list(projectId, TaskQuery.all().withOrdering("tasks:id"))
                .forEach(tasks::add);
        Path output = dir.resolve("output");
        Path file = output.resolve("completed-tasks.jsonl");
        Map<String, String> properties = Map.of(
                "demo.project-id", Long.toString(projectId),
                "demo.output.dir", output.toString(),
                "demo.state.dir", dir.resolve("state").toString(),
                "demo.kafka.brokers", "");

        Map<Long, Annotation> annotations = new java.util.HashMap<>();
        start(server, properties).whileRunning(() -> {
            annotations.put(tasks.get(0).id(), ls.annotate(tasks.get(0).id(), "Positive"));
            annotations.put(tasks.get(1).id(), ls.annotate(tasks.get(1).id(), "Negative"));
            annotations.put(tasks.get(2).id(), ls.annotate(tasks.get(2).id(), "Positive"));
            Eventually.waitFor("3 lines", () -> lines(file).size() >= 3, () -> lines(file));

            // annotating a labeled task again changes it, but it does not become labeled again: no new line
            ls.annotate(tasks.get(0).id(), "Negative");
            Eventually.quietPeriod(Duration.ofSeconds(3));
            assertThat(lines(file)).hasSize(3);
        });

        List<Map<String, Object>> records = records(file);
        assertThat(records)
                .extracting(r -> r.get("task_id"))
                .containsExactlyInAnyOrder(
                        tasks.get(0).id().intValue(),
                        tasks.get(1).id().intValue(),
                        tasks.get(2).id().intValue());
        Map<Object, Map<String, Object>> byTask =
                records.stream().collect(Collectors.toMap(r -> ((Number) r.get("task_id")).longValue(), r -> r));
        for (int i = 0; i < 3; i++) {
            Task task = tasks.get(i);
            Annotation annotation = annotations.get(task.id());
            Map<String, Object> record = byTask.get(task.id());
            assertThat(record)
                    .containsOnlyKeys(
                            "task_id", "source", "text", "label", "annotation_id", "annotator", "completed_at")
                    .containsEntry("source", task.data().get("source"))
                    .containsEntry("text", task.data().get("text"))
                    .containsEntry("label", i == 1 ? "Negative" : "Positive")
                    .containsEntry("annotation_id", annotation.id().intValue());
            assertThat(record.get("annotator")).isInstanceOf(Number.class);
            assertThat((String) record.get("completed_at")).isNotBlank();
        }

        // a restart with the same state: what was written is not written again; a newly labeled task is
        start(server, properties).whileRunning(() -> {
            ls.annotate(tasks.get(3).id(), "Negative");
            Eventually.waitFor("4 lines", () -> lines(file).size() >= 4, () -> lines(file));
            Eventually.quietPeriod(Duration.ofSeconds(3));
        });
        records = records(file);
        assertThat(records).hasSize(4);
        assertThat(records.get(3))
                .containsEntry("task_id", tasks.get(3).id().intValue())
                .containsEntry("label", "Negative");
    }

    private static ExampleApp start(LabelStudioServer server, Map<String, String> properties) throws Exception {
        return ExampleApp.start(
                server,
                "classpath:routes/completed-marks.camel.yaml,classpath:routes/completed-to-downstream.camel.yaml",
                properties);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, Object>> records(Path file) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(content).endsWith("\n");
        List<Map<String, Object>> records = new ArrayList<>();
        for (String line : content.split("\n", -1)) {
            if (!line.isEmpty()) {
                records.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() {}));
            }
        }
        assertThat(records).hasSize(content.split("\n").length);
        return records;
    }
}
