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
package io.camellabelstudio.springboot.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.Task;
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
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole application, as {@code mvn spring-boot:run} starts it, against a real Label Studio (production layout)
 * and moto (S3 + SQS) on loopback: its configuration comes from application.yaml, whose placeholders the test fills
 * (the server's URL and API key, the buckets, the queue). Both directions: an object put into the inbox bucket
 * becomes a task; a task that gets labeled is written to the completed bucket.
 */
@ExtendWith({LabelStudioServerExtension.class, S3ServerExtension.class})
@SpringBootTest
class LabelStudioExampleApplicationIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String INBOX = "inbox-" + SUFFIX;
    private static final String COMPLETED = "completed-" + SUFFIX;
    private static final String QUEUE = "inbox-events-" + SUFFIX;

    @TempDir
    static Path stateDir;

    private static LabelStudioServer server;
    private static S3Server moto;
    private static LabelStudioClient client;
    private static S3Client s3;
    private static long projectId;

    @BeforeAll
    static void setUp(LabelStudioServer labelStudio, S3Server s3Server) {
        server = labelStudio;
        moto = s3Server;
        client = LabelStudioClient.builder()
                .url(server.url())
                .apiKey(server.legacyToken())
                .build();
        projectId = client.projects()
                .create("Spring Boot example " + SUFFIX, LabelConfigs.TEXT_CLASSIFICATION)
                .id();

        var credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create(moto.accessKey(), moto.secretKey()));
        s3 = S3Client.builder()
                .region(Region.of(moto.region()))
                .credentialsProvider(credentials)
                .endpointOverride(URI.create(moto.endpoint()))
                .forcePathStyle(true)
                .build();
        s3.createBucket(b -> b.bucket(INBOX));
        s3.createBucket(b -> b.bucket(COMPLETED));
        // the inbox bucket announces its new objects on the queue, as an S3 event notification setup on AWS does
        try (SqsClient sqs = SqsClient.builder()
                .region(Region.of(moto.region()))
                .credentialsProvider(credentials)
                .endpointOverride(URI.create(moto.endpoint()))
                .build()) {
            String queueUrl = sqs.createQueue(b -> b.queueName(QUEUE)).queueUrl();
            String queueArn = sqs.getQueueAttributes(
                            b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes()
                    .get(QueueAttributeName.QUEUE_ARN);
            s3.putBucketNotificationConfiguration(b -> b.bucket(INBOX)
                    .notificationConfiguration(n -> n.queueConfigurations(QueueConfiguration.builder()
                            .queueArn(queueArn)
                            .events(Event.S3_OBJECT_CREATED)
                            .build())));
        }
    }

    /** application.yaml's placeholders, as the environment would give them. */
    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        registry.add("LABEL_STUDIO_URL", () -> server.url());
        registry.add("LABEL_STUDIO_API_KEY", () -> server.legacyToken());
        registry.add("EXAMPLE_PROJECT_ID", () -> projectId);
        registry.add("EXAMPLE_STATE_DIR", () -> stateDir.toString());
        registry.add("EXAMPLE_INBOX_BUCKET", () -> INBOX);
        registry.add("EXAMPLE_EVENTS_QUEUE", () -> QUEUE);
        registry.add("EXAMPLE_COMPLETED_BUCKET", () -> COMPLETED);
        registry.add("AWS_REGION", () -> moto.region());
        registry.add("S3_ENDPOINT_URL", () -> moto.endpoint());
        registry.add("EXAMPLE_AWS_ACCESS_KEY", () -> moto.accessKey());
        registry.add("EXAMPLE_AWS_SECRET_KEY", () -> moto.secretKey());
    }

    @AfterAll
    static void tearDown() {
        if (client != null) {
            client.projects().delete(projectId);
            client.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void objectsPutIntoTheInboxBucketBecomeTasks() {
        Map<String, String> objects = Map.of(
                "reviews/first.txt", "Sturdy and quiet, exactly as described.",
                // keys arrive URL-encoded in the event: decoded before the object is read
                "reviews/second review.txt", "Stopped working after a week.");
        objects.forEach((key, text) -> s3.putObject(b -> b.bucket(INBOX).key(key), RequestBody.fromString(text)));

        Map<String, String> expected = new HashMap<>();
        objects.forEach((key, text) -> expected.put("s3://" + INBOX + "/" + key, text));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(textBySource()).containsAllEntriesOf(expected));
    }

    @Test
    void aTaskThatGetsLabeledIsWrittenToTheCompletedBucket() throws Exception {
        client.tasks()
                .importTasks(
                        projectId,
                        List.of(Map.of("text", "Arrived a day early.", "source", "manual:" + SUFFIX)),
                        ImportOptions.defaults());
        Task task = tasks().stream()
                .filter(t -> ("manual:" + SUFFIX).equals(t.data().get("source")))
                .findFirst()
                .orElseThrow();
        client.annotations()
                .create(
                        task.id(),
                        Map.of(
                                "result",
                                List.of(Map.of(
                                        "from_name", "sentiment",
                                        "to_name", "text",
                                        "type", "choices",
                                        "value", Map.of("choices", List.of("Positive"))))));

        String key = "completed/task-" + task.id() + ".json";
        JsonNode written = await().atMost(TIMEOUT)
                .ignoreException(NoSuchKeyException.class)
                .until(
                        () -> JSON.readTree(
                                s3.getObjectAsBytes(b -> b.bucket(COMPLETED).key(key))
                                        .asByteArray()),
                        node -> true);
        assertThat(written.get("taskId").asLong()).isEqualTo(task.id());
        assertThat(written.get("source").asText()).isEqualTo("manual:" + SUFFIX);
        assertThat(written.get("text").asText()).isEqualTo("Arrived a day early.");
        assertThat(written.get("label").asText()).isEqualTo("Positive");
        assertThat(written.get("completedAt").isNull()).isFalse();
    }

    private static List<Task> tasks() {
        List<Task> tasks = new ArrayList<>();
        client.tasks().list(projectId, TaskQuery.all().withResolveUri(false)).forEach(tasks::add);
        return tasks;
    }

    private static Map<String, String> textBySource() {
        Map<String, String> textBySource = new HashMap<>();
        for (Task task : tasks()) {
            String source = (String) task.data().get("source");
            assertThat(textBySource.put(source, (String) task.data().get("text")))
                    .as("one task per source: " + source)
                    .isNull();
        }
        return textBySource;
    }
}
