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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;

import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.examples.it.GcsEmulator;
import io.camellabelstudio.examples.it.GcsEmulatorExtension;
import io.camellabelstudio.it.CamelLabelStudio;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;

/** routes/gcs-to-tasks.camel.yaml against a real Label Studio and gcp-storage-emulator. */
@ExtendWith({LabelStudioServerExtension.class, GcsEmulatorExtension.class})
class GcsToTasksIT {

    private static final int N = 5;
    private static final String ROUTE = "gcs-to-tasks";

    @Test
    void eachObjectBecomesOneTaskAlsoAcrossRestarts(LabelStudioServer server, GcsEmulator gcs) throws Exception {
        String bucket = "inbox-" + UUID.randomUUID().toString().substring(0, 8);
        Storage storage = gcs.storage();
        storage.create(BucketInfo.of(bucket));
        List<String> reviews = DemoData.reviews(N + 1);

        try (CamelLabelStudio labelStudio = new CamelLabelStudio(server)) {
            Project project = labelStudio.project("GCS objects", DemoData.labelConfig());
            Map<String, String> properties = Map.of(
                    "demo.project-id",
                    String.valueOf(project.id()),
                    "demo.gcs.enabled",
                    "true",
                    "demo.gcs.bucket",
                    bucket,
                    "demo.gcs.poll-delay",
                    "500");
            // the emulator's client, which google-storage autowires (the route names no client)
            Map<String, Object> beans = Map.of("gcsEmulatorStorage", storage);
            Map<String, String> expected = new LinkedHashMap<>();
            for (int i = 0; i < N; i++) {
                expected.put(
                        upload(storage, bucket, "reviews/review-" + (i + 1) + ".txt", reviews.get(i)), reviews.get(i));
            }

            try (ExampleApp app =
                    ExampleApp.start(server, "classpath:routes/gcs-to-tasks.camel.yaml", properties, beans)) {
                awaitImported(app, N);
                assertThat(DemoData.tasksBySource(labelStudio.client(), project.id()))
                        .containsExactlyInAnyOrderEntriesOf(expected);
                // later polls (every 500 ms) list the same objects again: the idempotent consumer skips them
                await("still " + N + " tasks, for 2 s")
                        .during(Duration.ofSeconds(2))
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> DemoData.taskCount(labelStudio.client(), project.id()) == N);
            }

            // a restarted route has forgotten what it imported and reads every object again: importKey=source skips
            // the N tasks that exist; one new object becomes one more task
            try (ExampleApp app =
                    ExampleApp.start(server, "classpath:routes/gcs-to-tasks.camel.yaml", properties, beans)) {
                awaitImported(app, N);
                assertThat(DemoData.tasksBySource(labelStudio.client(), project.id()))
                        .containsExactlyInAnyOrderEntriesOf(expected);
                expected.put(upload(storage, bucket, "reviews/late.txt", reviews.get(N)), reviews.get(N));
                awaitImported(app, N + 1);
                assertThat(DemoData.tasksBySource(labelStudio.client(), project.id()))
                        .containsExactlyInAnyOrderEntriesOf(expected);
            }
        }
    }

    private static String upload(Storage storage, String bucket, String name, String text) {
        storage.create(
                BlobInfo.newBuilder(BlobId.of(bucket, name))
                        .setContentType("text/plain")
                        .build(),
                text.getBytes(StandardCharsets.UTF_8));
        return "gs://" + bucket + "/" + name;
    }

    /** Waits until the route has handled {@code n} distinct objects and has no exchange in flight. */
    private static void awaitImported(ExampleApp app, int n) throws InterruptedException {
        MemoryIdempotentRepository seen =
                app.camel().getRegistry().lookupByNameAndType("gcsImportedObjects", MemoryIdempotentRepository.class);
        assertThat(seen).as("the route's idempotent repository bean").isNotNull();
        DemoData.await(
                Duration.ofSeconds(60),
                () -> seen.getCacheSize() >= n
                        && app.camel().getInflightRepository().size(ROUTE) == 0,
                () -> "objects handled: " + seen.getCacheSize() + ", in flight: "
                        + app.camel().getInflightRepository().size(ROUTE));
    }
}
