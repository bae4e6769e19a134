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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;

import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.examples.s3.S3EventsSetup;
import io.camellabelstudio.it.CamelLabelStudio;
import io.camellabelstudio.it.S3Server;

/** What the ITs of the S3 example routes share: properties for moto, the demo's label config, waiting, listing. */
final class S3Examples {

    private S3Examples() {}

    /** A bucket or queue name no other test uses. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The S3 setup helper connected to the moto server, as the demo connects it. */
    static S3EventsSetup setup(S3Server s3) {
        return S3EventsSetup.connect(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey());
    }

    /** The {@code demo.*} properties that point the routes at the moto server and the project. */
    static Map<String, String> properties(S3Server s3, long projectId) {
        Map<String, String> properties = new HashMap<>();
        properties.put("demo.project-id", Long.toString(projectId));
        properties.put("demo.s3.endpoint", s3.endpoint());
        properties.put("demo.s3.override-endpoint", "true");
        properties.put("demo.s3.region", s3.region());
        // the test JVM's environment has no AWS keys: use the server's, not the SDK's default chain
        properties.put("demo.s3.default-credentials", "false");
        properties.put("demo.s3.access-key", s3.accessKey());
        properties.put("demo.s3.secret-key", s3.secretKey());
        return properties;
    }

    static String labelConfig() {
        try (InputStream in = S3Examples.class.getResourceAsStream("/demo/label-config.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All tasks of the project, as the server has them (storage URIs not resolved). */
    static List<Task> tasks(CamelLabelStudio ls, long projectId) {
        List<Task> tasks = new ArrayList<>();
        ls.client()
                .tasks()
                .list(projectId, TaskQuery.all().withResolveUri(false))
                .forEach(tasks::add);
        return tasks;
    }

    /** Waits until the condition holds, failing with {@code what} after {@code timeout}. */
    static void await(Duration timeout, String what, BooleanSupplier condition) {
        Awaitility.await(what)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .until(condition::getAsBoolean);
    }

    /** The tasks' text by source, checking that no source has two tasks. */
    static Map<String, String> textBySource(List<Task> tasks) {
        assertThat(tasks.stream().map(t -> t.data().get("source")).distinct().count())
                .as("one task per source")
                .isEqualTo(tasks.size());
        Map<String, String> textBySource = new LinkedHashMap<>();
        for (Task task : tasks) {
            textBySource.put(
                    (String) task.data().get("source"), (String) task.data().get("text"));
        }
        return textBySource;
    }
}
