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

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.examples.s3.S3EventsSetup;
import io.camellabelstudio.it.CamelLabelStudio;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;
import io.camellabelstudio.it.S3Server;
import io.camellabelstudio.it.S3ServerExtension;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code routes/s3-events-to-tasks.camel.yaml} against a real Label Studio and moto (S3 + SQS): moto delivers the
 * bucket's ObjectCreated notifications to the queue as AWS does, the route turns them into tasks.
 */
@ExtendWith({LabelStudioServerExtension.class, S3ServerExtension.class})
class S3EventsToTasksIT {

    private static final String ROUTES = "classpath:routes/s3-events-to-tasks.camel.yaml";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void eachUploadedObjectBecomesOneTaskAndRedeliveredEventsCreateNone(LabelStudioServer server, S3Server s3)
            throws Exception {
        String bucket = S3Examples.unique("events");
        String queue = S3Examples.unique("events-queue");
        try (CamelLabelStudio ls = new CamelLabelStudio(server);
                S3EventsSetup setup = S3Examples.setup(s3)) {
            String queueUrl = setup.setUp(bucket, queue);
            // idempotent: a second run adds no second notification configuration
            assertThat(setup.setUp(bucket, queue)).isEqualTo(queueUrl);
            assertThat(setup.notifyQueueOfCreatedObjects(bucket, queueUrl)).isFalse();
            assertThat(setup.s3()
                            .getBucketNotificationConfiguration(b -> b.bucket(bucket))
                            .queueConfigurations())
                    .hasSize(1);

            Project project = ls.project("S3 events", S3Examples.labelConfig());
            Map<String, String> properties = S3Examples.properties(s3, project.id());
            properties.put("demo.s3.bucket", bucket);
            properties.put("demo.s3.queue", queue);

            // keys with a folder, a space and non-ASCII: S3 events carry them URL-encoded
            Map<String, String> objects = new LinkedHashMap<>();
            objects.put("reviews/review-1.txt", "Great battery life, would buy again.");
            objects.put("reviews/review 2.txt", "It broke after two days; \"support\" never answered.\nAvoid.");
            objects.put("reviews/é-3.txt", "Okay, nothing special.");
            ExampleApp.start(server, ROUTES, properties).whileRunning(() -> {
                objects.forEach((key, text) ->
                        setup.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(text)));

                S3Examples.await(
                        TIMEOUT,
                        objects.size() + " tasks",
                        () -> S3Examples.tasks(ls, project.id()).size() >= objects.size());
                awaitQueueEmpty(setup, queueUrl);
                Map<String, String> textBySource = S3Examples.textBySource(S3Examples.tasks(ls, project.id()));
                Map<String, String> expected = new LinkedHashMap<>();
                objects.forEach((key, text) -> expected.put("s3://" + bucket + "/" + key, text));
                assertThat(textBySource).isEqualTo(expected);

                // the same event delivered once more (as SQS may), and the first object uploaded again
                String redelivered = """
                        {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
                          "s3": {"bucket": {"name": "%s"}, "object": {"key": "reviews/review+2.txt"}}}]}""".formatted(bucket);
                setup.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(redelivered));
                setup.s3()
                        .putObject(
                                b -> b.bucket(bucket).key("reviews/review-1.txt"),
                                RequestBody.fromString(objects.get("reviews/review-1.txt")));
                awaitQueueEmpty(setup, queueUrl);
                // later polls: still one task per object
                await("one task per object, for 1 s")
                        .during(Duration.ofSeconds(1))
                        .atMost(TIMEOUT)
                        .untilAsserted(() -> assertThat(S3Examples.textBySource(S3Examples.tasks(ls, project.id())))
                                .isEqualTo(expected));
            });
        }
    }

    @Test
    void aMessageWhoseImportFailedStaysInTheQueueUntilItSucceeds(LabelStudioServer server, S3Server s3)
            throws Exception {
        String bucket = S3Examples.unique("events-retry");
        String queue = S3Examples.unique("events-retry-queue");
        try (CamelLabelStudio ls = new CamelLabelStudio(server);
                S3EventsSetup setup = S3Examples.setup(s3)) {
            String queueUrl = setup.setUp(bucket, queue);
            Project project = ls.project("S3 events retry", S3Examples.labelConfig());
            Map<String, String> properties = S3Examples.properties(s3, project.id());
            properties.put("demo.s3.bucket", bucket);
            properties.put("demo.s3.queue", queue);
            properties.put("demo.s3.visibility-timeout", "2");

            ExampleApp.start(server, ROUTES, properties).whileRunning(() -> {
                // an event for an object that is not (yet) there: getObject fails, the exchange fails
                String early = """
                        {"Records": [{"eventName": "ObjectCreated:Put",
                          "s3": {"bucket": {"name": "%s"}, "object": {"key": "late.txt"}}}]}""".formatted(bucket);
                setup.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(early));
                // the message is received, fails and comes back (visibility timeout 2 s) for as long as the object is
                // missing: for 6 s no task and the message stays
                await("no task and the failed message kept, for 6 s")
                        .during(Duration.ofSeconds(6))
                        .atMost(TIMEOUT)
                        .untilAsserted(() -> {
                            assertThat(S3Examples.tasks(ls, project.id())).isEmpty();
                            assertThat(messagesInQueue(setup, queueUrl))
                                    .as("the failed message is not deleted")
                                    .isEqualTo(1);
                        });

                // the object arrives (with its own event): the retried message and the new event make one task
                setup.s3().putObject(b -> b.bucket(bucket).key("late.txt"), RequestBody.fromString("Arrived late."));
                S3Examples.await(
                        TIMEOUT,
                        "one task",
                        () -> !S3Examples.tasks(ls, project.id()).isEmpty());
                awaitQueueEmpty(setup, queueUrl);
                await("one task for the late object, for 1 s")
                        .during(Duration.ofSeconds(1))
                        .atMost(TIMEOUT)
                        .untilAsserted(() -> assertThat(S3Examples.textBySource(S3Examples.tasks(ls, project.id())))
                                .isEqualTo(Map.of("s3://" + bucket + "/late.txt", "Arrived late.")));
            });
        }
    }

    /** Visible plus in-flight messages. */
    private static int messagesInQueue(S3EventsSetup setup, String queueUrl) {
        Map<QueueAttributeName, String> attributes = setup.sqs()
                .getQueueAttributes(b -> b.queueUrl(queueUrl)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static void awaitQueueEmpty(S3EventsSetup setup, String queueUrl) throws InterruptedException {
        S3Examples.await(
                TIMEOUT,
                "the queue to be empty (messages deleted after import)",
                () -> messagesInQueue(setup, queueUrl) == 0);
    }
}
