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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;

/**
 * Two exchanges importing overlapping keys into one project at the same time, in one JVM: each key is created once.
 * The two routes' endpoints differ (batch sizes of 500 and 100, so one checks through temporary views and the other
 * with GETs), so each has a client of its own; the per-project permit is shared by the clients of one server.
 */
class ConcurrentImportKeyIT extends LabelStudioIT {

    private static final int PER_IMPORT = 3_000;
    private static final int SHARED = 1_500;
    private static final int ROUNDS = 3;

    /** The keys of one import: the shared ones first (both imports reach them at the same time), then its own. */
    private static List<Map<String, Object>> tasks(int round, String importer, int ownFrom) {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int i = 0; i < SHARED; i++) {
            tasks.add(Map.of("text", "shared " + i + " by " + importer, "key", "round-" + round + "/key-" + i));
        }
        for (int i = ownFrom; i < ownFrom + PER_IMPORT - SHARED; i++) {
            tasks.add(Map.of("text", "own " + i + " by " + importer, "key", "round-" + round + "/key-" + i));
        }
        return tasks;
    }

    @Test
    void twoConcurrentImportsOfOverlappingKeysCreateEachKeyOnce() throws Exception {
        Project project = ls.project("Concurrent import key", LabelConfigs.TEXT_CLASSIFICATION);
        List<String> routes = new ArrayList<>(List.of("import-a", "import-b"));
        ls.camel().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:import-a")
                        .routeId("import-a")
                        .to("labelstudio:tasks?operation=import&importKey=key&batchSize=500&projectId=" + project.id());
                from("direct:import-b")
                        .routeId("import-b")
                        .to("labelstudio:tasks?operation=import&importKey=key&batchSize=100&projectId=" + project.id());
            }
        });
        try {
            for (int round = 0; round < ROUNDS; round++) {
                CyclicBarrier together = new CyclicBarrier(2);
                int r = round;
                CompletableFuture<ImportResult> a =
                        CompletableFuture.supplyAsync(() -> send(together, "direct:import-a", tasks(r, "a", SHARED)));
                CompletableFuture<ImportResult> b = CompletableFuture.supplyAsync(
                        () -> send(together, "direct:import-b", tasks(r, "b", PER_IMPORT)));
                ImportResult resultA = a.get(10, TimeUnit.MINUTES);
                ImportResult resultB = b.get(10, TimeUnit.MINUTES);
                System.out.printf(
                        "concurrent import key, round %d: a created %d skipped %d, b created %d skipped %d%n",
                        round,
                        resultA.taskCount(),
                        resultA.skippedCount(),
                        resultB.taskCount(),
                        resultB.skippedCount());
                assertThat(resultA.taskCount() + resultB.taskCount()).isEqualTo(2 * PER_IMPORT - SHARED);
                assertThat(resultA.skippedCount() + resultB.skippedCount()).isEqualTo(SHARED);
            }

            Map<String, Integer> onServer = new HashMap<>();
            ls.client()
                    .tasks()
                    .list(project.id(), TaskQuery.all().withPageSize(1000))
                    .forEach(task -> onServer.merge((String) task.data().get("key"), 1, Integer::sum));
            assertThat(onServer.entrySet().stream()
                            .filter(e -> e.getValue() != 1)
                            .map(e -> e.getKey() + " x" + e.getValue())
                            .collect(Collectors.toList()))
                    .as("keys on the server more than once")
                    .isEmpty();
            assertThat(onServer).hasSize(ROUNDS * (2 * PER_IMPORT - SHARED));
        } finally {
            ls.removeRoutes(routes);
        }
    }

    private ImportResult send(CyclicBarrier together, String uri, List<Map<String, Object>> tasks) {
        try {
            together.await(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return ls.request(uri, tasks, Map.of()).getMessage().getBody(ImportResult.class);
    }
}
