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
import static io.camellabelstudio.client.ClientTestSupport.projectJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.error.LabelStudioConnectionException;
import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.client.error.TaskImportException;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.ImportResult;

/**
 * Requests that run into the server's time limit (gunicorn kills a worker after 30 s; nginx answers 502): the error
 * names the limit, idempotent requests are not repeated into it, and an import whose answer is lost counts exactly
 * what the server created. The stub plays the server with a limit of 1 s: it answers 502 (or drops the connection)
 * after 1.2 s, having created the batch's tasks or not.
 */
class ServerTimeLimitTest {

    private static final Duration LIMIT = Duration.ofSeconds(1);
    private static final Duration KILLED_AFTER = Duration.ofMillis(1200);
    private static final String PROJECT_1 = "/api/projects/1/";
    private static final String IMPORT = "/api/projects/1/import";
    private static final String TASKS = "/api/tasks/";
    private static final StubResponse BAD_GATEWAY = StubResponse.html(
                    502,
                    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
                            + "<hr><center>nginx</center></body></html>")
            .withDelay(KILLED_AFTER);

    private StubLabelStudio stub;
    private LabelStudioClient client;
    private TasksApi tasks;
    /** The stub's project: task id by image key. */
    private final Map<Object, Long> existing = new ConcurrentHashMap<>();

    private final AtomicLong nextId = new AtomicLong(1);

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        client = clientFor(stub)
                .retrySettings(fastRetries(3))
                .serverTimeLimit(LIMIT)
                .build();
        tasks = client.tasks();
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
        assertThat(stub.errors()).as("problems of the stub server itself").isEmpty();
    }

    // ---- any request ----

    @Test
    void a502AfterTheLimitNamesItAndIsNotRetried() {
        stub.when("GET", PROJECT_1, BAD_GATEWAY);

        Throwable thrown = catchThrowable(() -> client.projects().get(1));

        assertThat(thrown)
                .isInstanceOf(ServerErrorException.class)
                .hasMessageContaining("GET /api/projects/1/ failed with HTTP 502")
                .hasMessageContaining("502 Bad Gateway")
                .hasMessageMatching("(?s).*after 1\\.[2-9] s: Label Studio's application server probably stopped the"
                        + " request at its time limit.*")
                .hasMessageContaining("gunicorn's worker timeout is 30.0 s by default")
                .hasMessageContaining("not retried");
        assertThat(stub.requests("GET", PROJECT_1))
                .as("a repeat would run into the same limit")
                .hasSize(1);
    }

    @Test
    void aQuick502IsRetriedAndNamesNoLimit() {
        stub.enqueue("GET", PROJECT_1, BAD_GATEWAY.withDelay(Duration.ZERO), BAD_GATEWAY.withDelay(Duration.ZERO));
        stub.when("GET", PROJECT_1, StubResponse.json(200, projectJson(1)));

        assertThat(client.projects().get(1).id()).isEqualTo(1L);
        assertThat(stub.requests("GET", PROJECT_1)).hasSize(3);

        stub.when("GET", PROJECT_1, BAD_GATEWAY.withDelay(Duration.ZERO));
        assertThat(catchThrowable(() -> client.projects().get(1)))
                .isInstanceOf(ServerErrorException.class)
                .hasMessageNotContaining("time limit");
    }

    @Test
    void aConnectionLostAfterTheLimitNamesItAndIsNotRetried() {
        stub.when("GET", PROJECT_1, StubResponse.reset().withDelay(KILLED_AFTER));

        Throwable thrown = catchThrowable(() -> client.projects().get(1));

        assertThat(thrown)
                .isInstanceOf(LabelStudioConnectionException.class)
                .hasMessageContaining("GET /api/projects/1/ failed")
                .hasMessageContaining("time limit")
                .hasMessageContaining("gunicorn");
        assertThat(stub.requests("GET", PROJECT_1)).hasSize(1);
    }

    @Test
    void aPostAfterTheLimitSaysWhatWasCommittedStays() {
        stub.when("POST", "/api/projects/1/exports/", BAD_GATEWAY);

        Throwable thrown = catchThrowable(() -> client.exports().create(1, Map.of(), null));

        assertThat(thrown)
                .isInstanceOf(ServerErrorException.class)
                .hasMessageContaining("POST /api/projects/1/exports/ failed with HTTP 502")
                .hasMessageContaining("time limit")
                .hasMessageContaining("what the server committed before that stays committed");
        assertThat(stub.requests("POST", "/api/projects/1/exports/")).hasSize(1);
    }

    // ---- imports whose answer is lost ----

    private static List<Map<String, ?>> images(int count) {
        return IntStream.rangeClosed(1, count)
                .<Map<String, ?>>mapToObj(i -> Map.of("image", "s3://bucket/" + i + ".jpg"))
                .toList();
    }

    /** Creates the posted tasks in the stub's project and returns Label Studio's answer. */
    private StubResponse create(RecordedRequest request) {
        List<Long> ids = new ArrayList<>();
        for (JsonNode task : json(request.bodyAsString())) {
            long id = nextId.getAndIncrement();
            existing.put(task.get("image").asText(), id);
            ids.add(id);
        }
        return StubResponse.json(
                201,
                "{\"task_count\": " + ids.size() + ", \"annotation_count\": 0, \"prediction_count\": 0,"
                        + " \"task_ids\": "
                        + ids.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"))
                        + "}");
    }

    /**
     * Serves the import: the {@code lostAt}-th request is answered with {@code lost} after the stub's limit, having
     * created its tasks when {@code committed}; the others create their tasks. The task listing answers the import
     * key check.
     */
    private void serveImport(int lostAt, boolean committed, StubResponse lost) {
        AtomicInteger posts = new AtomicInteger();
        stub.when("POST", IMPORT, request -> {
            if (posts.incrementAndGet() != lostAt) {
                return create(request);
            }
            if (committed) {
                create(request);
            }
            return lost;
        });
        stub.when("GET", TASKS, request -> {
            JsonNode values = json(request.queryParam("query"))
                    .path("filters")
                    .path("items")
                    .get(0)
                    .get("value");
            List<String> found = new ArrayList<>();
            Set<Long> listed = new HashSet<>();
            for (JsonNode value : values) {
                Long id = existing.get(value.asText());
                if (id != null && listed.add(id)) {
                    found.add("{\"id\": " + id + ", \"data\": {\"image\": " + value + "}}");
                }
            }
            return StubResponse.json(
                    200, "{\"total\": " + found.size() + ", \"tasks\": [" + String.join(", ", found) + "]}");
        });
    }

    private TaskImportException importFails(ImportOptions options) {
        Throwable thrown = catchThrowable(() -> tasks.importTasks(1, images(6), options));
        assertThat(thrown).isInstanceOf(TaskImportException.class);
        assertThat(stub.requests("POST", IMPORT))
                .as("the import stops at the lost answer; an import POST is never repeated")
                .hasSize(2);
        return (TaskImportException) thrown;
    }

    @Test
    void withoutImportKeyALostAnswerCountsItsTasksAsUnknown() {
        serveImport(2, true, BAD_GATEWAY);

        TaskImportException failure = importFails(ImportOptions.defaults().withBatchSize(2));

        ImportResult result = failure.partialResult();
        assertThat(result.taskCount()).isEqualTo(2);
        assertThat(result.taskIds()).containsExactly(1L, 2L);
        assertThat(result.unknownCount()).isEqualTo(2);
        assertThat(result.requests()).isEqualTo(2);
        assertThat(failure.getCause()).isInstanceOf(ServerErrorException.class);
        assertThat(failure.getMessage())
                .contains("Import into project 1 stopped after 2 created and 0 skipped task(s) in 2 request(s)")
                .contains("the answer to the last request (2 task(s)) was lost, so whether its tasks were created is"
                        + " unknown")
                .contains("HTTP 502")
                .contains("time limit");
    }

    @Test
    void withImportKeyALostAnswerWhoseTasksWereCreatedCountsThem() {
        serveImport(2, true, BAD_GATEWAY);

        TaskImportException failure =
                importFails(ImportOptions.defaults().withBatchSize(2).withImportKey("image"));

        ImportResult result = failure.partialResult();
        assertThat(result.taskCount())
                .as("the server holds 4 tasks")
                .isEqualTo(4)
                .isEqualTo(existing.size());
        assertThat(result.unknownCount()).isZero();
        assertThat(result.taskIds()).as("the lost answer's ids are not known").containsExactly(1L, 2L);
        assertThat(failure.getMessage())
                .contains("stopped after 4 created")
                .contains("checked by import key 'image': all 2 were created");
    }

    @Test
    void withImportKeyALostAnswerWhoseTasksWereNotCreatedCountsNone() {
        serveImport(2, false, BAD_GATEWAY);

        TaskImportException failure =
                importFails(ImportOptions.defaults().withBatchSize(2).withImportKey("image"));

        assertThat(failure.partialResult().taskCount()).isEqualTo(2).isEqualTo(existing.size());
        assertThat(failure.partialResult().unknownCount()).isZero();
        assertThat(failure.getMessage()).contains("checked by import key 'image': 0 of 2 were created");
    }

    @Test
    void withImportKeyAConnectionLostAfterTheLimitIsCheckedToo() {
        serveImport(2, true, StubResponse.reset().withDelay(KILLED_AFTER));

        TaskImportException failure =
                importFails(ImportOptions.defaults().withBatchSize(2).withImportKey("image"));

        assertThat(failure.getCause()).isInstanceOf(LabelStudioConnectionException.class);
        assertThat(failure.partialResult().taskCount()).isEqualTo(4);
        assertThat(failure.getMessage()).contains("all 2 were created").contains("time limit");
    }

    @Test
    void withImportKeyAGatewayTimeoutLeavesWhatIsNotThereYetUnknown() {
        // 504: the proxy gave up waiting, the server may still be importing
        serveImport(2, false, StubResponse.json(504, "{\"detail\": \"Gateway Timeout\"}"));

        TaskImportException failure =
                importFails(ImportOptions.defaults().withBatchSize(2).withImportKey("image"));

        assertThat(failure.partialResult().taskCount()).isEqualTo(2);
        assertThat(failure.partialResult().unknownCount()).isEqualTo(2);
        assertThat(failure.getMessage()).contains("0 of 2 exist so far, the server may still create the rest");
    }

    @Test
    void aRejectedBatchIsNotALostAnswer() {
        AtomicInteger posts = new AtomicInteger();
        stub.when(
                "POST",
                IMPORT,
                request -> posts.incrementAndGet() == 2
                        ? StubResponse.json(400, "{\"detail\": \"Validation error\"}")
                        : create(request));

        TaskImportException failure = importFails(ImportOptions.defaults().withBatchSize(2));

        assertThat(failure.partialResult().taskCount()).isEqualTo(2);
        assertThat(failure.partialResult().unknownCount()).isZero();
        assertThat(failure.partialResult().requests())
                .as("a rejected request is not counted")
                .isEqualTo(1);
        assertThat(failure.getMessage()).doesNotContain("lost");
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
