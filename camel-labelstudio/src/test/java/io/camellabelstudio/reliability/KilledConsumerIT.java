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
package io.camellabelstudio.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;
import io.camellabelstudio.it.LabelStudioServer;

/**
 * A consumer JVM ({@link KilledConsumerNode}) killed with SIGKILL 5 times at random moments while 2,000 tasks are
 * imported into a real Label Studio, and started again each time on the same files. Without an idempotent repository
 * every task is delivered at least once (the repeats are counted); with one, exactly once. The seed of the kill
 * moments is printed; {@code -Dreliability.seed=N} repeats a run.
 */
class KilledConsumerIT extends LabelStudioIT {

    private static final int TASKS = 2_000;
    private static final int BATCH = 25;
    private static final int KILLS = 5;
    private static final Duration PATIENCE = Duration.ofSeconds(180);

    private LabelStudioServer server;

    @org.junit.jupiter.api.BeforeAll
    void server(LabelStudioServer server) {
        this.server = server;
    }

    @Test
    void withoutIdempotentRepositoryEveryTaskIsDeliveredAtLeastOnce(@TempDir Path dir) throws Exception {
        Result result = run("at-least-once", dir);
        assertThat(result.distinct()).isEqualTo(result.imported());
        assertThat(result.lines()).hasSizeGreaterThanOrEqualTo(TASKS);
    }

    @Test
    void withIdempotentRepositoryEveryTaskIsDeliveredExactlyOnce(@TempDir Path dir) throws Exception {
        Result result = run("exactly-once", dir);
        assertThat(result.distinct()).isEqualTo(result.imported());
        assertThat(result.lines()).hasSize(TASKS).doesNotHaveDuplicates();
    }

    record Result(Set<Long> imported, List<Long> lines, Set<Long> distinct) {}

    private Result run(String mode, Path dir) throws Exception {
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        System.out.printf("killed consumer (%s): seed=%d%n", mode, seed);
        Random random = new Random(seed);
        Project project = ls.project("Killed consumer " + mode, LabelConfigs.TEXT_CLASSIFICATION);
        Path output = dir.resolve("delivered.txt");
        Path state = dir.resolve("marks.dat");

        Set<Long> imported = Collections.synchronizedSet(new HashSet<>());
        CompletableFuture<Void> importer = CompletableFuture.runAsync(() -> importSlowly(project.id(), imported));
        List<String> kills = new ArrayList<>();
        NodeProcess node = startNode(mode, project, state, output, dir, 0);
        try {
            for (int kill = 1; kill <= KILLS; kill++) {
                long wait = 300 + random.nextInt(2_500);
                Thread.sleep(wait); // the point: a kill at a random moment of the consumer's work
                int before = TaskIdLog.read(output).size();
                node.kill(); // SIGKILL, exit status 137 checked
                kills.add(String.format(
                        "#%d %d ms after ready, %d delivered, %d imported", kill, wait, before, imported.size()));
                node = startNode(mode, project, state, output, dir, kill);
            }
            importer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            await("all " + TASKS + " tasks in the output", () -> new HashSet<>(read(output)).size() >= TASKS);
            // more polls: the output stays as it is (a repeat would show here)
            AtomicInteger lastSize = new AtomicInteger(-1);
            Awaitility.await("the output to stay unchanged for 2 s")
                    .during(Duration.ofSeconds(2))
                    .atMost(PATIENCE)
                    .until(() -> {
                        int size = read(output).size();
                        return lastSize.getAndSet(size) == size;
                    });
        } finally {
            node.close();
        }

        List<Long> lines = read(output);
        Set<Long> distinct = new HashSet<>(lines);
        kills.forEach(k -> System.out.println("  kill " + k));
        System.out.printf(
                "killed consumer (%s): expected=%d delivered=%d duplicates=%d kills=%d%n",
                mode, TASKS, distinct.size(), lines.size() - distinct.size(), kills.size());
        assertThat(imported).hasSize(TASKS);
        assertThat(kills).hasSize(KILLS);
        return new Result(imported, lines, distinct);
    }

    private NodeProcess startNode(String mode, Project project, Path state, Path output, Path dir, int restart)
            throws Exception {
        Path ready = dir.resolve("ready");
        Files.deleteIfExists(ready);
        NodeProcess node = NodeProcess.start(
                "killed-consumer-" + mode + "-" + restart,
                KilledConsumerNode.class,
                Map.of("LABEL_STUDIO_URL", server.url(), "LABEL_STUDIO_API_KEY", server.legacyToken()),
                Long.toString(project.id()),
                state.toString(),
                output.toString(),
                ready.toString(),
                mode);
        String pid = Long.toString(node.pid());
        await(node + " ready", () -> {
            if (!node.isAlive()) {
                throw new AssertionError(node + " ended; see target/test-logs/nodes/" + node.name() + ".out");
            }
            try {
                return Files.exists(ready) && Files.readString(ready).equals(pid);
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return node;
    }

    /** 2,000 tasks in batches of 25, about 3 batches a second: they keep arriving while the consumer is killed. */
    private void importSlowly(long projectId, Set<Long> imported) {
        for (int from = 0; from < TASKS; from += BATCH) {
            List<Map<String, Object>> tasks = new ArrayList<>();
            for (int i = from; i < from + BATCH; i++) {
                tasks.add(Map.of("text", "Text " + i));
            }
            imported.addAll(ls.client()
                    .tasks()
                    .importTasks(projectId, tasks, ImportOptions.defaults())
                    .taskIds());
            try {
                Thread.sleep(250); // the pace of the import: tasks keep arriving while the consumer is killed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static List<Long> read(Path output) {
        try {
            return TaskIdLog.read(output);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what)
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(50))
                .until(condition);
    }
}
