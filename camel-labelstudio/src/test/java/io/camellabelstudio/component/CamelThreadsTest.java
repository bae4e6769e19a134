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
package io.camellabelstudio.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.StubResponse;

/**
 * The clients' background work (page prefetch, import sending) runs on a pool of Camel's ExecutorServiceManager: its
 * threads carry Camel's name pattern and end when the context stops.
 */
class CamelThreadsTest extends StubCamelTestSupport {

    private static final Pattern CAMEL_THREAD =
            Pattern.compile("Camel \\(.+\\) thread #\\d+ - " + LabelStudioComponent.BACKGROUND_THREADS);

    @Test
    void prefetchAndImportRunOnCamelThreadsThatEndWithTheContext() {
        serveTaskPages(25);
        stub.when("POST", "/api/projects/1/import", request -> StubResponse.json(200, "{\"task_count\": 2}"));

        Object listing = success("labelstudio:tasks?operation=list&projectId=1&pageSize=5", null, Map.of())
                .getMessage()
                .getBody();
        List<Object> ids = new ArrayList<>();
        ((Iterable<?>) listing).forEach(ids::add);
        Exchange imported = success(
                "labelstudio:tasks?operation=import&projectId=1&batchSize=2",
                IntStream.range(0, 10).mapToObj(i -> Map.of("text", "t" + i)).toList(),
                Map.of());

        assertThat(ids).hasSize(25);
        assertThat(imported.getException()).isNull();
        assertThat(stub.requests("POST", "/api/projects/1/import")).hasSize(5);
        List<String> background = backgroundThreads();
        assertThat(background)
                .as("threads of the pool after 4 prefetched pages and 5 import requests")
                .isNotEmpty()
                .allMatch(name -> CAMEL_THREAD.matcher(name).matches())
                .hasSizeLessThanOrEqualTo(20);
        assertThat(liveThreadNames())
                .as("no thread of the client's own pool: the component gave it Camel's")
                .noneMatch(name -> name.startsWith("labelstudio-"));

        camel.stop();

        await().atMost(Duration.ofSeconds(10)).until(() -> backgroundThreads().isEmpty());
    }

    private static List<String> backgroundThreads() {
        return liveThreadNames().stream()
                .filter(name -> name.contains(LabelStudioComponent.BACKGROUND_THREADS))
                .toList();
    }

    private static List<String> liveThreadNames() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .collect(Collectors.toList());
    }

    private void serveTaskPages(long total) {
        stub.when("GET", "/api/tasks/", request -> {
            int page = Integer.parseInt(request.queryParam("page"));
            int size = Integer.parseInt(request.queryParam("page_size"));
            long from = (long) (page - 1) * size + 1;
            if (from > total) {
                return StubResponse.json(404, "{\"detail\": \"Invalid page.\"}");
            }
            String tasks = LongStream.rangeClosed(from, Math.min(total, from + size - 1))
                    .mapToObj(id -> "{\"id\": " + id + ", \"data\": {}}")
                    .collect(Collectors.joining(", "));
            return StubResponse.json(200, "{\"total\": " + total + ", \"tasks\": [" + tasks + "]}");
        });
    }
}
