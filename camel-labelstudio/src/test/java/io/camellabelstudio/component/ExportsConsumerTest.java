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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.HttpResponseAware;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.logging.log4j.Level;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.camellabelstudio.client.StubResponse;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.ExportSnapshot;
import io.camellabelstudio.component.consumer.LabelStudioPollException;

/**
 * The exports consumer against a stub whose snapshot list the tests change: id order, snapshots still running,
 * failed ones, the mark and its start, maxMessagesPerPoll, downloads and poll errors.
 */
class ExportsConsumerTest extends StubCamelTestSupport {

    private static final String EXPORTS = "/api/projects/1/exports/";
    private static final String STATE_KEY = "labelstudio:exports:projectId:1";
    private static final String CONSUMER = "labelstudio:exports?projectId=1&initialDelay=0&delay=20";

    /** Snapshot id → status, as the stub's list shows them (newest first, like Label Studio). */
    private final Map<Long, String> snapshots = new ConcurrentSkipListMap<>();

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final MemoryStateRepository state = new MemoryStateRepository();

    @TempDir
    Path dir;

    /** What the route saw of one exchange. */
    private record Delivery(
            long exportId, String status, String eventType, int index, int size, boolean complete, Object body) {}

    @BeforeEach
    void stubTheSnapshotList() {
        camel.getRegistry().bind("state", state);
        stub.when("GET", EXPORTS, request -> StubResponse.json(200, listJson()));
    }

    // ---- helpers ----

    private void snapshot(long id, String status) {
        snapshot(id, status, "");
    }

    /** A snapshot whose download is one task and {@code padding} (to make it bigger than any buffer). */
    private void snapshot(long id, String status, String padding) {
        snapshots.put(id, status);
        stub.when(
                "GET",
                EXPORTS + id + "/download",
                StubResponse.body(200, "application/json", "[{\"id\": " + id + ", \"data\": {}}" + padding + "]")
                        .withHeader(
                                "Content-Disposition", "attachment; filename=\"export/project-1-" + id + ".json\""));
    }

    private String listJson() {
        List<String> items = new ArrayList<>();
        snapshots.entrySet().stream()
                .sorted(Map.Entry.<Long, String>comparingByKey().reversed())
                .forEach(s -> items.add("{\"id\": " + s.getKey() + ", \"title\": \"t\", \"status\": \"" + s.getValue()
                        + "\", \"md5\": \"m\", \"counters\": {\"task_number\": 2}}"));
        return "[" + String.join(", ", items) + "]";
    }

    private void route(String uri, Processor processor) throws Exception {
        route(uri, processor, null);
    }

    /** A route that records what it sees, then runs {@code processor}; {@code pollErrors} collects bridged errors. */
    private void route(String uri, Processor processor, List<Throwable> pollErrors) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                if (pollErrors != null) {
                    onException(LabelStudioPollException.class)
                            .handled(true)
                            .process(e -> pollErrors.add(e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)));
                }
                from(uri)
                        .streamCache("false")
                        .process(
                                e -> { // the consumer's own body, not a cached copy
                                    deliveries.add(new Delivery(
                                            e.getMessage().getHeader(LabelStudioConstants.EXPORT_ID, Long.class),
                                            e.getMessage().getHeader(LabelStudioConstants.EXPORT_STATUS, String.class),
                                            e.getMessage().getHeader(LabelStudioConstants.EVENT_TYPE, String.class),
                                            e.getProperty(ExchangePropertyKey.BATCH_INDEX, Integer.class),
                                            e.getProperty(ExchangePropertyKey.BATCH_SIZE, Integer.class),
                                            e.getProperty(ExchangePropertyKey.BATCH_COMPLETE, Boolean.class),
                                            e.getMessage().getBody()));
                                    processor.process(e);
                                });
            }
        });
    }

    private List<Long> deliveredIds() {
        return deliveries.stream().map(Delivery::exportId).toList();
    }

    private int listRequests() {
        return stub.requests("GET", EXPORTS).size();
    }

    /** Waits until some more polls have listed the snapshots, so that "nothing more came" means something. */
    private void awaitPolls(int more) {
        int target = listRequests() + more;
        await(() -> listRequests() >= target, "the consumer to poll " + more + " more times");
    }

    private static void await(Callable<Boolean> condition, String what) {
        Awaitility.await(what)
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .until(condition);
    }

    // ---- order, running and failed snapshots ----

    @Test
    void finishedSnapshotsComeInIdOrderAndOneStillRunningHoldsBackLaterOnes() throws Exception {
        snapshot(3, "completed");
        snapshot(4, "failed");
        snapshot(5, "in_progress");
        snapshot(6, "completed");
        route(CONSUMER + "&startFrom=beginning&stateRepository=#state", e -> {});

        await(() -> deliveries.size() == 2, "exports 3 and 4");
        awaitPolls(3);
        assertThat(deliveredIds()).as("6 waits for 5").containsExactly(3L, 4L);
        assertThat(deliveries.get(1).status()).isEqualTo("failed");
        assertThat(deliveries.get(1).eventType()).isEqualTo("failed");
        assertThat(deliveries.get(0).eventType()).isEqualTo("completed");
        assertThat(deliveries.get(0).body()).isInstanceOf(ExportSnapshot.class);
        assertThat(state.getState(STATE_KEY)).isEqualTo("4");

        snapshot(5, "completed");
        await(() -> deliveries.size() == 4, "exports 5 and 6");
        awaitPolls(3);
        assertThat(deliveredIds()).as("each once, in id order").containsExactly(3L, 4L, 5L, 6L);
        assertThat(state.getState(STATE_KEY)).isEqualTo("6");
        assertThat(stub.requests(r -> r.path().endsWith("/download")))
                .as("no download without download=true")
                .isEmpty();
    }

    // ---- where it starts ----

    @Test
    void startFromNowDeliversOnlySnapshotsMadeAfterTheFirstPoll() throws Exception {
        snapshot(3, "completed");
        snapshot(4, "completed");
        route(CONSUMER + "&stateRepository=#state", e -> {});

        awaitPolls(2);
        assertThat(state.getState(STATE_KEY))
                .as("the newest existing export, stored at once")
                .isEqualTo("4");
        snapshot(9, "completed");
        await(() -> deliveries.size() == 1, "export 9");
        awaitPolls(2);
        assertThat(deliveredIds()).containsExactly(9L);
    }

    @Test
    void startFromAnIdDeliversThatIdAndLaterOnes() throws Exception {
        snapshot(3, "completed");
        snapshot(4, "completed");
        snapshot(5, "completed");
        route(CONSUMER + "&startFrom=4", e -> {});

        await(() -> deliveries.size() == 2, "exports 4 and 5");
        awaitPolls(2);
        assertThat(deliveredIds()).containsExactly(4L, 5L);
    }

    @Test
    void aStoredMarkWinsOverStartFromUnderAStateKeyOfItsOwn() throws Exception {
        state.setState("my-key", "4");
        snapshot(3, "completed");
        snapshot(4, "completed");
        snapshot(5, "completed");
        route(CONSUMER + "&startFrom=beginning&stateRepository=#state&stateKey=my-key", e -> {});

        await(() -> deliveries.size() == 1, "export 5");
        awaitPolls(2);
        assertThat(deliveredIds()).containsExactly(5L);
        assertThat(state.getState("my-key")).isEqualTo("5");
        assertThat(state.getState(STATE_KEY)).as("the default key is not used").isNull();
    }

    // ---- failures in the route ----

    @Test
    void anExchangeThatFailsComesAgainAtTheNextPollAndNothingOvertakesIt() throws Exception {
        snapshot(3, "completed");
        snapshot(4, "completed");
        snapshot(5, "completed");
        AtomicBoolean failed = new AtomicBoolean();
        route(CONSUMER + "&startFrom=beginning&stateRepository=#state", e -> {
            if (e.getMessage().getHeader(LabelStudioConstants.EXPORT_ID, Long.class) == 4
                    && failed.compareAndSet(false, true)) {
                assertThat(state.getState(STATE_KEY))
                        .as("the mark after 3, while 4 runs")
                        .isEqualTo("3");
                throw new IllegalStateException("downstream is down");
            }
        });

        await(() -> deliveries.size() == 4, "3, 4 (failing), 4 again and 5");
        awaitPolls(2);
        assertThat(deliveredIds()).containsExactly(3L, 4L, 4L, 5L);
        assertThat(state.getState(STATE_KEY)).isEqualTo("5");
    }

    // ---- batches ----

    @Test
    void maxMessagesPerPollLimitsEachPollAndTheBatchPropertiesDescribeIt() throws Exception {
        for (long id = 1; id <= 5; id++) {
            snapshot(id, "completed");
        }
        route(CONSUMER + "&startFrom=beginning&maxMessagesPerPoll=2", e -> {});

        await(() -> deliveries.size() == 5, "five exports");
        awaitPolls(2);
        assertThat(deliveredIds()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(deliveries)
                .extracting(Delivery::index, Delivery::size, Delivery::complete)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, 2, false),
                        org.assertj.core.groups.Tuple.tuple(1, 2, true),
                        org.assertj.core.groups.Tuple.tuple(0, 2, false),
                        org.assertj.core.groups.Tuple.tuple(1, 2, true),
                        org.assertj.core.groups.Tuple.tuple(0, 1, true));
    }

    @Test
    void withoutALimitAPollDeliversEveryListedSnapshotAndWarnsWhenTheCappedListMayHideSome() throws Exception {
        state.setState(STATE_KEY, "5");
        for (long id = 201; id <= 300; id++) {
            snapshot(id, "completed");
        }
        try (LogCapture logs = LogCapture.capture(Level.WARN)) {
            route(CONSUMER + "&stateRepository=#state&maxMessagesPerPoll=0", e -> {});

            await(() -> deliveries.size() == 100, "the 100 listed exports");
            assertThat(deliveries).allSatisfy(d -> assertThat(d.size()).isEqualTo(100));
            assertThat(deliveredIds()).isSorted().doesNotHaveDuplicates();
            assertThat(logs.lines())
                    .anyMatch(line -> line.contains("only the newest 100 exports of project 1: exports 6 to 200"));
        }
    }

    // ---- downloads ----

    @Test
    void downloadGivesTheExportAsAStreamClosedWhenTheExchangeCompletes() throws Exception {
        snapshot(3, "completed", " ".repeat(4 * 1024 * 1024));
        snapshot(4, "failed");
        AtomicReference<InputStream> stream = new AtomicReference<>();
        List<String> contents = new CopyOnWriteArrayList<>();
        List<Object> fileNames = new CopyOnWriteArrayList<>();
        route(CONSUMER + "&startFrom=beginning&download=true", e -> {
            fileNames.add(e.getMessage().getHeader(LabelStudioConstants.EXPORT_FILE_NAME));
            if (e.getMessage().getBody() instanceof InputStream in) {
                stream.set(in);
                contents.add(new String(in.readNBytes(9), StandardCharsets.UTF_8));
            }
        });

        await(() -> deliveries.size() == 2, "exports 3 and 4");
        assertThat(contents).containsExactly("[{\"id\": 3");
        assertThat(fileNames).containsExactly("project-1-3.json", null);
        assertThat(deliveries.get(1).body())
                .as("a failed snapshot has nothing to download: its metadata")
                .isInstanceOf(ExportSnapshot.class);
        assertThat(stub.requests("GET", EXPORTS + "3/download").get(0).queryParams())
                .containsEntry("exportType", List.of("JSON"));
        assertThat(stub.requests("GET", EXPORTS + "4/download")).isEmpty();
        assertThatThrownBy(() -> stream.get().read())
                .as("the download is closed once the exchange is complete")
                .isInstanceOf(IOException.class);
    }

    @Test
    void downloadWithExportLocationGivesAFileNamedByTheServer() throws Exception {
        snapshot(3, "completed");
        route(CONSUMER + "&startFrom=beginning&download=true&exportType=json_min&exportLocation=" + dir, e -> {});

        await(() -> deliveries.size() == 1, "export 3");
        assertThat(deliveries.get(0).body()).isInstanceOf(File.class);
        File file = (File) deliveries.get(0).body();
        assertThat(file.toPath()).isEqualTo(dir.resolve("project-1-3.json"));
        assertThat(Files.readString(file.toPath())).isEqualTo("[{\"id\": 3, \"data\": {}}]");
        assertThat(stub.requests("GET", EXPORTS + "3/download").get(0).queryParams())
                .containsEntry("exportType", List.of("JSON_MIN"));
    }

    // ---- createSnapshots ----

    @Test
    void createSnapshotsMakesASnapshotWhenTheFingerprintChangesAndNoneOtherwise() throws Exception {
        AtomicInteger annotations = new AtomicInteger(1);
        AtomicReference<String> newestTask =
                new AtomicReference<>("{\"id\": 2, \"updated_at\": \"2026-11-28T15:00:00.1Z\"}");
        AtomicLong nextExport = new AtomicLong(10);
        stub.when(
                "GET",
                "/api/projects/1/",
                request -> StubResponse.json(
                        200,
                        "{\"id\": 1, \"task_number\": 3," + " \"total_annotations_number\": " + annotations.get()
                                + ", \"total_predictions_number\": 0}"));
        stub.when(
                "GET",
                "/api/tasks/",
                request -> StubResponse.json(200, "{\"tasks\": [" + newestTask.get() + "]," + " \"total\": 3}"));
        stub.when("POST", EXPORTS, request -> {
            long id = nextExport.getAndIncrement();
            snapshot(id, "completed");
            return StubResponse.json(201, "{\"id\": " + id + ", \"status\": \"completed\"}");
        });
        route(CONSUMER + "&createSnapshots=true&stateRepository=#state", e -> {});

        await(() -> deliveries.size() == 1, "the snapshot of the first poll");
        awaitPolls(3);
        assertThat(stub.requests("POST", EXPORTS)).as("nothing changed since").hasSize(1);
        assertThat(state.getState(STATE_KEY + ":fingerprint"))
                .isEqualTo("tasks:3;annotations:1;predictions:0;newest:2@2026-11-28T15:00:00.1Z");
        assertThat(Json.mapper()
                        .readTree(stub.requests("POST", EXPORTS).get(0).bodyAsString())
                        .at("/task_filter_options/only_with_annotations")
                        .asBoolean())
                .as("downloadAllTasks=false: annotated tasks only")
                .isTrue();
        assertThat(stub.requests("GET", "/api/tasks/").get(0).queryParams())
                .containsEntry("page_size", List.of("1"))
                .hasEntrySatisfying("query", q -> assertThat(q.get(0)).contains("\"-tasks:updated_at\""));

        annotations.set(2);
        await(() -> deliveries.size() == 2, "the snapshot after a new annotation");
        newestTask.set("{\"id\": 3, \"updated_at\": \"2026-11-28T15:00:09.5Z\"}");
        await(() -> deliveries.size() == 3, "the snapshot after a changed task");
        awaitPolls(3);
        assertThat(stub.requests("POST", EXPORTS)).hasSize(3);
        assertThat(deliveredIds()).containsExactly(10L, 11L, 12L);
    }

    // ---- poll errors and options ----

    @Test
    void aServerErrorFailsThePollWithItsStatusAndTheNextPollCarriesOn() throws Exception {
        snapshot(3, "completed");
        stub.enqueue("GET", EXPORTS, StubResponse.json(500, "{\"detail\": \"database is locked\"}"));
        List<Throwable> pollErrors = new CopyOnWriteArrayList<>();
        route(CONSUMER + "&startFrom=beginning&bridgeErrorHandler=true", e -> {}, pollErrors);

        await(() -> deliveries.size() == 1, "export 3 after the failed poll");
        assertThat(pollErrors).hasSize(1);
        assertThat(pollErrors.get(0)).isInstanceOf(LabelStudioPollException.class);
        assertThat(((HttpResponseAware) pollErrors.get(0)).getHttpResponseCode())
                .isEqualTo(500);
        assertThat(pollErrors.get(0).getMessage())
                .contains("labelstudio:exports consumer of project 1")
                .doesNotContain(KEY);
    }

    @Test
    void aConsumerWithoutProjectIdOrWithAnInvalidStartFromDoesNotStart() {
        assertThatThrownBy(() -> route("labelstudio:exports?delay=20", e -> {}))
                .hasStackTraceContaining("needs the projectId option");
        assertThatThrownBy(() -> route("labelstudio:exports?projectId=1&startFrom=yesterday", e -> {}))
                .hasStackTraceContaining("Invalid startFrom 'yesterday'");
        assertThatThrownBy(() -> route("labelstudio:exports?projectId=1&startFrom=2026-01-01T00:00:00Z", e -> {}))
                .hasStackTraceContaining("is an instant, which labelstudio:exports does not take");
    }
}
