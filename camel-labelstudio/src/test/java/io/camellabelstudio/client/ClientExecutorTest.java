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
package io.camellabelstudio.client;

import static io.camellabelstudio.client.ClientTestSupport.clientFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.model.Task;

/** Where the client's background work runs: the builder's executor, or a pool of its own that close() ends. */
class ClientExecutorTest {

    private StubLabelStudio stub;

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        stub.when("GET", "/api/tasks/", request -> {
            int page = Integer.parseInt(request.queryParam("page"));
            if (page > 3) {
                return StubResponse.json(404, "{\"detail\": \"Invalid page.\"}");
            }
            String tasks = LongStream.rangeClosed(page * 10L - 9, page * 10L)
                    .mapToObj(id -> "{\"id\": " + id + ", \"data\": {}}")
                    .collect(Collectors.joining(", "));
            return StubResponse.json(200, "{\"total\": 30, \"tasks\": [" + tasks + "]}");
        });
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void prefetchRunsOnTheGivenExecutorWhichCloseLeavesRunning() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try {
            LabelStudioClient client = clientFor(stub).executor(executor).build();
            long count = 0;
            for (Task ignored : client.tasks().list(1, TaskQuery.all().withPageSize(10))) {
                count++;
            }
            client.close();

            assertThat(count).isEqualTo(30);
            await().atMost(Duration.ofSeconds(10)).until(() -> executor.getCompletedTaskCount() == 2);
            assertThat(executor.isShutdown())
                    .as("the caller's executor outlives the client")
                    .isFalse();
            assertThat(newThreadsNamed(before, "labelstudio-client-")).isEmpty();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void withoutExecutorTheClientsOwnThreadsEndWithClose() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        LabelStudioClient client = clientFor(stub).build();
        long count = 0;
        for (Task ignored : client.tasks().list(1, TaskQuery.all().withPageSize(10))) {
            count++;
        }

        assertThat(count).isEqualTo(30);
        assertThat(newThreadsNamed(before, "labelstudio-client-")).isNotEmpty();

        client.close();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> newThreadsNamed(before, "labelstudio-client-").isEmpty());
    }

    /** Live threads started since {@code before} whose name starts with the prefix. */
    private static List<String> newThreadsNamed(Set<Thread> before, String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && !before.contains(thread))
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix))
                .toList();
    }
}
