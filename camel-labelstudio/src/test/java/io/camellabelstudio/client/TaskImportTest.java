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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.error.LabelStudioException;
import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.client.error.TaskImportException;
import io.camellabelstudio.client.error.ValidationException;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.ImportResult;

/** Task import: batching, import keys, asynchronous imports, partial failures and file uploads, against a stub. */
class TaskImportTest {

    private static final long PROJECT = 1;
    private static final String IMPORT = "/api/projects/1/import";
    private static final String STATUS = "/api/projects/1/imports/7/";
    private static final String TASKS = "/api/tasks/";
    private static final Duration POLL_UNIT = Duration.ofMillis(20);

    private StubLabelStudio stub;
    private LabelStudioClient client;
    private TasksApi tasks;
    /** The next task id the stub hands out. */
    private final AtomicLong nextId = new AtomicLong(1);

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        client = clientFor(stub).retrySettings(fastRetries(2)).build();
        tasks = new TasksApi(client.transport(), Clock.systemUTC(), POLL_UNIT, client.background());
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
        assertThat(stub.errors()).as("problems of the stub server itself").isEmpty();
    }

    // ---- helpers ----

    private static List<Map<String, ?>> texts(int count) {
        return IntStream.rangeClosed(1, count)
                .<Map<String, ?>>mapToObj(i -> Map.of("text", "task " + i))
                .toList();
    }

    private static ImportOptions batchesOf(int size) {
        return ImportOptions.defaults().withBatchSize(size);
    }

    /** Label Studio's synchronous import answer for the given new task ids. */
    private static String importAnswer(List<Long> ids, long annotations, long predictions) {
        return "{\"task_count\": " + ids.size() + ", \"annotation_count\": " + annotations + ", \"prediction_count\": "
                + predictions + ", \"duration\": 0.02, \"file_upload_ids\": [], \"could_be_tasks_list\": false,"
                + " \"found_formats\": [], \"data_columns\": [], \"task_ids\": "
                + ids.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]")) + "}";
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static JsonNode body(RecordedRequest request) {
        return json(request.bodyAsString());
    }

    /** Creates one task per element of the posted list, with ids counting up; 1 annotation and 2 predictions each. */
    private StubResponse createTasks(RecordedRequest request) {
        int size = body(request).size();
        List<Long> ids = LongStream.range(0, size)
                .mapToObj(i -> nextId.getAndIncrement())
                .toList();
        return StubResponse.json(201, importAnswer(ids, size, 2L * size));
    }

    private List<RecordedRequest> posts() {
        return stub.requests("POST", IMPORT);
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    // ---- batching ----

    @Test
    void emptyImportFailsClearlyAndSendsNothing() {
        assertThatThrownBy(() -> tasks.importTasks(PROJECT, List.<Map<String, ?>>of(), ImportOptions.defaults()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Nothing to import into project " + PROJECT + ": the task list is empty");
        assertThat(stub.requests()).isEmpty();
    }

    @ParameterizedTest(name = "{0} task(s) in batches of 3 -> {1}")
    @CsvSource({"1, 1", "3, 3", "4, 3 1", "7, 3 3 1"})
    void tasksAreSentInBatchesAndResultsSummedInOrder(int count, String expectedSizes) {
        stub.when("POST", IMPORT, this::createTasks);

        ImportResult result = tasks.importTasks(PROJECT, texts(count), batchesOf(3));

        List<Integer> sizes = posts().stream().map(r -> body(r).size()).toList();
        List<Integer> expected = java.util.Arrays.stream(expectedSizes.split(" "))
                .map(Integer::valueOf)
                .toList();
        assertThat(sizes).isEqualTo(expected);
        // every task is sent once, in order, as given
        List<String> sent = posts().stream()
                .flatMap(r -> java.util.stream.StreamSupport.stream(body(r).spliterator(), false))
                .map(t -> t.path("text").asText())
                .toList();
        assertThat(sent)
                .isEqualTo(IntStream.rangeClosed(1, count)
                        .mapToObj(i -> "task " + i)
                        .toList());
        assertThat(posts()).allSatisfy(r -> {
            assertThat(r.queryParam("return_task_ids")).isEqualTo("true");
            assertThat(r.queryParams()).doesNotContainKey("preannotated_from_fields");
            assertThat(r.header("Content-Type")).startsWith("application/json");
        });
        assertThat(result.taskIds()).isEqualTo(range(1, count));
        assertThat(result.taskCount()).isEqualTo(count);
        assertThat(result.annotationCount()).isEqualTo(count);
        assertThat(result.predictionCount()).isEqualTo(2L * count);
        assertThat(result.skippedCount()).isZero();
        assertThat(result.requests()).isEqualTo(expected.size());
    }

    @Test
    void idsKeepTheServersOrderAcrossBatches() {
        // the server's ids need not be sequential: they are concatenated batch by batch, as answered
        stub.enqueue(
                "POST",
                IMPORT,
                StubResponse.json(201, importAnswer(List.of(40L, 12L), 0, 0)),
                StubResponse.json(201, importAnswer(List.of(7L), 0, 0)));

        ImportResult result = tasks.importTasks(PROJECT, texts(3), batchesOf(2));

        assertThat(result.taskIds()).containsExactly(40L, 12L, 7L);
        assertThat(result.requests()).isEqualTo(2);
    }

    @Test
    void preannotatedFromFieldsIsSentAsQueryParameter() {
        stub.when("POST", IMPORT, this::createTasks);

        tasks.importTasks(
                PROJECT,
                List.of(Map.of("text", "x", "sentiment", "positive", "label", "a")),
                ImportOptions.defaults().withPreannotatedFromFields(List.of(" sentiment", "label ", " ")));

        assertThat(posts()).singleElement().satisfies(r -> {
            assertThat(r.queryParam("preannotated_from_fields")).isEqualTo("sentiment,label");
            assertThat(r.queryParam("return_task_ids")).isEqualTo("true");
        });
    }

    // ---- asynchronous imports (Enterprise) ----

    private static String status(String state, String extra) {
        return "{\"id\": 7, \"status\": \"" + state + "\"" + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    @Test
    void asyncImportIsPolledWithGrowingDelaysUntilCompleted() {
        stub.enqueue("POST", IMPORT, StubResponse.json(201, "{\"import\": 7}"));
        stub.enqueue(
                "GET",
                STATUS,
                StubResponse.json(200, status("created", "")),
                StubResponse.json(200, status("in_progress", "")),
                StubResponse.json(200, status("in_progress", "")),
                StubResponse.json(200, status("in_progress", "")),
                StubResponse.json(
                        200,
                        status(
                                "completed",
                                "\"task_count\": 2, \"annotation_count\": 1, \"prediction_count\": 3,"
                                        + " \"task_ids\": [101, 102]")));

        ImportResult result = tasks.importTasks(PROJECT, texts(2), ImportOptions.defaults());

        assertThat(result.taskIds()).containsExactly(101L, 102L);
        assertThat(result.taskCount()).isEqualTo(2);
        assertThat(result.annotationCount()).isEqualTo(1);
        assertThat(result.predictionCount()).isEqualTo(3);
        assertThat(result.requests()).isEqualTo(1);
        assertThat(posts()).hasSize(1);
        List<RecordedRequest> polls = stub.requests("GET", STATUS);
        assertThat(polls).hasSize(5);
        // Fibonacci delays in poll units: 1, 1, 2, 3 between the five polls
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < polls.size(); i++) {
            gaps.add(polls.get(i).since(polls.get(i - 1)));
        }
        long[] units = {1, 1, 2, 3};
        for (int i = 0; i < units.length; i++) {
            assertThat(gaps.get(i))
                    .as("gap %d of %s", i, gaps)
                    .isGreaterThanOrEqualTo(POLL_UNIT.multipliedBy(units[i]).minusMillis(2));
        }
        assertThat(gaps.get(3)).as("delays grow: %s", gaps).isGreaterThan(gaps.get(0));
        assertThat(stub.pendingResponses()).isZero();
    }

    @Test
    void failedAsyncImportRaisesTheServersError() {
        stub.enqueue("POST", IMPORT, StubResponse.json(201, "{\"import\": 7}"));
        stub.enqueue(
                "GET",
                STATUS,
                StubResponse.json(200, status("in_progress", "")),
                StubResponse.json(200, status("failed", "\"error\": \"Column 'image' is missing in row 3\"")));

        assertThatThrownBy(() -> tasks.importTasks(PROJECT, texts(2), ImportOptions.defaults()))
                .isInstanceOf(LabelStudioException.class)
                .hasMessageContaining("Import 7 into project 1 failed: Column 'image' is missing in row 3");
        assertThat(stub.requests("GET", STATUS)).hasSize(2);
    }

    @Test
    void asyncImportThatNeverFinishesTimesOut() {
        stub.enqueue("POST", IMPORT, StubResponse.json(201, "{\"import\": 7}"));
        stub.when("GET", STATUS, StubResponse.json(200, status("in_progress", "")));
        Duration timeout = Duration.ofMillis(250);

        long started = System.nanoTime();
        assertThatThrownBy(() -> tasks.importTasks(
                        PROJECT, texts(1), ImportOptions.defaults().withImportTimeout(timeout)))
                .isInstanceOf(LabelStudioException.class)
                .hasMessageContaining("did not finish within importTimeout PT0.25S")
                .hasMessageContaining("last status: in_progress");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isGreaterThanOrEqualTo(timeout).isLessThan(Duration.ofSeconds(5));
        // 20 ms units: polls at about 0, 20, 40, 80, 140, 240 ms and once more at the deadline
        assertThat(stub.requests("GET", STATUS).size()).isBetween(3, 10);
    }

    // ---- failures ----

    @Test
    void failureInBatchThreeOfFourReportsWhatWasImported() {
        AtomicInteger post = new AtomicInteger();
        stub.when(
                "POST",
                IMPORT,
                request -> post.incrementAndGet() == 3
                        ? StubResponse.json(
                                400,
                                "{\"detail\": \"Validation error\", \"validation_errors\": "
                                        + "{\"non_field_errors\": [\"bad task\"]}}")
                        : createTasks(request));

        Throwable error = org.assertj.core.api.Assertions.catchThrowable(
                () -> tasks.importTasks(PROJECT, texts(8), batchesOf(2)));

        assertThat(error).isInstanceOf(TaskImportException.class).hasCauseInstanceOf(ValidationException.class);
        TaskImportException failure = (TaskImportException) error;
        assertThat(failure.partialResult().taskIds()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(failure.partialResult().taskCount()).isEqualTo(4);
        assertThat(failure.partialResult().requests()).isEqualTo(2);
        assertThat(failure.getMessage())
                .contains("Import into project 1 stopped after 4 created and 0 skipped task(s) in 2 request(s)")
                .contains("Validation error");
        assertThat(posts()).as("batch 4 is not sent").hasSize(3);
    }

    @Test
    void importPostIsNeverRetried() {
        stub.when("POST", IMPORT, StubResponse.json(503, "{\"detail\": \"busy\"}"));

        assertThatThrownBy(() -> tasks.importTasks(PROJECT, texts(2), ImportOptions.defaults()))
                .isInstanceOf(TaskImportException.class)
                .hasCauseInstanceOf(ServerErrorException.class)
                .hasMessageContaining("503")
                .satisfies(e -> assertThat(
                                ((TaskImportException) e).partialResult().unknownCount())
                        .as("the server may have created them before it failed")
                        .isEqualTo(2));
        assertThat(posts())
                .as("retries are configured, but a POST is sent once")
                .hasSize(1);
    }

    @Test
    void connectionResetOnImportIsNotRetried() {
        stub.enqueue("POST", IMPORT, StubResponse.reset());
        stub.when("POST", IMPORT, this::createTasks);

        assertThatThrownBy(() -> tasks.importTasks(PROJECT, texts(2), ImportOptions.defaults()))
                .isInstanceOf(TaskImportException.class)
                .hasCauseInstanceOf(LabelStudioException.class)
                .hasMessageContaining("whether its tasks were created is unknown");
        assertThat(posts()).hasSize(1);
    }

    @Test
    void nullTaskFailsNamingItsPosition() {
        List<Map<String, ?>> withNull = new ArrayList<>(texts(2));
        withNull.add(null);
        assertThatThrownBy(() -> tasks.importTasks(PROJECT, withNull, ImportOptions.defaults()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Task #3 is null");
        assertThat(stub.requests()).isEmpty();
    }

    // ---- the next batch is read while a request is on its way; request size ----

    /** An iterator over {@code texts(count)} that counts the tasks handed out. */
    private static final class CountingTasks implements java.util.Iterator<Map<String, ?>> {
        final AtomicInteger taken = new AtomicInteger();
        private final int count;

        CountingTasks(int count) {
            this.count = count;
        }

        @Override
        public boolean hasNext() {
            return taken.get() < count;
        }

        @Override
        public Map<String, ?> next() {
            return Map.of("text", "task " + taken.incrementAndGet());
        }
    }

    @Test
    void theNextBatchIsReadWhileARequestIsOnItsWayAndNeverMoreThanOneAhead() {
        CountingTasks source = new CountingTasks(7);
        AtomicInteger post = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        stub.when("POST", IMPORT, request -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            int k = post.incrementAndGet();
            // answer request k only once the caller has read batch k+1 (batches of 3; 7 tasks); without the
            // read-ahead this waits the full 5 s and records fewer tasks read
            int wanted = Math.min(7, 3 * k + 3);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (source.taken.get() < wanted && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            seen.add("request " + k + ": " + source.taken.get() + " read");
            inFlight.decrementAndGet();
            return createTasks(request);
        });

        ImportResult result = tasks.importTasks(PROJECT, source, batchesOf(3));

        assertThat(seen)
                .as("while request k was on its way the caller read batch k+1, and no further")
                .containsExactly("request 1: 6 read", "request 2: 7 read", "request 3: 7 read");
        assertThat(maxInFlight.get()).as("one request at a time").isEqualTo(1);
        assertThat(posts().stream().map(r -> body(r).size())).containsExactly(3, 3, 1);
        assertThat(result.taskIds()).isEqualTo(range(1, 7));
        assertThat(result.requests()).isEqualTo(3);
    }

    @Test
    void maxBatchBytesEndsABatchBeforeTheTaskThatWouldNotFitAndALargerTaskGoesAlone() {
        stub.when("POST", IMPORT, this::createTasks);
        List<Map<String, ?>> source = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            source.add(Map.of("text", (i == 5 ? "x".repeat(3000) : "y".repeat(300)) + i));
        }

        ImportResult result = tasks.importTasks(
                PROJECT, source, ImportOptions.defaults().withBatchSize(100).withMaxBatchBytes(1024));

        List<Integer> bytes =
                posts().stream().map(r -> r.bodyAsString().length()).toList();
        List<Integer> sizes = posts().stream().map(r -> body(r).size()).toList();
        assertThat(sizes).containsExactly(3, 1, 1, 3, 1);
        assertThat(bytes.get(2))
                .as("the one task larger than the limit goes alone")
                .isGreaterThan(3000);
        assertThat(List.of(bytes.get(0), bytes.get(1), bytes.get(3), bytes.get(4)))
                .allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(1024));
        List<String> sent = posts().stream()
                .flatMap(r -> java.util.stream.StreamSupport.stream(body(r).spliterator(), false))
                .map(t -> t.path("text").asText())
                .toList();
        assertThat(sent).isEqualTo(source.stream().map(t -> t.get("text")).toList());
        assertThat(result.taskCount()).isEqualTo(9);
    }

    @Test
    void aBadTaskReadAheadStillCountsTheRequestOnItsWay() {
        stub.when("POST", IMPORT, this::createTasks);
        List<Map<String, ?>> withNull = new ArrayList<>(texts(3));
        withNull.add(null);

        Throwable error = org.assertj.core.api.Assertions.catchThrowable(
                () -> tasks.importTasks(PROJECT, withNull, batchesOf(2)));

        assertThat(error)
                .isInstanceOf(TaskImportException.class)
                .hasMessageContaining("stopped after 2 created")
                .hasMessageContaining("Task #4 is null")
                .hasCauseExactlyInstanceOf(IllegalArgumentException.class);
        assertThat(((TaskImportException) error).partialResult().taskIds()).containsExactly(1L, 2L);
        assertThat(posts()).as("the batch with the null task is not sent").hasSize(1);
    }

    @Test
    void aTaskThatCannotBeWrittenAsJsonIsNamedByPosition() {
        List<Map<String, ?>> source = List.of(Map.of("text", "a"), Map.of("text", new Object()));

        assertThatThrownBy(() -> tasks.importTasks(PROJECT, source, ImportOptions.defaults()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Task #2 cannot be written as JSON");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void importOptionsRefuseATinyMaxBatchBytes() {
        assertThatThrownBy(() -> ImportOptions.defaults().withMaxBatchBytes(100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBatchBytes must be at least 1024, was 100");
        assertThat(ImportOptions.defaults().batchSize()).isEqualTo(5000);
        assertThat(ImportOptions.defaults().maxBatchBytes()).isEqualTo(8L * 1024 * 1024);
    }

    // ---- import keys ----

    /**
     * A stateful project: the import endpoint records the {@code image} keys it creates, the views endpoint keeps the
     * filters of the views created, and the task listing answers an {@code in_list} filter, given in the query or by a
     * view, with the existing tasks among the listed keys, page by page.
     */
    private final Map<Object, Long> existing = new ConcurrentHashMap<>();

    private final Map<Long, JsonNode> views = new ConcurrentHashMap<>();
    private final AtomicLong nextViewId = new AtomicLong(1);

    private static final String VIEWS = "/api/dm/views/";

    private void serveProjectWithKeys() {
        stub.when("POST", IMPORT, request -> {
            List<Long> ids = new ArrayList<>();
            for (JsonNode task : body(request)) {
                JsonNode data = task.has("data") ? task.get("data") : task;
                long id = nextId.getAndIncrement();
                existing.put(Json.mapper().treeToValue(data.get("image"), Object.class), id);
                ids.add(id);
            }
            return StubResponse.json(201, importAnswer(ids, 0, 0));
        });
        stub.when("POST", VIEWS, request -> {
            long id = nextViewId.getAndIncrement();
            JsonNode view = body(request);
            views.put(id, view.path("data").path("filters"));
            stub.when("DELETE", VIEWS + id + "/", delete -> {
                views.remove(id);
                return StubResponse.status(204);
            });
            return StubResponse.json(201, "{\"id\": " + id + ", \"project\": " + view.get("project") + "}");
        });
        stub.when("GET", TASKS, request -> {
            if (requestLine(request).length() > GUNICORN_LIMIT) {
                return StubResponse.json(414, "{\"detail\": \"URI Too Long\"}"); // as gunicorn answers
            }
            JsonNode filters = request.queryParam("view") != null
                    ? views.get(Long.parseLong(request.queryParam("view")))
                    : checkQuery(request).path("filters");
            List<String> found = new ArrayList<>();
            Set<Long> listed = new java.util.HashSet<>();
            for (JsonNode value : filters.path("items").get(0).get("value")) {
                Long id = existing.get(Json.mapper().treeToValue(value, Object.class));
                if (id != null && listed.add(id)) {
                    found.add("{\"id\": " + id + ", \"data\": {\"image\": " + value + "}}");
                }
            }
            int page = Integer.parseInt(request.queryParam("page"));
            int size = Integer.parseInt(request.queryParam("page_size"));
            int from = (page - 1) * size;
            if (page > 1 && from >= found.size()) {
                return StubResponse.json(404, "{\"detail\": \"Invalid page.\"}");
            }
            return StubResponse.json(
                    200,
                    "{\"total_annotations\": 0, \"total_predictions\": 0, \"total\": " + found.size()
                            + ", \"tasks\": ["
                            + String.join(", ", found.subList(from, Math.min(found.size(), from + size)))
                            + "]}");
        });
    }

    /** gunicorn's default limit_request_line: the longest request line (without CRLF) it accepts. */
    private static final int GUNICORN_LIMIT = 4094;

    /** The request line as it arrived (the client speaks HTTP/1.1), e.g. {@code GET /api/tasks/?... HTTP/1.1}. */
    private static String requestLine(RecordedRequest request) {
        return request.method() + " " + request.path() + (request.rawQuery() == null ? "" : "?" + request.rawQuery())
                + " HTTP/1.1";
    }

    /**
     * The check's Data Manager query as Label Studio reads it: the decoded parameter decoded once more (Python's
     * {@code unquote}: %XX sequences only, a + stays a +).
     */
    private static JsonNode checkQuery(RecordedRequest check) {
        String text = check.queryParam("query");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c == '%'
                    && i + 2 < text.length()
                    && Character.digit(text.charAt(i + 1), 16) >= 0
                    && Character.digit(text.charAt(i + 2), 16) >= 0) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
            }
        }
        return json(bytes.toString(StandardCharsets.UTF_8));
    }

    /** The keys a check with the filter in its query listed. */
    private static List<Object> checkedValues(RecordedRequest check) {
        return values(checkQuery(check).path("filters"));
    }

    /** The keys of the temporary view a POST created. */
    private static List<Object> viewValues(RecordedRequest viewCreation) {
        JsonNode data = body(viewCreation).path("data");
        assertThat(data.path("title").asText()).isEqualTo(ImportKeys.VIEW_TITLE);
        return values(data.path("filters"));
    }

    private static List<Object> values(JsonNode filters) {
        assertThat(filters.get("conjunction").asText()).isEqualTo("and");
        assertThat(filters.get("items")).hasSize(1);
        JsonNode item = filters.get("items").get(0);
        assertThat(item.get("filter").asText()).isEqualTo("filter:tasks:data.image");
        assertThat(item.get("operator").asText()).isEqualTo("in_list");
        List<Object> values = new ArrayList<>();
        item.get("value").forEach(v -> values.add(Json.mapper().convertValue(v, Object.class)));
        return values;
    }

    private static List<Object> sentImages(RecordedRequest post) {
        List<Object> images = new ArrayList<>();
        for (JsonNode task : body(post)) {
            JsonNode data = task.has("data") ? task.get("data") : task;
            images.add(Json.mapper().convertValue(data.get("image"), Object.class));
        }
        return images;
    }

    private static Map<String, Object> image(Object key) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("image", key);
        return task;
    }

    @Test
    void importKeyCheckListsTheBatchKeysWithAnInListFilter() {
        serveProjectWithKeys();
        existing.put("a.png", 500L);

        ImportResult result = tasks.importTasks(
                PROJECT,
                List.of(image("a.png"), image("b.png"), Map.of("data", image("c.png")), image("b.png")),
                ImportOptions.defaults().withImportKey("image"));

        List<RecordedRequest> checks = stub.requests("GET", TASKS);
        assertThat(checks).singleElement().satisfies(check -> {
            assertThat(check.queryParam("project")).isEqualTo("1");
            assertThat(check.queryParam("include")).isEqualTo("id,data");
            assertThat(check.queryParam("resolve_uri"))
                    .as("keys as stored, not turned into a storage's URLs")
                    .isEqualTo("false");
            assertThat(check.queryParam("page_size")).isEqualTo("1000");
            JsonNode query = checkQuery(check);
            JsonNode filters = query.get("filters");
            assertThat(filters.get("conjunction").asText()).isEqualTo("and");
            assertThat(filters.get("items")).hasSize(1);
            JsonNode item = filters.get("items").get(0);
            assertThat(item.get("filter").asText()).isEqualTo("filter:tasks:data.image");
            assertThat(item.get("operator").asText()).isEqualTo("in_list");
            assertThat(item.get("type").asText()).isEqualTo("String");
            assertThat(checkedValues(check)).containsExactly("a.png", "b.png", "c.png", "b.png");
        });
        assertThat(stub.requests("POST", VIEWS))
                .as("a small batch needs no view")
                .isEmpty();
        // a.png exists in the project, the second b.png duplicates the first
        assertThat(posts()).singleElement().satisfies(post -> {
            assertThat(sentImages(post)).containsExactly("b.png", "c.png");
            assertThat(body(post).get(1).has("data"))
                    .as("the task is sent in the form given")
                    .isTrue();
        });
        assertThat(result.skippedCount()).isEqualTo(2);
        assertThat(result.taskCount()).isEqualTo(2);
        assertThat(result.taskIds()).containsExactly(1L, 2L);
        assertThat(result.requests()).isEqualTo(1);
    }

    @Test
    void importKeyChecksEachBatchAndDropsDuplicatesAcrossBatches() {
        serveProjectWithKeys();

        ImportResult result = tasks.importTasks(
                PROJECT,
                List.of(image("a"), image("b"), image("c"), image("a"), image("d"), image("b")),
                ImportOptions.defaults().withImportKey("image").withBatchSize(2));

        assertThat(stub.requests("GET", TASKS).stream().map(TaskImportTest::checkedValues))
                .containsExactly(List.of("a", "b"), List.of("c", "a"), List.of("d", "b"));
        assertThat(posts().stream().map(TaskImportTest::sentImages))
                .containsExactly(List.of("a", "b"), List.of("c"), List.of("d"));
        assertThat(result.skippedCount()).isEqualTo(2);
        assertThat(result.taskIds()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void replayingAnImportWithKeySendsNoImport() {
        serveProjectWithKeys();
        ImportOptions options = ImportOptions.defaults().withImportKey("image");
        List<Map<String, ?>> batch = List.of(image("a"), image("b"));
        tasks.importTasks(PROJECT, batch, options);

        ImportResult replay = tasks.importTasks(PROJECT, batch, options);

        assertThat(posts()).hasSize(1);
        assertThat(replay.skippedCount()).isEqualTo(2);
        assertThat(replay.taskCount()).isZero();
        assertThat(replay.taskIds()).isEmpty();
        assertThat(replay.requests()).isZero();
    }

    @Test
    void importKeysCompareByJsonTypeAndValue() {
        serveProjectWithKeys();
        existing.put(5L, 900L);

        ImportResult result = tasks.importTasks(
                PROJECT,
                List.of(image(5), image("5"), image(5L), image(5.0)),
                ImportOptions.defaults().withImportKey("image"));

        // the number 5 exists (also as 5L and 5.0); the string "5" is another key
        assertThat(posts())
                .singleElement()
                .satisfies(post -> assertThat(sentImages(post)).containsExactly("5"));
        assertThat(result.skippedCount()).isEqualTo(3);
    }

    @Test
    void taskWithoutTheKeyFailsNamingPositionAndKey() {
        serveProjectWithKeys();

        assertThatThrownBy(() -> tasks.importTasks(
                        PROJECT,
                        List.of(image("a"), Map.of("text", "no image")),
                        ImportOptions.defaults().withImportKey("image")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Task #2 has no value for the import key 'image'");
        assertThat(stub.requests())
                .as("the batch is checked before anything is sent")
                .isEmpty();

        // in a later batch, the position counts from the start of the import
        Throwable error = org.assertj.core.api.Assertions.catchThrowable(() -> tasks.importTasks(
                PROJECT,
                List.of(image("a"), image("b"), Map.of("data", Map.of("text", "no image"))),
                ImportOptions.defaults().withImportKey("image").withBatchSize(2)));
        assertThat(error)
                .isInstanceOf(TaskImportException.class)
                .hasMessageContaining("Task #3 has no value for the import key 'image'");
        assertThat(((TaskImportException) error).partialResult().taskIds()).containsExactly(1L, 2L);
    }

    @Test
    void keyThatIsNotAStringOrNumberIsRejected() {
        assertThatThrownBy(() -> tasks.importTasks(
                        PROJECT,
                        List.of(image(List.of("x"))),
                        ImportOptions.defaults().withImportKey("image")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Task #1: the import key 'image' must be a string or a number");
        assertThat(stub.requests()).isEmpty();
    }

    /** Keys of the kinds that make a check's request line long, in {@code count} tasks. */
    private static List<Object> keysOfKind(String kind, int count) {
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(
                    switch (kind) {
                        // about 120 characters, many of which need percent-encoding
                        case "long" ->
                            "s3://bucket/images/\"quoted\" & spaced *starred* 100%/" + "x".repeat(60) + "/" + i
                                    + ".png";
                        // 2 to 4 bytes per character in UTF-8, 6 to 12 encoded
                        case "unicode" -> "Łódź/日本語の画像/😀" + i + "/ü".repeat(i % 7);
                        case "numeric" -> 1_000_000L + i;
                        default -> throw new IllegalArgumentException(kind);
                    });
        }
        return keys;
    }

    @ParameterizedTest
    @CsvSource({"long, 400", "unicode, 3000", "numeric, 5000"})
    void aBatchTooLargeForOneRequestLineIsCheckedThroughATemporaryView(String kind, int count) {
        serveProjectWithKeys();
        List<Object> keys = keysOfKind(kind, count);
        List<Map<String, ?>> tasksToImport =
                keys.stream().<Map<String, ?>>map(TaskImportTest::image).toList();
        ImportOptions options = ImportOptions.defaults().withImportKey("image").withBatchSize(5000);

        ImportResult result = tasks.importTasks(PROJECT, tasksToImport, options);
        ImportResult replay = tasks.importTasks(PROJECT, tasksToImport, options);

        // per import: one view with all the batch's keys, its listing page by page, its deletion
        List<RecordedRequest> viewsCreated = stub.requests("POST", VIEWS);
        assertThat(viewsCreated).hasSize(2).allSatisfy(view -> {
            assertThat(body(view).get("project").asLong()).isEqualTo(PROJECT);
            assertThat(viewValues(view)).as("every key, in order, as sent").isEqualTo(keys);
        });
        assertThat(stub.requests("DELETE", VIEWS + "1/")).hasSize(1);
        assertThat(stub.requests("DELETE", VIEWS + "2/")).hasSize(1);
        assertThat(views).as("no view is left behind").isEmpty();
        List<RecordedRequest> listings = stub.requests("GET", TASKS);
        assertThat(listings).allSatisfy(listing -> {
            assertThat(listing.queryParam("query")).isNull();
            assertThat(listing.queryParam("include")).isEqualTo("id,data");
            assertThat(listing.queryParam("resolve_uri")).isEqualTo("false");
        });
        int replayPages = (count + ImportKeys.PAGE_SIZE - 1) / ImportKeys.PAGE_SIZE;
        assertThat(listings.stream().map(l -> l.queryParam("view") + "/" + l.queryParam("page")))
                .as("the first import finds nothing; the replay pages through every key")
                .isEqualTo(java.util.stream.Stream.concat(
                                java.util.stream.Stream.of("1/1"),
                                IntStream.rangeClosed(1, replayPages).mapToObj(page -> "2/" + page))
                        .toList());
        int longest = stub.requests().stream()
                .mapToInt(r -> requestLine(r).getBytes(StandardCharsets.ISO_8859_1).length)
                .max()
                .orElseThrow();
        System.out.printf(
                "import key check, %s keys: %d keys, %d request(s) per check, longest request line %d bytes%n",
                kind, count, 2 + replayPages, longest);
        assertThat(longest).isLessThanOrEqualTo(ImportKeys.REQUEST_LINE_BUDGET);

        assertThat(result.taskCount()).isEqualTo(count);
        assertThat(posts()).hasSize(1);
        assertThat(replay.skippedCount()).isEqualTo(count);
        assertThat(replay.taskCount()).isZero();
    }

    @Test
    void aBatchIsCheckedWithOneGetUpToTheLastByteOfTheRequestLineBudget() {
        serveProjectWithKeys();
        ImportKeys keys = new ImportKeys(client.transport(), PROJECT, "image");
        // the longest key of k's whose check fits the budget (each k is one byte of the request line): the checks of
        // longer keys go through a view
        int fits = 1;
        int tooLong = ImportKeys.REQUEST_LINE_BUDGET;
        while (tooLong - fits > 1) {
            int middle = (fits + tooLong) / 2;
            int viewsBefore = stub.requests("POST", VIEWS).size();
            keys.existing(List.of(keys.keyOf(image("k".repeat(middle)), 1)));
            if (stub.requests("POST", VIEWS).size() > viewsBefore) {
                tooLong = middle;
            } else {
                fits = middle;
            }
        }
        keys.existing(List.of(keys.keyOf(image("k".repeat(fits)), 1)));
        RecordedRequest fullest = stub.requests("GET", TASKS).stream()
                .filter(r -> r.queryParam("query") != null)
                .reduce((first, second) -> second)
                .orElseThrow();

        assertThat(checkedValues(fullest)).containsExactly("k".repeat(fits));
        assertThat(requestLine(fullest).length())
                .as("the measure is the request line as sent")
                .isEqualTo(ImportKeys.REQUEST_LINE_BUDGET);
        // the same with two keys: the comma between them counts too
        stub.reset();
        serveProjectWithKeys();
        // two keys of a and b k's take a + 6 + 3 + b + 6 bytes (quotes as %22, the comma as %2C): one key's fits + 6
        int half = fits / 2;
        keys.existing(List.of(
                keys.keyOf(image("k".repeat(half)), 1), keys.keyOf(image("k".repeat(fits - 9 - half)), 2)));
        assertThat(stub.requests("POST", VIEWS)).isEmpty();
        assertThat(stub.requests("GET", TASKS))
                .singleElement()
                .satisfies(check -> assertThat(requestLine(check).length()).isEqualTo(ImportKeys.REQUEST_LINE_BUDGET));
    }

    @Test
    void aKeyOfAnyLengthIsChecked() {
        serveProjectWithKeys();
        String veryLong = "k".repeat(20_000);
        existing.put(veryLong, 900L);

        ImportResult result = tasks.importTasks(
                PROJECT,
                List.of(image(veryLong), image("short")),
                ImportOptions.defaults().withImportKey("image"));

        assertThat(stub.requests("POST", VIEWS))
                .singleElement()
                .satisfies(view -> assertThat(viewValues(view)).containsExactly(veryLong, "short"));
        assertThat(posts())
                .singleElement()
                .satisfies(post -> assertThat(sentImages(post)).containsExactly("short"));
        assertThat(result.skippedCount()).isEqualTo(1);
        assertThat(stub.requests())
                .allSatisfy(r -> assertThat(requestLine(r).length()).isLessThanOrEqualTo(GUNICORN_LIMIT));
    }

    @Test
    void theTemporaryViewIsDeletedWhenItsListingFails() {
        serveProjectWithKeys();
        stub.enqueue("GET", TASKS, StubResponse.json(400, "{\"detail\": \"bad filter\"}"));

        assertThatThrownBy(() -> tasks.importTasks(
                        PROJECT,
                        List.of(image("k".repeat(5000)), image("b")),
                        ImportOptions.defaults().withImportKey("image")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("bad filter");

        assertThat(stub.requests("DELETE", VIEWS + "1/")).hasSize(1);
        assertThat(views).isEmpty();
        assertThat(posts()).as("nothing is imported unchecked").isEmpty();
    }

    @Test
    void aTemporaryViewThatCannotBeDeletedDoesNotFailTheImport() {
        serveProjectWithKeys();
        stub.enqueue("DELETE", VIEWS + "1/", StubResponse.json(403, "{\"detail\": \"forbidden\"}"));

        ImportResult result = tasks.importTasks(
                PROJECT,
                List.of(image("k".repeat(5000)), image("b")),
                ImportOptions.defaults().withImportKey("image"));

        assertThat(result.taskCount()).isEqualTo(2);
        assertThat(stub.requests("DELETE", VIEWS + "1/")).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({"1, query", "5000, view"})
    void aPercentSignInAKeySurvivesTheServersDecoding(int padding, String way) {
        serveProjectWithKeys();
        existing.put("photo%20one.png", 700L);

        ImportResult result = tasks.importTasks(
                PROJECT,
                List.of(image("photo%20one.png"), image("photo one.png"), image("100%"), image("p".repeat(padding))),
                ImportOptions.defaults().withImportKey("image"));

        List<Object> checked = way.equals("query")
                ? checkedValues(stub.requests("GET", TASKS).get(0))
                : viewValues(stub.requests("POST", VIEWS).get(0));
        assertThat(checked).containsExactly("photo%20one.png", "photo one.png", "100%", "p".repeat(padding));
        assertThat(posts())
                .singleElement()
                .satisfies(post ->
                        assertThat(sentImages(post)).containsExactly("photo one.png", "100%", "p".repeat(padding)));
        assertThat(result.skippedCount()).isEqualTo(1);
    }

    // ---- file uploads ----

    @Test
    void fileUploadIsMultipartWithTheFileName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tasks.csv");
        Files.writeString(file, "text\nhello\nworld\n");
        stub.when("POST", IMPORT, StubResponse.json(201, importAnswer(List.of(31L, 32L), 0, 0)));

        ImportResult result =
                tasks.importFile(PROJECT, file, ImportOptions.defaults().withPreannotatedFromFields(List.of("label")));

        assertThat(posts()).singleElement().satisfies(post -> {
            assertThat(post.header("Content-Type"))
                    .startsWith("multipart/form-data;")
                    .contains("boundary=");
            String body = post.bodyAsString();
            assertThat(body)
                    .contains("Content-Disposition: form-data; name=\"file\"; filename=\"tasks.csv\"")
                    .contains("Content-Type: text/csv")
                    .contains("text\nhello\nworld\n");
            assertThat(post.queryParam("return_task_ids")).isEqualTo("true");
            assertThat(post.queryParam("preannotated_from_fields")).isEqualTo("label");
        });
        assertThat(result.taskIds()).containsExactly(31L, 32L);
        assertThat(result.taskCount()).isEqualTo(2);
        assertThat(result.requests()).isEqualTo(1);
    }

    @Test
    void jsonFileIsUploadedAsJsonUnchanged(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tasks.json");
        byte[] content = "[{\"text\": \"ünïcödé\"}]".getBytes(StandardCharsets.UTF_8);
        Files.write(file, content);
        stub.when("POST", IMPORT, StubResponse.json(201, importAnswer(List.of(1L), 0, 0)));

        tasks.importFile(PROJECT, file, ImportOptions.defaults());

        assertThat(posts())
                .singleElement()
                .satisfies(post -> assertThat(post.bodyAsString())
                        .contains("name=\"file\"; filename=\"tasks.json\"")
                        .contains("Content-Type: application/json")
                        .contains("[{\"text\": \"ünïcödé\"}]"));
    }

    @Test
    void importKeyWithAFileIsRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tasks.json");
        Files.writeString(file, "[{\"image\": \"a\"}]");

        assertThatThrownBy(() ->
                        tasks.importFile(PROJECT, file, ImportOptions.defaults().withImportKey("image")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("importKey works with task lists");
        assertThatThrownBy(() -> tasks.importFile(PROJECT, dir.resolve("missing.json"), ImportOptions.defaults()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a readable file");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void defaultClientTasksApiImportsToo() {
        // the client's own TasksApi (1 s poll unit) for a synchronous import
        stub.when("POST", IMPORT, this::createTasks);

        ImportResult result = client.tasks().importTasks(PROJECT, texts(2), ImportOptions.defaults());

        assertThat(result.taskIds()).containsExactly(1L, 2L);
        Set<String> paths = stub.requests().stream().map(RecordedRequest::path).collect(Collectors.toSet());
        assertThat(paths).containsExactly(IMPORT);
    }
}
