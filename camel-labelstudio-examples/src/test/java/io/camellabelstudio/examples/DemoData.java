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
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.awaitility.Awaitility;

import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.Task;

/** The demo's bundled data and a few checks against Label Studio, for the route ITs. */
final class DemoData {

    private DemoData() {}

    /** The demo project's label config ({@code demo/label-config.xml}). */
    static String labelConfig() {
        return resource("/demo/label-config.xml");
    }

    /** The first {@code n} sample reviews ({@code demo/reviews.txt}, one per line). */
    static List<String> reviews(int n) {
        List<String> lines = resource("/demo/reviews.txt")
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
        if (lines.size() < n) {
            throw new IllegalStateException("demo/reviews.txt has " + lines.size() + " reviews, not " + n);
        }
        return new ArrayList<>(lines.subList(0, n));
    }

    /** The project's tasks as {@code source -> text}; fails if a source occurs twice. */
    static Map<String, String> tasksBySource(LabelStudioClient client, long projectId) {
        Map<String, String> bySource = new HashMap<>();
        for (Task task : client.tasks().list(projectId, TaskQuery.all())) {
            String source = String.valueOf(task.data().get("source"));
            Object text = task.data().get("text");
            if (bySource.put(source, text == null ? null : text.toString()) != null) {
                throw new AssertionError("Two tasks have the source " + source);
            }
        }
        return bySource;
    }

    static long taskCount(LabelStudioClient client, long projectId) {
        long n = 0;
        for (Task ignored : client.tasks().list(projectId, TaskQuery.all())) {
            n++;
        }
        return n;
    }

    /** Waits until the condition holds; fails with the message (and its value at the end) after the timeout. */
    static void await(Duration timeout, BooleanSupplier condition, Supplier<String> message) {
        Awaitility.await()
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(
                        () -> assertThat(condition.getAsBoolean()).as(message).isTrue());
    }

    private static String resource(String name) {
        try (InputStream in = DemoData.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
