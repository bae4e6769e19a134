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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.examples.demo.DemoFlow;
import io.camellabelstudio.examples.demo.DemoProject;
import io.camellabelstudio.examples.demo.DemoSummary;
import io.camellabelstudio.examples.s3.S3EventsSetup;
import io.camellabelstudio.it.CamelLabelStudio;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;
import io.camellabelstudio.it.S3Server;
import io.camellabelstudio.it.S3ServerExtension;

import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The README's demo command, as {@code scripts/demo --once} runs it (minus the server start-up the extensions do):
 * one round of the demo application, then each number of its summary checked against the servers themselves.
 */
@ExtendWith({LabelStudioServerExtension.class, S3ServerExtension.class})
class DemoIT {

    @Test
    void oneRoundImportsPredictsWritesDownstreamAndUploadsAnExport(
            LabelStudioServer server, S3Server s3, @TempDir Path dir) throws Exception {
        String bucket = S3Examples.unique("demo-it");
        String exportsBucket = S3Examples.unique("demo-it-exports");
        Properties overrides = new Properties();
        overrides.putAll(S3Examples.properties(s3, 0));
        overrides.remove("demo.project-id"); // the demo creates its project
        overrides.put("camel.component.labelstudio.url", server.url());
        overrides.put("camel.component.labelstudio.api-key", server.legacyToken());
        overrides.put("demo.s3.bucket", bucket);
        overrides.put("demo.s3.queue", S3Examples.unique("demo-it-events"));
        overrides.put("demo.exports.bucket", exportsBucket);
        overrides.put("demo.exports.dir", dir.resolve("exports") + "/");
        overrides.put("demo.exports.delay", "2000");
        overrides.put("demo.output.dir", dir.resolve("output").toString());
        overrides.put("demo.state.dir", dir.resolve("state").toString());
        overrides.put("demo.timeout-seconds", "120");

        DemoFlow flow = DemoApplication.run(true, overrides);

        assertThat(flow.failure()).as("the round's failure").isNull();
        DemoSummary summary = flow.summary();
        System.out.println("demo summary: " + summary);
        int uploaded = DemoProject.reviews().size();
        assertThat(summary.objectsUploaded()).isEqualTo(uploaded).isEqualTo(12);

        try (CamelLabelStudio ls = new CamelLabelStudio(server);
                S3EventsSetup aws = S3Examples.setup(s3)) {
            long projectId = summary.projectId();
            List<Task> tasks = S3Examples.tasks(ls, projectId);
            // N tasks imported from S3 events, one per uploaded object
            assertThat(summary.tasksImported()).isEqualTo(uploaded);
            assertThat(S3Examples.textBySource(tasks).keySet())
                    .hasSize(uploaded)
                    .allSatisfy(source -> assertThat(source).startsWith("s3://" + bucket + "/reviews/"));
            // predictions on all of them
            List<Task> full = new java.util.ArrayList<>();
            ls.client()
                    .tasks()
                    .list(projectId, TaskQuery.all().withAllFields(true))
                    .forEach(full::add);
            assertThat(full).allSatisfy(t -> assertThat(t.predictions()).hasSize(1));
            assertThat(summary.tasksPredicted()).isEqualTo(uploaded);
            // the simulated annotations' tasks written downstream
            List<Long> labeled = full.stream()
                    .filter(t -> Boolean.TRUE.equals(t.labeled()))
                    .map(Task::id)
                    .toList();
            assertThat(labeled).hasSize(summary.tasksAnnotated()).hasSize(4);
            List<String> lines = Files.readAllLines(dir.resolve("output").resolve("completed-tasks.jsonl"));
            ObjectMapper json = new ObjectMapper();
            List<Long> written = lines.stream()
                    .filter(l -> !l.isBlank())
                    .map(l -> read(json, l).path("task_id").asLong())
                    .toList();
            assertThat(written).containsExactlyInAnyOrderElementsOf(labeled);
            assertThat(summary.linesWritten()).isEqualTo(labeled.size());
            // one export uploaded to the bucket, holding the annotated tasks
            List<S3Object> exports = aws.s3()
                    .listObjectsV2(ListObjectsV2Request.builder()
                            .bucket(exportsBucket)
                            .prefix("exports/project-" + projectId + "/")
                            .build())
                    .contents();
            assertThat(exports).hasSize(summary.exportsUploaded()).isNotEmpty();
            String export = aws.s3()
                    .getObjectAsBytes(b -> b.bucket(exportsBucket)
                            .key(exports.get(exports.size() - 1).key()))
                    .asString(StandardCharsets.UTF_8);
            Map<Long, Integer> annotationsByTask = java.util.stream.StreamSupport.stream(
                            read(json, export).spliterator(), false)
                    .collect(Collectors.toMap(
                            t -> t.path("id").asLong(),
                            t -> t.path("annotations").size()));
            assertThat(annotationsByTask.keySet()).containsExactlyInAnyOrderElementsOf(labeled);
            assertThat(annotationsByTask.values()).containsOnly(1);
        }
    }

    private static JsonNode read(ObjectMapper json, String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }
}
