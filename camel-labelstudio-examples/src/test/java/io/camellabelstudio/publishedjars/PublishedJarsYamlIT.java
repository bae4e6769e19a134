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
package io.camellabelstudio.publishedjars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.camel.ServiceStatus;
import org.apache.camel.main.Main;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;

import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.examples.it.Azurite;
import io.camellabelstudio.examples.it.AzuriteExtension;
import io.camellabelstudio.examples.it.GcsEmulator;
import io.camellabelstudio.examples.it.GcsEmulatorExtension;
import io.camellabelstudio.it.CamelLabelStudio;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;
import io.camellabelstudio.it.S3Server;
import io.camellabelstudio.it.S3ServerExtension;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The example YAML routes as a Camel user runs them: camel-main loads the route files and application.properties
 * from the file system, with only published jars on the classpath (the component's jar and standard Camel
 * components; the failsafe execution {@code published-jars} leaves the examples module's classes off the classpath).
 * Against a real Label Studio, moto and Azurite: an object put into the bucket reaches the queue as an S3
 * notification and becomes a task (s3-events-to-tasks); annotating it makes completed-to-downstream write its flat
 * record, and its mark is kept in the FileStateRepository of completed-marks.camel.yaml; an Event Grid BlobCreated
 * message in a Storage Queue becomes a task (azure-events-to-tasks); objects in a Cloud Storage bucket (the GCS
 * emulator, its client bound as the only {@code Storage} bean, which google-storage autowires) become tasks
 * (gcs-to-tasks); files dropped into a folder become tasks, and a broken one imports nothing (folder-to-tasks).
 */
// only in the published-jars execution: in the default one this module's classes are on the classpath
@EnabledIfSystemProperty(named = "labelstudio.published.jars", matches = "true")
@ExtendWith({LabelStudioServerExtension.class, S3ServerExtension.class})
class PublishedJarsYamlIT {

    private static final Path EXAMPLES =
            Paths.get(System.getProperty("examples.dir", ".")).toAbsolutePath();
    private static final Path ROUTES = EXAMPLES.resolve("src/main/resources/routes");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theClasspathHasNoExampleClassesAndTheComponentComesAsAJar() throws Exception {
        assertThatThrownBy(() -> Class.forName("io.camellabelstudio.examples.demo.DemoFlow"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("io.camellabelstudio.examples.DemoApplication"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(getClass().getClassLoader().getResource("routes/s3-events-to-tasks.camel.yaml"))
                .isNull();
        URI component = Class.forName("io.camellabelstudio.component.transform.S3EventTransformer")
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI();
        assertThat(component.getPath()).endsWith(".jar").contains("camel-labelstudio-");
    }

    @Test
    void s3EventsBecomeTasksAndALabeledTaskIsWrittenFlat(LabelStudioServer server, S3Server s3) throws Exception {
        String bucket = "published-" + UUID.randomUUID().toString().substring(0, 8);
        String queue = bucket + "-events";
        Path output = dir.resolve("output");
        Path lines = output.resolve("completed-tasks.jsonl");
        try (CamelLabelStudio ls = new CamelLabelStudio(server);
                S3Client s3Client = s3Client(s3);
                SqsClient sqs = sqsClient(s3)) {
            notifyQueueOfCreatedObjects(s3Client, sqs, bucket, queue);
            Project project = ls.project("Published jars", LabelConfigs.TEXT_CLASSIFICATION);

            Properties properties = routeProperties(
                    server,
                    project.id(),
                    "file:" + ROUTES.resolve("s3-events-to-tasks.camel.yaml") + ",file:"
                            + ROUTES.resolve("completed-marks.camel.yaml") + ",file:"
                            + ROUTES.resolve("completed-to-downstream.camel.yaml"));
            properties.setProperty("demo.s3.endpoint", s3.endpoint());
            properties.setProperty("demo.s3.override-endpoint", "true");
            properties.setProperty("demo.s3.region", s3.region());
            properties.setProperty("demo.s3.default-credentials", "false");
            properties.setProperty("demo.s3.access-key", s3.accessKey());
            properties.setProperty("demo.s3.secret-key", s3.secretKey());
            properties.setProperty("demo.s3.bucket", bucket);
            properties.setProperty("demo.s3.queue", queue);
            properties.setProperty("demo.output.dir", output.toString());
            properties.setProperty("demo.state.dir", dir.resolve("state").toString());
            properties.setProperty("demo.kafka.brokers", "");

            Main main = main(properties);
            main.start();
            try {
                Map<String, String> texts = new LinkedHashMap<>();
                texts.put("reviews/great kettle.txt", "Great kettle, boils fast.");
                texts.put("reviews/broke.txt", "Broke after a day.");
                texts.forEach((key, text) ->
                        s3Client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(text)));

                await("a task per object")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> tasks(ls, project.id()).size() >= texts.size());
                List<Task> tasks = tasks(ls, project.id());
                Map<String, String> textBySource = new LinkedHashMap<>();
                tasks.forEach(t -> textBySource.put(
                        (String) t.data().get("source"), (String) t.data().get("text")));
                Map<String, String> expected = new LinkedHashMap<>();
                texts.forEach((key, text) -> expected.put("s3://" + bucket + "/" + key, text));
                assertThat(textBySource).isEqualTo(expected);

                Task kettle = tasks.stream()
                        .filter(t -> t.data().get("source").equals("s3://" + bucket + "/reviews/great kettle.txt"))
                        .findFirst()
                        .orElseThrow();
                long annotationId = ls.annotate(kettle.id(), "Positive").id();
                await("the labeled task's line")
                        .atMost(Duration.ofSeconds(60))
                        .until(() ->
                                Files.exists(lines) && !Files.readString(lines).isBlank());
                List<Map<String, Object>> records = records(lines);
                assertThat(records).hasSize(1);
                assertThat(records.get(0))
                        .containsOnlyKeys(
                                "task_id", "text", "source", "label", "annotation_id", "annotator", "completed_at")
                        .containsEntry("task_id", kettle.id().intValue())
                        .containsEntry("text", "Great kettle, boils fast.")
                        .containsEntry("source", "s3://" + bucket + "/reviews/great kettle.txt")
                        .containsEntry("label", "Positive")
                        .containsEntry("annotation_id", (int) annotationId);
                assertThat(records.get(0).get("annotator")).isInstanceOf(Number.class);
                assertThat((String) records.get(0).get("completed_at")).isNotBlank();
                // the consumer's mark, in the FileStateRepository that completed-marks.camel.yaml builds
                assertThat(main.getCamelContext().getRegistry().lookupByName("completedMarks"))
                        .isInstanceOf(FileStateRepository.class);
                Path marks = dir.resolve("state/completed-to-downstream.marks");
                await("the consumer's mark on file")
                        .atMost(Duration.ofSeconds(30))
                        .until(() ->
                                Files.exists(marks) && Files.readString(marks).contains("projectId:" + project.id()));
            } finally {
                main.stop();
            }
        }
    }

    @Test
    @ExtendWith(AzuriteExtension.class)
    void azureBlobCreatedEventsBecomeTasks(LabelStudioServer server, Azurite azurite) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String containerName = "published-" + suffix;
        String queueName = "published-events-" + suffix;
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(azurite.connectionString())
                .buildClient()
                .createBlobContainer(containerName);
        QueueClient queue = new QueueServiceClientBuilder()
                .connectionString(azurite.connectionString())
                .buildClient()
                .createQueue(queueName);
        try (CamelLabelStudio ls = new CamelLabelStudio(server)) {
            Project project = ls.project("Published jars Azure", LabelConfigs.TEXT_CLASSIFICATION);
            Properties properties =
                    routeProperties(server, project.id(), "file:" + ROUTES.resolve("azure-events-to-tasks.camel.yaml"));
            properties.setProperty("demo.azure.enabled", "true");
            properties.setProperty("demo.azure.connection-string", azurite.connectionString());
            properties.setProperty("demo.azure.account-name", azurite.accountName());
            properties.setProperty("demo.azure.queue", queueName);
            properties.setProperty("demo.azure.container", containerName);
            Main main = main(properties);
            main.start();
            try {
                String blob = "reviews/great kettle.txt";
                container.getBlobClient(blob).upload(BinaryData.fromString("Great kettle, boils fast."));
                // one event per message, Base64-encoded JSON, as an Event Grid subscription writes it
                String event = """
                        {"topic": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo/providers                        /Microsoft.Storage/storageAccounts/%1$s",
                         "subject": "/blobServices/default/containers/%2$s/blobs/%3$s",
                         "eventType": "Microsoft.Storage.BlobCreated", "id": "%4$s",
                         "data": {"api": "PutBlob", "contentType": "text/plain", "blobType": "BlockBlob",
                                  "url": "%5$s/%2$s/%3$s"},
                         "dataVersion": "", "metadataVersion": "1", "eventTime": "2026-12-07T06:00:00Z"}""".formatted(
                                azurite.accountName(), containerName, blob, UUID.randomUUID(), azurite.blobEndpoint());
                queue.sendMessage(Base64.getEncoder().encodeToString(event.getBytes(StandardCharsets.UTF_8)));

                await("a task for the blob")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> !tasks(ls, project.id()).isEmpty());
                await("the message deleted")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> queue.getProperties().getApproximateMessagesCount() == 0);
                List<Task> tasks = tasks(ls, project.id());
                assertThat(tasks).hasSize(1);
                assertThat(tasks.get(0).data())
                        .containsEntry("text", "Great kettle, boils fast.")
                        .containsEntry("source", "azure-blob://" + containerName + "/" + blob);
            } finally {
                main.stop();
            }
        } finally {
            queue.delete();
            container.delete();
        }
    }

    @Test
    @ExtendWith(GcsEmulatorExtension.class)
    void gcsObjectsBecomeTasksOnce(LabelStudioServer server, GcsEmulator gcs) throws Exception {
        String bucket = "published-" + UUID.randomUUID().toString().substring(0, 8);
        Storage storage = gcs.storage();
        storage.create(BucketInfo.of(bucket));
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("reviews/great kettle.txt", "Great kettle, boils fast.");
        texts.put("reviews/broke.txt", "Broke after a day.");
        texts.forEach((name, text) -> storage.create(
                BlobInfo.newBuilder(BlobId.of(bucket, name))
                        .setContentType("text/plain")
                        .build(),
                text.getBytes(StandardCharsets.UTF_8)));
        try (CamelLabelStudio ls = new CamelLabelStudio(server)) {
            Project project = ls.project("Published jars GCS", LabelConfigs.TEXT_CLASSIFICATION);
            Properties properties =
                    routeProperties(server, project.id(), "file:" + ROUTES.resolve("gcs-to-tasks.camel.yaml"));
            properties.setProperty("demo.gcs.enabled", "true");
            properties.setProperty("demo.gcs.bucket", bucket);
            properties.setProperty("demo.gcs.poll-delay", "500");
            Main main = main(properties);
            // the deployer's client (here: the emulator's); the route file names none
            main.bind("gcsEmulatorStorage", storage);
            main.start();
            try {
                Map<String, String> expected = new LinkedHashMap<>();
                texts.forEach((name, text) -> expected.put("gs://" + bucket + "/" + name, text));
                await("a task per object")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> tasks(ls, project.id()).size() >= texts.size());
                // later polls list the same objects again: still one task each
                await("no second task, for 2 s")
                        .during(Duration.ofSeconds(2))
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> tasks(ls, project.id()).size() == texts.size());
                Map<String, String> textBySource = new LinkedHashMap<>();
                tasks(ls, project.id())
                        .forEach(t -> textBySource.put((String) t.data().get("source"), (String)
                                t.data().get("text")));
                assertThat(textBySource).isEqualTo(expected);
            } finally {
                main.stop();
            }
        }
    }

    @Test
    void folderFilesBecomeTasksOnceAndABrokenFileImportsNothing(LabelStudioServer server) throws Exception {
        Path inbox = dir.resolve("inbox");
        Files.createDirectories(inbox);
        try (CamelLabelStudio ls = new CamelLabelStudio(server)) {
            Project project = ls.project("Published jars folder", LabelConfigs.TEXT_CLASSIFICATION);
            Properties properties =
                    routeProperties(server, project.id(), "file:" + ROUTES.resolve("folder-to-tasks.camel.yaml"));
            properties.setProperty("demo.inbox.dir", inbox.toString());
            Main main = main(properties);
            main.start();
            try {
                String csv = "text,rating\r\nComfortable shoes,5\r\n\"Too loud, returned it\",1\r\n";
                drop(inbox, "reviews.csv", csv);
                drop(inbox, "broken.jsonl", "{\"text\": \"fine\"}\n{\"text\": oops}\n");
                await("both files moved")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> Files.exists(inbox.resolve(".done/reviews.csv"))
                                && Files.exists(inbox.resolve(".failed/broken.jsonl")));
                Map<String, String> textBySource = new LinkedHashMap<>();
                tasks(ls, project.id())
                        .forEach(t -> textBySource.put((String) t.data().get("source"), (String)
                                t.data().get("text")));
                assertThat(textBySource)
                        .isEqualTo(Map.of(
                                "file:reviews.csv#1", "Comfortable shoes",
                                "file:reviews.csv#2", "Too loud, returned it"));

                // the same file again: nothing new
                drop(inbox, "reviews.csv", csv);
                await("the file moved again")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> !Files.exists(inbox.resolve("reviews.csv")));
                await("still two tasks, for 1 s")
                        .during(Duration.ofSeconds(1))
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> tasks(ls, project.id()).size() == 2);
            } finally {
                main.stop();
            }
        }
    }

    /** Writes the file next to the inbox and moves it in, as a finished file appears in a drop folder. */
    private void drop(Path inbox, String name, String content) throws IOException {
        Path staged = Files.createTempFile(dir, "staged", ".tmp");
        Files.writeString(staged, content, StandardCharsets.UTF_8);
        Files.move(staged, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void gcsRouteFileLoadsWithoutGcs(LabelStudioServer server) throws Exception {
        // no Storage bean, no credentials, demo.gcs.enabled=false (the default): the file loads, the route stays off
        Properties properties = routeProperties(server, 1, "file:" + ROUTES.resolve("gcs-to-tasks.camel.yaml"));
        Main main = main(properties);
        main.start();
        try {
            assertThat(main.getCamelContext().getRouteController().getRouteStatus("gcs-to-tasks"))
                    .isEqualTo(ServiceStatus.Stopped);
        } finally {
            main.stop();
        }
    }

    private static List<Task> tasks(CamelLabelStudio ls, long projectId) {
        List<Task> tasks = new ArrayList<>();
        ls.client()
                .tasks()
                .list(projectId, TaskQuery.all().withResolveUri(false))
                .forEach(tasks::add);
        return tasks;
    }

    private static List<Map<String, Object>> records(Path file) throws IOException {
        List<Map<String, Object>> records = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                records.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() {}));
            }
        }
        return records;
    }

    /** The bucket, the queue and the bucket's ObjectCreated notification to it, as an AWS user sets them up. */
    private static void notifyQueueOfCreatedObjects(S3Client s3, SqsClient sqs, String bucket, String queue) {
        s3.createBucket(b -> b.bucket(bucket));
        String queueUrl = sqs.createQueue(b -> b.queueName(queue)).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket)
                .notificationConfiguration(n -> n.queueConfigurations(QueueConfiguration.builder()
                        .queueArn(queueArn)
                        .events(Event.S3_OBJECT_CREATED)
                        .build())));
    }

    private static S3Client s3Client(S3Server s3) {
        return S3Client.builder()
                .endpointOverride(URI.create(s3.endpoint()))
                .forcePathStyle(true)
                .region(Region.of(s3.region()))
                .credentialsProvider(credentials(s3))
                .build();
    }

    private static SqsClient sqsClient(S3Server s3) {
        return SqsClient.builder()
                .endpointOverride(URI.create(s3.endpoint()))
                .region(Region.of(s3.region()))
                .credentialsProvider(credentials(s3))
                .build();
    }

    private static StaticCredentialsProvider credentials(S3Server s3) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()));
    }

    /** What every route file here needs: the file(s), the server and key, the project; no end by message count. */
    private static Properties routeProperties(LabelStudioServer server, long projectId, String routesIncludePattern) {
        Properties properties = new Properties();
        properties.setProperty("camel.main.routes-include-pattern", routesIncludePattern);
        properties.setProperty("camel.main.duration-max-messages", "0");
        properties.setProperty("camel.component.labelstudio.url", server.url());
        properties.setProperty("camel.component.labelstudio.api-key", server.legacyToken());
        properties.setProperty("demo.project-id", String.valueOf(projectId));
        return properties;
    }

    /** A camel-main with the examples' application.properties, overridden by {@code properties}; not started. */
    private static Main main(Properties properties) {
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation(
                "file:" + EXAMPLES.resolve("src/main/resources/application.properties"));
        main.setOverrideProperties(properties);
        return main;
    }
}
