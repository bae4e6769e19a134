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
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.examples.it.Azurite;
import io.camellabelstudio.examples.it.AzuriteExtension;
import io.camellabelstudio.it.CamelLabelStudio;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;

/**
 * routes/azure-events-to-tasks.camel.yaml against a real Label Studio and Azurite (Blob + Queue). Azurite has no
 * Event Grid, so the test does what an Event Grid subscription with a Storage Queue destination does: after each
 * upload it writes the Microsoft.Storage.BlobCreated event (Event Grid schema, Base64-encoded) into the queue.
 */
@ExtendWith({LabelStudioServerExtension.class, AzuriteExtension.class})
class AzureEventsToTasksIT {

    private static final int N = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachBlobCreatedEventBecomesOneTaskAndRedeliveryCreatesNone(LabelStudioServer server, Azurite azurite)
            throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String containerName = "inbox-" + suffix;
        String queueName = "blob-events-" + suffix;
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(azurite.connectionString())
                .buildClient()
                .createBlobContainer(containerName);
        QueueClient queue = new QueueServiceClientBuilder()
                .connectionString(azurite.connectionString())
                .buildClient()
                .createQueue(queueName);

        try (CamelLabelStudio labelStudio = new CamelLabelStudio(server)) {
            Project project = labelStudio.project("Azure events", DemoData.labelConfig());
            Map<String, String> properties = Map.of(
                    "demo.project-id",
                    String.valueOf(project.id()),
                    "demo.azure.enabled",
                    "true",
                    "demo.azure.connection-string",
                    azurite.connectionString(),
                    "demo.azure.account-name",
                    azurite.accountName(),
                    "demo.azure.queue",
                    queueName,
                    "demo.azure.container",
                    containerName,
                    "demo.azure.visibility-timeout",
                    "PT2S",
                    "demo.azure.max-attempts",
                    "2");
            ExampleApp app = ExampleApp.start(server, "classpath:routes/azure-events-to-tasks.camel.yaml", properties);
            app.whileRunning(() -> {
                List<String> reviews = DemoData.reviews(N);
                Map<String, String> expected = new LinkedHashMap<>();
                String firstEvent = null;
                for (int i = 0; i < N; i++) {
                    String blobName = "reviews/review " + (i + 1) + ".txt"; // a space: names are not URL-decoded
                    container.getBlobClient(blobName).upload(BinaryData.fromString(reviews.get(i)));
                    String event = blobCreatedEvent(azurite, containerName, blobName, reviews.get(i));
                    queue.sendMessage(base64(event));
                    expected.put("azure-blob://" + containerName + "/" + blobName, reviews.get(i));
                    if (firstEvent == null) {
                        firstEvent = event;
                    }
                }

                DemoData.await(
                        Duration.ofSeconds(60),
                        () -> DemoData.taskCount(labelStudio.client(), project.id()) >= N,
                        () -> "tasks in the project: " + DemoData.taskCount(labelStudio.client(), project.id()));
                awaitQueueEmpty(queue);
                assertThat(DemoData.tasksBySource(labelStudio.client(), project.id()))
                        .containsExactlyInAnyOrderEntriesOf(expected);

                // Event Grid delivers at least once: the same event again (this time as plain JSON, as a queue client
                // that does not encode messages writes it) and an event of another type make no task
                queue.sendMessage(firstEvent);
                queue.sendMessage(firstEvent.replace("Microsoft.Storage.BlobCreated", "Microsoft.Storage.BlobDeleted"));
                awaitQueueEmpty(queue);
                assertThat(DemoData.tasksBySource(labelStudio.client(), project.id()))
                        .containsExactlyInAnyOrderEntriesOf(expected);

                // what can never succeed ends in the poison queue: a message that is no event at once, an event
                // whose blob does not exist after max-attempts (2) tries
                QueueClient poison = new QueueServiceClientBuilder()
                        .connectionString(azurite.connectionString())
                        .buildClient()
                        .getQueueClient(queueName + "-poison");
                String missingBlobEvent = blobCreatedEvent(azurite, containerName, "no-such-blob.txt", "");
                queue.sendMessage("not an event");
                queue.sendMessage(base64(missingBlobEvent));
                awaitQueueEmpty(queue);
                List<String> poisoned = new ArrayList<>();
                poison.receiveMessages(32).forEach(m -> poisoned.add(m.getBody().toString()));
                assertThat(poisoned).containsExactlyInAnyOrder("not an event", base64(missingBlobEvent));
                assertThat(DemoData.tasksBySource(labelStudio.client(), project.id()))
                        .containsExactlyInAnyOrderEntriesOf(expected);
                poison.delete();
            });
        } finally {
            queue.delete();
            container.delete();
        }
    }

    /** The route deletes a message only after it was handled (imported or skipped), so an empty queue means done. */
    private static void awaitQueueEmpty(QueueClient queue) throws InterruptedException {
        DemoData.await(
                Duration.ofSeconds(60),
                () -> queue.getProperties().getApproximateMessagesCount() == 0,
                () -> "messages left in the queue: " + queue.getProperties().getApproximateMessagesCount());
    }

    /** The event as Event Grid writes it for a blob upload (EventGridSchema), one event per queue message. */
    private static String blobCreatedEvent(Azurite azurite, String container, String blob, String text)
            throws Exception {
        ObjectNode event = JSON.createObjectNode();
        event.put(
                "topic",
                "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo/providers"
                        + "/Microsoft.Storage/storageAccounts/" + azurite.accountName());
        event.put("subject", "/blobServices/default/containers/" + container + "/blobs/" + blob);
        event.put("eventType", "Microsoft.Storage.BlobCreated");
        event.put("id", UUID.randomUUID().toString());
        ObjectNode data = event.putObject("data");
        data.put("api", "PutBlob");
        data.put("requestId", UUID.randomUUID().toString());
        data.put("eTag", "0x8DC0000000000" + Math.abs(blob.hashCode() % 1000));
        data.put("contentType", "text/plain");
        data.put("contentLength", text.getBytes(StandardCharsets.UTF_8).length);
        data.put("blobType", "BlockBlob");
        data.put("url", azurite.blobEndpoint() + "/" + container + "/" + blob.replace(" ", "%20"));
        data.put("sequencer", "00000000000000000000000000000000000000000000" + System.nanoTime());
        data.putObject("storageDiagnostics").put("batchId", UUID.randomUUID().toString());
        event.put("dataVersion", "");
        event.put("metadataVersion", "1");
        event.put("eventTime", OffsetDateTime.now().toString());
        return JSON.writeValueAsString(event);
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
