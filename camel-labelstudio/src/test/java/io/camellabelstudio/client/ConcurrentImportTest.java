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
import static io.camellabelstudio.client.ClientTestSupport.fastRetries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.error.LabelStudioException;
import io.camellabelstudio.client.error.TaskImportException;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.ImportResult;

/**
 * Concurrent imports with an import key in one JVM, against a stub whose import takes a while (as a real one does):
 * the per-project permit of {@link ImportKeyLocks} makes each key be created once, is shared by clients of the same
 * server, lets other projects through, is given back when the server answered, and on every failure.
 */
class ConcurrentImportTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private StubLabelStudio stub;
    private final List<LabelStudioClient> clients = new ArrayList<>();
    /** How often the stub created each key, per project. */
    private final Map<Long, Map<String, AtomicInteger>> created = new ConcurrentHashMap<>();

    private final AtomicLong nextId = new AtomicLong(1);
    /**
     * A thread per concurrent import. Not the common pool: on 2 cores it has one worker, and Java 25's CompletableFuture
     * uses it even then (Java 17 started a thread per task), so an import blocked on purpose held back the next one.
     */
    private final ExecutorService threads = Executors.newCachedThreadPool();
    /** How long an import request takes on the stub. */
    private volatile long importMillis = 30;

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        for (long project = 1; project <= 2; project++) {
            long id = project;
            created.put(id, new ConcurrentHashMap<>());
            stub.when("POST", "/api/projects/" + id + "/import", request -> createTasks(id, request));
        }
        stub.when("GET", "/api/tasks/", this::listExisting);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        clients.forEach(LabelStudioClient::close);
        stub.close();
        assertThat(stub.errors()).as("problems of the stub server itself").isEmpty();
        assertThat(ImportKeyLocks.projectsInUse())
                .as("no permit outlives its imports")
                .isZero();
    }

    /** A client of its own: the component builds one per endpoint, so clients of one server must share permits. */
    private TasksApi newClient(String url) {
        LabelStudioClient client =
                clientFor(stub).url(url).retrySettings(fastRetries(0)).build();
        clients.add(client);
        return client.tasks();
    }

    private StubResponse createTasks(long project, RecordedRequest request) throws Exception {
        Thread.sleep(importMillis); // the server's work: checks of other imports arrive meanwhile
        JsonNode tasks = Json.mapper().readTree(request.bodyAsString());
        List<Long> ids = new ArrayList<>();
        for (JsonNode task : tasks) {
            created.get(project)
                    .computeIfAbsent(task.get("key").asText(), k -> new AtomicInteger())
                    .incrementAndGet();
            ids.add(nextId.getAndIncrement());
        }
        return StubResponse.json(
                201,
                "{\"task_count\": " + ids.size() + ", \"annotation_count\": 0, \"prediction_count\": 0,"
                        + " \"task_ids\": " + ids + "}");
    }

    private StubResponse listExisting(RecordedRequest request) throws Exception {
        Map<String, AtomicInteger> project = created.get(Long.parseLong(request.queryParam("project")));
        JsonNode values = Json.mapper()
                .readTree(request.queryParam("query"))
                .path("filters")
                .path("items")
                .get(0)
                .get("value");
        List<String> found = new ArrayList<>();
        for (JsonNode value : values) {
            if (project.containsKey(value.asText())) {
                found.add("{\"id\": 1, \"data\": {\"key\": \"" + value.asText() + "\"}}");
            }
        }
        return StubResponse.json(
                200, "{\"total\": " + found.size() + ", \"tasks\": [" + String.join(", ", found) + "]}");
    }

    private static List<Map<String, ?>> keys(int from, int to) {
        return IntStream.range(from, to)
                .<Map<String, ?>>mapToObj(i -> Map.of("key", "key-" + i))
                .toList();
    }

    private static ImportOptions byKey(int batchSize) {
        return ImportOptions.defaults().withImportKey("key").withBatchSize(batchSize);
    }

    private <T> CompletableFuture<T> async(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, threads);
    }

    private static <T> T within(CompletableFuture<T> future) throws Exception {
        return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void twoClientsOfOneServerImportingOverlappingKeysCreateEachKeyOnce() throws Exception {
        // two spellings of the same server: one permit
        TasksApi first = newClient(stub.url());
        TasksApi second = newClient(stub.url() + "/");
        for (int round = 0; round < 3; round++) {
            int base = round * 1000;
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<ImportResult> a = async(() -> {
                await(together);
                return first.importTasks(1, keys(base, base + 300), byKey(50));
            });
            CompletableFuture<ImportResult> b = async(() -> {
                await(together);
                // the shared keys first, as the first import has them: both reach them at the same time
                List<Map<String, ?>> own = new ArrayList<>(keys(base, base + 150));
                own.addAll(keys(base + 300, base + 450));
                return second.importTasks(1, own, byKey(50));
            });
            ImportResult resultA = within(a);
            ImportResult resultB = within(b);

            assertThat(resultA.taskCount() + resultB.taskCount()).isEqualTo(450);
            assertThat(resultA.skippedCount() + resultB.skippedCount()).isEqualTo(150);
        }
        Map<String, AtomicInteger> keys = created.get(1L);
        assertThat(keys).hasSize(3 * 450);
        assertThat(keys.entrySet().stream()
                        .filter(e -> e.getValue().get() != 1)
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toList()))
                .as("keys created more than once")
                .isEmpty();
    }

    @Test
    void importsIntoAnotherProjectDoNotWait() throws Exception {
        TasksApi tasks = newClient(stub.url());
        CountDownLatch secondDone = new CountDownLatch(1);
        // project 1's import is answered only once project 2's import has finished
        stub.when("POST", "/api/projects/1/import", request -> {
            if (!secondDone.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the import into project 2 waited for project 1");
            }
            return createTasks(1, request);
        });
        CompletableFuture<ImportResult> one = async(() -> tasks.importTasks(1, keys(0, 10), byKey(5)));
        awaitRequest("POST", "/api/projects/1/import");

        ImportResult two = tasks.importTasks(2, keys(0, 10), byKey(5));
        secondDone.countDown();

        assertThat(two.taskCount()).isEqualTo(10);
        assertThat(within(one).taskCount()).isEqualTo(10);
    }

    @Test
    void thePermitGoesBackWithTheAnswerNotWhenTheNextBatchHasBeenRead() throws Exception {
        TasksApi tasks = newClient(stub.url());
        CountDownLatch sourceBlocked = new CountDownLatch(1);
        CountDownLatch unblockSource = new CountDownLatch(1);
        // a slow source: the third task comes only when the test says so
        Iterator<Map<String, ?>> slow = new Iterator<>() {
            private int next = 0;

            @Override
            public boolean hasNext() {
                return next < 4;
            }

            @Override
            public Map<String, ?> next() {
                if (next == 2) {
                    sourceBlocked.countDown();
                    awaitLatch(unblockSource);
                }
                return Map.of("key", "slow-" + next++);
            }
        };
        CompletableFuture<ImportResult> slowImport = async(() -> tasks.importTasks(1, slow, byKey(2)));
        sourceBlocked.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        awaitRequest("POST", "/api/projects/1/import");

        // the first batch of the slow import is answered meanwhile; another import needs no more than that
        ImportResult other = within(async(() -> tasks.importTasks(1, keys(0, 4), byKey(2))));
        assertThat(slowImport).as("the slow import still waits for its source").isNotDone();
        unblockSource.countDown();

        assertThat(other.taskCount()).isEqualTo(4);
        assertThat(within(slowImport).taskCount()).isEqualTo(4);
    }

    @Test
    void aFailedCheckGivesThePermitBack() throws Exception {
        TasksApi tasks = newClient(stub.url());
        stub.enqueue("GET", "/api/tasks/", StubResponse.json(400, "{\"detail\": \"bad filter\"}"));

        assertThatThrownBy(() -> tasks.importTasks(1, keys(0, 4), byKey(2))).hasMessageContaining("bad filter");

        assertThat(within(async(() -> tasks.importTasks(1, keys(0, 4), byKey(2))))
                        .taskCount())
                .isEqualTo(4);
    }

    @Test
    void aFailedImportRequestGivesThePermitBack() throws Exception {
        TasksApi tasks = newClient(stub.url());
        stub.enqueue("POST", "/api/projects/1/import", StubResponse.json(500, "{\"detail\": \"boom\"}"));

        assertThatThrownBy(() -> tasks.importTasks(1, keys(0, 4), byKey(2))).hasMessageContaining("boom");

        assertThat(within(async(() -> tasks.importTasks(1, keys(0, 4), byKey(2))))
                        .taskCount())
                .isEqualTo(4);
    }

    @Test
    void aBadTaskReadWhileABatchIsOnItsWayGivesThePermitBack() throws Exception {
        TasksApi tasks = newClient(stub.url());
        List<Map<String, ?>> withBadThird = List.of(Map.of("key", "a"), Map.of("key", "b"), Map.of("other", "c"));

        assertThatThrownBy(() -> tasks.importTasks(1, withBadThird, byKey(2)))
                .isInstanceOf(TaskImportException.class)
                .hasMessageContaining("Task #3 has no value for the import key 'key'");

        assertThat(within(async(() -> tasks.importTasks(1, keys(0, 4), byKey(2))))
                        .taskCount())
                .isEqualTo(4);
    }

    @Test
    void anImportInterruptedWhileWaitingForThePermitFailsClearlyAndKeepsTheFlag() throws Exception {
        TasksApi tasks = newClient(stub.url());
        importMillis = 1_000;
        CompletableFuture<ImportResult> holder = async(() -> tasks.importTasks(1, keys(0, 2), byKey(2)));
        awaitRequest("POST", "/api/projects/1/import");

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> tasks.importTasks(1, keys(2, 4), byKey(2)))
                    .isInstanceOf(LabelStudioException.class)
                    .hasMessage("Interrupted while waiting for another import into project 1 to finish a batch");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(within(holder).taskCount()).isEqualTo(2);
        assertThat(created.get(1L)).containsOnlyKeys("key-0", "key-1");
    }

    private void awaitRequest(String method, String path) {
        Awaitility.await(method + " " + path)
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> !stub.requests(method, path).isEmpty());
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("latch not counted down within " + PATIENCE);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
