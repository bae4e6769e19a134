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

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.NotifyBuilder;
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
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@code routes/s3-poll-to-tasks.camel.yaml} against a real Label Studio and moto's S3. */
@ExtendWith({LabelStudioServerExtension.class, S3ServerExtension.class})
class S3PollToTasksIT {

    private static final String ROUTE = "s3-poll-to-tasks";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void eachObjectBecomesOneTaskAndStaysInTheBucketAndRepollsCreateNoDuplicates(LabelStudioServer server, S3Server s3)
            throws Exception {
        String bucket = S3Examples.unique("poll");
        try (CamelLabelStudio ls = new CamelLabelStudio(server);
                S3EventsSetup setup = S3Examples.setup(s3)) {
            setup.createBucket(bucket);
            Map<String, String> objects = new LinkedHashMap<>();
            objects.put("inbox/review-1.txt", "Fast delivery, works as described.");
            objects.put("inbox/review 2.txt", "Too loud, \"quiet mode\" is not quiet.\nReturned it.");
            objects.put("inbox/review-3.txt", "Fine for the price.");
            objects.forEach(
                    (key, text) -> setup.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(text)));
            // outside the prefix: not polled
            setup.s3().putObject(b -> b.bucket(bucket).key("other/ignored.txt"), RequestBody.fromString("no"));

            Project project = ls.project("S3 poll", S3Examples.labelConfig());
            Map<String, String> properties = S3Examples.properties(s3, project.id());
            properties.put("demo.s3.bucket", bucket);
            properties.put("demo.s3.poll.enabled", "true");
            properties.put("demo.s3.poll-prefix", "inbox/");
            properties.put("demo.s3.poll-delay", "500");

            Map<String, String> expected = new LinkedHashMap<>();
            objects.forEach((key, text) -> expected.put("s3://" + bucket + "/" + key, text));
            try (ExampleApp app =
                    ExampleApp.start(server, "classpath:routes/s3-poll-to-tasks.camel.yaml", properties)) {
                // three full polls: the first imports, the next two see the same objects again
                NotifyBuilder threePolls = new NotifyBuilder(app.camel())
                        .fromRoute(ROUTE)
                        .whenCompleted(3 * objects.size())
                        .create();
                assertThat(threePolls.matches(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .as("three polls of %s objects", objects.size())
                        .isTrue();
                assertThat(S3Examples.textBySource(S3Examples.tasks(ls, project.id())))
                        .isEqualTo(expected);
                assertThat(keys(setup, bucket))
                        .as("deleteAfterRead=false keeps the objects")
                        .containsExactlyInAnyOrder(
                                "inbox/review-1.txt", "inbox/review 2.txt", "inbox/review-3.txt", "other/ignored.txt");

                // a new object: one more task at the next poll, still none twice
                setup.s3()
                        .putObject(
                                b -> b.bucket(bucket).key("inbox/review-4.txt"),
                                RequestBody.fromString("Would not recommend."));
                expected.put("s3://" + bucket + "/inbox/review-4.txt", "Would not recommend.");
                S3Examples.await(
                        TIMEOUT,
                        "4 tasks",
                        () -> S3Examples.tasks(ls, project.id()).size() >= 4);
                NotifyBuilder anotherPoll = new NotifyBuilder(app.camel())
                        .fromRoute(ROUTE)
                        .whenCompleted(2 * expected.size())
                        .create();
                assertThat(anotherPoll.matches(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .isTrue();
                assertThat(S3Examples.textBySource(S3Examples.tasks(ls, project.id())))
                        .isEqualTo(expected);
            }

            // a restart forgets nothing that matters: the objects are polled again, importKey skips them all
            try (ExampleApp app =
                    ExampleApp.start(server, "classpath:routes/s3-poll-to-tasks.camel.yaml", properties)) {
                NotifyBuilder firstPoll = new NotifyBuilder(app.camel())
                        .fromRoute(ROUTE)
                        .whenCompleted(expected.size())
                        .create();
                assertThat(firstPoll.matches(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .isTrue();
                assertThat(S3Examples.textBySource(S3Examples.tasks(ls, project.id())))
                        .isEqualTo(expected);
            }
        }
    }

    private static List<String> keys(S3EventsSetup setup, String bucket) {
        return setup.s3().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::key)
                .toList();
    }
}
