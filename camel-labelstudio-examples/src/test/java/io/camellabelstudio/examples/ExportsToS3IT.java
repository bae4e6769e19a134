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
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.component.LabelStudioConstants;
import io.camellabelstudio.examples.s3.S3EventsSetup;
import io.camellabelstudio.it.CamelLabelStudio;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;
import io.camellabelstudio.it.S3Server;
import io.camellabelstudio.it.S3ServerExtension;

import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code routes/exports-to-s3.camel.yaml} against a real Label Studio and moto's S3: annotations made through the API
 * end up, as JSON exports, in the exports bucket.
 */
@ExtendWith({LabelStudioServerExtension.class, S3ServerExtension.class})
class ExportsToS3IT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachNewExportIsUploadedWithTheAnnotatedTasks(LabelStudioServer server, S3Server s3, @TempDir Path exportsDir)
            throws Exception {
        String bucket = S3Examples.unique("exports");
        try (CamelLabelStudio ls = new CamelLabelStudio(server);
                S3EventsSetup setup = S3Examples.setup(s3)) {
            setup.createBucket(bucket);
            Project project = ls.project("S3 exports", S3Examples.labelConfig());
            List<Map<String, Object>> tasks = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                tasks.add(Map.of("text", "Review " + i, "source", "s3://reviews/review-" + i + ".txt"));
            }
            Exchange imported = ls.request(
                    "labelstudio:tasks?operation=import&importKey=source&projectId=" + project.id(), tasks, Map.of());
            @SuppressWarnings("unchecked")
            List<Long> ids = imported.getMessage().getHeader(LabelStudioConstants.CREATED_TASK_IDS, List.class);
            assertThat(ids).hasSize(3);

            Map<String, String> properties = S3Examples.properties(s3, project.id());
            properties.put("demo.exports.bucket", bucket);
            properties.put("demo.exports.dir", exportsDir + "/");
            properties.put("demo.exports.delay", "1000");
            String prefix = "exports/project-" + project.id() + "/";
            try (ExampleApp app = ExampleApp.start(server, "classpath:routes/exports-to-s3.camel.yaml", properties)) {
                // no annotations yet: the snapshot the consumer makes holds no task and is not uploaded
                NotifyBuilder emptyExport = new NotifyBuilder(app.camel())
                        .fromRoute("exports-to-s3")
                        .whenCompleted(1)
                        .create();
                assertThat(emptyExport.matches(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .isTrue();
                assertThat(exportKeys(setup, bucket, prefix)).isEmpty();
                try (Stream<Path> left = Files.list(exportsDir)) {
                    assertThat(left).as("the empty export's file is deleted").isEmpty();
                }

                ls.annotate(ids.get(0), "Positive");
                ls.annotate(ids.get(1), "Negative");
                S3Examples.await(
                        TIMEOUT,
                        "an export in s3://" + bucket + "/" + prefix,
                        () -> !exportKeys(setup, bucket, prefix).isEmpty());
                List<String> keys = exportKeys(setup, bucket, prefix);
                assertThat(keys).hasSize(1);
                assertThat(keys.get(0)).endsWith(".json");
                assertThat(choicesByTask(setup, bucket, keys.get(0)))
                        .isEqualTo(Map.of(ids.get(0), "Positive", ids.get(1), "Negative"));
                try (Stream<Path> left = Files.list(exportsDir)) {
                    assertThat(left)
                            .as("the local copy is deleted after the upload")
                            .isEmpty();
                }

                // one more annotation: the project changed, the next snapshot is uploaded too
                ls.annotate(ids.get(2), "Positive");
                S3Examples.await(
                        TIMEOUT,
                        "a second export",
                        () -> exportKeys(setup, bucket, prefix).size() >= 2);
                List<String> after = new ArrayList<>(exportKeys(setup, bucket, prefix));
                after.removeAll(keys);
                assertThat(after).hasSize(1);
                assertThat(choicesByTask(setup, bucket, after.get(0)))
                        .isEqualTo(Map.of(ids.get(0), "Positive", ids.get(1), "Negative", ids.get(2), "Positive"));

                // nothing changed since: no further export
                await("no further export, for 3 s")
                        .during(Duration.ofSeconds(3))
                        .atMost(TIMEOUT)
                        .until(() -> exportKeys(setup, bucket, prefix).size() == 2);
            }
        }
    }

    @Test
    void anExportWhoseUploadFailedIsUploadedAtALaterPoll(
            LabelStudioServer server, S3Server s3, @TempDir Path exportsDir) throws Exception {
        String bucket = S3Examples.unique("exports-late");
        try (CamelLabelStudio ls = new CamelLabelStudio(server);
                S3EventsSetup setup = S3Examples.setup(s3)) {
            Project project = ls.project("S3 exports retry", S3Examples.labelConfig());
            Exchange imported = ls.request(
                    "labelstudio:tasks?operation=import&projectId=" + project.id(),
                    List.of(Map.of("text", "Review", "source", "s3://reviews/late.txt")),
                    Map.of());
            @SuppressWarnings("unchecked")
            List<Long> ids = imported.getMessage().getHeader(LabelStudioConstants.CREATED_TASK_IDS, List.class);
            ls.annotate(ids.get(0), "Negative");

            Map<String, String> properties = S3Examples.properties(s3, project.id());
            properties.put("demo.exports.bucket", bucket);
            properties.put("demo.exports.dir", exportsDir + "/");
            properties.put("demo.exports.delay", "1000");
            String prefix = "exports/project-" + project.id() + "/";
            // the bucket does not exist yet: the upload fails, the export waits in the local directory
            ExampleApp app = ExampleApp.start(server, "classpath:routes/exports-to-s3.camel.yaml", properties);
            app.whileRunning(() -> {
                S3Examples.await(TIMEOUT, "the export downloaded", () -> {
                    try (Stream<Path> files = Files.list(exportsDir)) {
                        return files.findAny().isPresent();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                await("the export kept in the local directory while the upload fails, for 3 s")
                        .during(Duration.ofSeconds(3))
                        .atMost(TIMEOUT)
                        .until(() -> {
                            try (Stream<Path> files = Files.list(exportsDir)) {
                                return files.findAny().isPresent();
                            }
                        });
                setup.createBucket(bucket);

                S3Examples.await(
                        TIMEOUT,
                        "the export in s3://" + bucket + "/" + prefix,
                        () -> !exportKeys(setup, bucket, prefix).isEmpty());
                await("the same snapshot, uploaded once, for 3 s")
                        .during(Duration.ofSeconds(3))
                        .atMost(TIMEOUT)
                        .until(() -> exportKeys(setup, bucket, prefix).size() == 1);
                List<String> keys = exportKeys(setup, bucket, prefix);
                assertThat(keys).as("the same snapshot, uploaded once").hasSize(1);
                assertThat(choicesByTask(setup, bucket, keys.get(0))).isEqualTo(Map.of(ids.get(0), "Negative"));
                try (Stream<Path> left = Files.list(exportsDir)) {
                    assertThat(left).isEmpty();
                }
            });
        }
    }

    private static List<String> exportKeys(S3EventsSetup setup, String bucket, String prefix) {
        return setup.s3().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    /** The export's tasks (a JSON export: a list of tasks with their annotations) as task id -> chosen sentiment. */
    private static Map<Long, String> choicesByTask(S3EventsSetup setup, String bucket, String key) throws Exception {
        byte[] content =
                setup.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        JsonNode export = JSON.readTree(content);
        assertThat(export.isArray()).as("a JSON export is a list of tasks").isTrue();
        Map<Long, String> choices = new HashMap<>();
        for (JsonNode task : export) {
            JsonNode annotations = task.path("annotations");
            assertThat(annotations.size())
                    .as("annotations of task %s", task.path("id"))
                    .isEqualTo(1);
            choices.put(
                    task.path("id").asLong(),
                    annotations
                            .get(0)
                            .path("result")
                            .get(0)
                            .path("value")
                            .path("choices")
                            .get(0)
                            .asText());
        }
        return choices;
    }
}
