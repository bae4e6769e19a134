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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.error.LabelStudioException;
import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.client.error.ValidationException;
import io.camellabelstudio.client.export.ExportDownload;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.http.RetrySettings;
import io.camellabelstudio.client.model.ExportFormat;
import io.camellabelstudio.client.model.ExportSnapshot;

/**
 * Exports against the stub: polling (completed, failed with the server's reason, timeout), the run flow with its
 * temporary view (passed to the snapshot, deleted on every path), Enterprise conversion, and request shapes. The
 * {@link ExportsApi} is the one {@link LabelStudioClient#exports()} wires up (polls once a second), so the tests keep
 * their polls few.
 */
class ExportsApiTest {

    private static final String VERSION = "/api/version/";
    private static final String VIEWS = "/api/dm/views/";
    private static final String VIEW_42 = "/api/dm/views/42/";
    private static final String EXPORTS = "/api/projects/1/exports/";
    private static final String SNAPSHOT_7 = "/api/projects/1/exports/7";
    private static final String DOWNLOAD_7 = "/api/projects/1/exports/7/download";
    private static final String CONVERT_7 = "/api/projects/1/exports/7/convert";
    private static final String ENTERPRISE = "{\"release\": \"2.30.0\", \"edition\": \"Enterprise\"}";
    private static final String COMMUNITY = "{\"release\": \"1.23.2\", \"label-studio-os-package\": {\"version\":"
            + " \"1.23.2\"}, \"edition\": \"Community\"}";
    private static final String FILTERS = "{\"conjunction\": \"and\", \"items\": [{\"filter\":"
            + " \"filter:tasks:data.n\", \"operator\": \"greater_or_equal\", \"type\": \"Number\", \"value\": 5}]}";
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private StubLabelStudio stub;
    private MutableClock clock;
    private LabelStudioClient client;
    private ExportsApi exports;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
        client = clientFor(stub).retrySettings(RetrySettings.NONE).clock(clock).build();
        exports = client.exports();
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
        assertThat(stub.errors()).as("problems of the stub server itself").isEmpty();
    }

    // ---- helpers ----

    static String snapshot(long id, String status, String extra) {
        return "{\"title\": \"camel-labelstudio export\", \"id\": " + id + ", \"created_by\": {\"id\": 1, \"email\":"
                + " \"admin@example.com\"}, \"created_at\": \"2026-11-28T12:00:00Z\", \"finished_at\": null,"
                + " \"status\": \"" + status + "\", \"md5\": \"d41d8cd98f00b204e9800998ecf8427e\", \"counters\":"
                + " {\"task_number\": 6}, \"converted_formats\": []" + extra + "}";
    }

    static String snapshot(long id, String status) {
        return snapshot(id, status, "");
    }

    private static String converting(String status) {
        return "{\"title\": \"t\", \"id\": 7, \"status\": \"completed\", \"counters\": {\"task_number\": 6},"
                + " \"converted_formats\": [{\"id\": 3, \"status\": \"" + status + "\", \"export_type\": \"CSV\","
                + " \"traceback\": null}]}";
    }

    private static JsonNode json(RecordedRequest request) {
        try {
            return Json.mapper().readTree(request.bodyAsString());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + request.bodyAsString(), e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private void serveView() {
        stub.when(
                "POST",
                VIEWS,
                StubResponse.json(201, "{\"id\": 42, \"project\": 1, \"data\": {\"title\": \"temporary\"}}"));
        stub.when("DELETE", VIEW_42, StubResponse.status(204));
    }

    private void serveCompletedSnapshot() {
        stub.when("POST", EXPORTS, StubResponse.json(201, snapshot(7, "completed")));
        stub.when("GET", SNAPSHOT_7, StubResponse.json(200, snapshot(7, "completed")));
    }

    private static StubResponse download(String contentType, String body, String fileName) {
        return StubResponse.body(200, contentType, body)
                .withHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    }

    private static String read(ExportDownload download) throws IOException {
        try (download;
                InputStream in = download.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private List<String> routes() {
        return stub.requests().stream().map(r -> r.method() + " " + r.path()).toList();
    }

    // ---- awaitCompleted ----

    @Test
    void awaitCompletedPollsUntilTheSnapshotIsCompleted() {
        stub.enqueue(
                "GET",
                SNAPSHOT_7,
                StubResponse.json(200, snapshot(7, "in_progress")),
                StubResponse.json(200, snapshot(7, "completed")));

        ExportSnapshot done = exports.awaitCompleted(1, 7, TIMEOUT);

        assertThat(done.completed()).isTrue();
        assertThat(done.id()).isEqualTo(7L);
        assertThat(done.taskNumber()).isEqualTo(6L);
        List<RecordedRequest> polls = stub.requests("GET", SNAPSHOT_7);
        assertThat(polls).hasSize(2);
        assertThat(polls.get(1).since(polls.get(0)))
                .as("one poll interval between the polls")
                .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void anAlreadyCompletedSnapshotIsReturnedAfterOnePoll() {
        stub.when("GET", SNAPSHOT_7, StubResponse.json(200, snapshot(7, "completed")));

        assertThat(exports.awaitCompleted(1, 7, Duration.ZERO).completed()).isTrue();
        assertThat(stub.requests("GET", SNAPSHOT_7)).hasSize(1);
    }

    @Test
    void aFailedSnapshotRaisesWithTheServersReason() {
        stub.enqueue(
                "GET",
                SNAPSHOT_7,
                StubResponse.json(
                        200,
                        snapshot(
                                7,
                                "failed",
                                ", \"traceback\": \"Traceback (most recent call last):\\n  File \\\"x.py\\\","
                                        + " line 1\\nMemoryError: out of memory\"")));

        assertThatThrownBy(() -> exports.awaitCompleted(1, 7, TIMEOUT))
                .isInstanceOf(LabelStudioException.class)
                .hasMessageContaining("Export 7 of project 1 failed")
                .hasMessageContaining("MemoryError: out of memory");
        assertThat(stub.requests("GET", SNAPSHOT_7)).as("no further polls").hasSize(1);
    }

    @Test
    void aFailedSnapshotWithoutReasonStillRaises() {
        stub.when("GET", SNAPSHOT_7, StubResponse.json(200, snapshot(7, "failed")));

        assertThatThrownBy(() -> exports.awaitCompleted(1, 7, TIMEOUT))
                .isInstanceOf(LabelStudioException.class)
                .hasMessageEndingWith("Export 7 of project 1 failed");
    }

    @Test
    void aSnapshotStillUnfinishedAfterTheTimeoutRaisesNamingExportTimeout() {
        // every status request takes 40 s of the clock: the second one is past the 60 s deadline
        stub.when("GET", SNAPSHOT_7, request -> {
            clock.advance(Duration.ofSeconds(40));
            return StubResponse.json(200, snapshot(7, "in_progress"));
        });

        assertThatThrownBy(() -> exports.awaitCompleted(1, 7, TIMEOUT))
                .isInstanceOf(LabelStudioException.class)
                .hasMessageContaining("exportTimeout")
                .hasMessageContaining("PT1M")
                .hasMessageContaining("Export 7 of project 1")
                .hasMessageContaining("in_progress");
        assertThat(stub.requests("GET", SNAPSHOT_7)).hasSize(2);
    }

    @Test
    void aMissingSnapshotRaisesNotFound() {
        stub.when("GET", SNAPSHOT_7, StubResponse.html(404, "<html><title>Not Found</title></html>"));

        assertThatThrownBy(() -> exports.awaitCompleted(1, 7, TIMEOUT)).isInstanceOf(NotFoundException.class);
    }

    // ---- run: the temporary view ----

    @Test
    void runWithFiltersCreatesAViewPassesItToTheSnapshotAndDeletesItWhenTheDownloadAnswers500() {
        serveView();
        serveCompletedSnapshot();
        stub.when("GET", DOWNLOAD_7, StubResponse.json(500, "{\"detail\": \"converter crashed\"}"));

        assertThatThrownBy(() -> exports.run(
                        1,
                        FILTERS,
                        Map.of("title", "mine", "task_filter_options", Map.of("annotated", "only")),
                        "JSON",
                        TIMEOUT,
                        null))
                .isInstanceOf(ServerErrorException.class)
                .hasMessageContaining("converter crashed");

        JsonNode view = json(stub.requests("POST", VIEWS).get(0));
        assertThat(view.path("project").asLong()).isEqualTo(1);
        assertThat(view.path("data").path("filters")).isEqualTo(json(FILTERS));
        JsonNode options = json(stub.requests("POST", EXPORTS).get(0));
        assertThat(options.path("title").asText()).isEqualTo("mine");
        assertThat(options.path("task_filter_options").path("view").asLong()).isEqualTo(42);
        assertThat(options.path("task_filter_options").path("annotated").asText())
                .as("the caller's task filter options are kept")
                .isEqualTo("only");
        assertThat(stub.requests("DELETE", VIEW_42)).hasSize(1);
        assertThat(routes())
                .containsSubsequence("POST " + VIEWS, "POST " + EXPORTS, "GET " + DOWNLOAD_7, "DELETE " + VIEW_42)
                .doesNotContain("GET " + VERSION, "DELETE " + SNAPSHOT_7);
    }

    @Test
    void runDeletesTheViewWhenTheSnapshotFails() {
        serveView();
        stub.when("POST", EXPORTS, StubResponse.json(201, snapshot(7, "created")));
        stub.when(
                "GET",
                SNAPSHOT_7,
                StubResponse.json(200, snapshot(7, "failed", ", \"traceback\": \"KeyError: 'result'\"")));

        assertThatThrownBy(() -> exports.run(1, FILTERS, null, "JSON", TIMEOUT, null))
                .isInstanceOf(LabelStudioException.class)
                .hasMessageContaining("failed")
                .hasMessageContaining("KeyError: 'result'");

        assertThat(stub.requests("DELETE", VIEW_42)).hasSize(1);
        assertThat(stub.requests("GET", DOWNLOAD_7)).isEmpty();
    }

    @Test
    void runDeletesTheViewWhenTheSnapshotCannotBeCreated() {
        serveView();
        stub.when("POST", EXPORTS, StubResponse.json(400, "{\"title\": [\"Ensure this field has no more\"]}"));

        assertThatThrownBy(() ->
                        exports.run(1, Map.of("conjunction", "and", "items", List.of()), null, "JSON", TIMEOUT, null))
                .isInstanceOf(ValidationException.class);

        assertThat(stub.requests("DELETE", VIEW_42)).hasSize(1);
    }

    @Test
    void runDeletesTheViewWhenTheSnapshotTimesOut() {
        serveView();
        stub.when("POST", EXPORTS, StubResponse.json(201, snapshot(7, "in_progress")));
        stub.when("GET", SNAPSHOT_7, request -> {
            clock.advance(Duration.ofMinutes(2));
            return StubResponse.json(200, snapshot(7, "in_progress"));
        });

        assertThatThrownBy(() -> exports.run(1, FILTERS, null, "JSON", TIMEOUT, null))
                .isInstanceOf(LabelStudioException.class)
                .hasMessageContaining("exportTimeout");

        assertThat(stub.requests("DELETE", VIEW_42)).hasSize(1);
    }

    @Test
    void aViewThatCannotBeDeletedDoesNotHideTheRealFailure() {
        serveView();
        stub.when("DELETE", VIEW_42, StubResponse.json(500, "{\"detail\": \"view delete broke\"}"));
        serveCompletedSnapshot();
        stub.when("GET", DOWNLOAD_7, StubResponse.json(500, "{\"detail\": \"download broke\"}"));

        assertThatThrownBy(() -> exports.run(1, FILTERS, null, "JSON", TIMEOUT, null))
                .isInstanceOf(ServerErrorException.class)
                .hasMessageContaining("download broke");
        assertThat(stub.requests("DELETE", VIEW_42)).hasSize(1);
    }

    @Test
    void runWithFiltersDeletesTheViewOnSuccessAndKeepsTheSnapshot() throws IOException {
        serveView();
        serveCompletedSnapshot();
        stub.when(
                "GET",
                DOWNLOAD_7,
                download("application/json", "[{\"id\": 5, \"data\": {\"n\": 5}}]", "project-1-at-2026.json"));

        ExportsApi.RunResult result = exports.run(1, json(FILTERS), null, null, TIMEOUT, null);

        assertThat(result.snapshot().id()).isEqualTo(7L);
        assertThat(result.snapshot().taskNumber()).isEqualTo(6L);
        assertThat(result.download().fileName()).isEqualTo("project-1-at-2026.json");
        assertThat(read(result.download())).isEqualTo("[{\"id\": 5, \"data\": {\"n\": 5}}]");
        assertThat(stub.requests("DELETE", VIEW_42)).hasSize(1);
        assertThat(stub.requests("DELETE", SNAPSHOT_7)).isEmpty();
        assertThat(stub.requests("GET", DOWNLOAD_7).get(0).queryParam("exportType"))
                .isEqualTo("JSON");
        assertThat(json(stub.requests("POST", EXPORTS).get(0)).path("title").asText())
                .isEqualTo("camel-labelstudio export");
    }

    @Test
    void runWithoutFiltersCreatesNoView() throws IOException {
        serveCompletedSnapshot();
        stub.when("GET", DOWNLOAD_7, download("application/json", "[]", "p.json"));

        ExportsApi.RunResult result = exports.run(1, null, Map.of(), "json", TIMEOUT, null);

        assertThat(read(result.download())).isEqualTo("[]");
        assertThat(routes()).noneMatch(route -> route.contains(VIEWS));
        // the seed's default, an empty task filter: no view
        assertThat(json(stub.requests("POST", EXPORTS).get(0)).get("task_filter_options"))
                .isEqualTo(json("{}"));
    }

    @Test
    void runPassesInterpolateKeyFramesToTheSnapshot() throws IOException {
        serveCompletedSnapshot();
        stub.when("GET", DOWNLOAD_7, download("application/json", "[]", "p.json"));

        read(exports.run(1, null, null, "JSON", TIMEOUT, true).download());

        assertThat(stub.requests("POST", EXPORTS).get(0).queryParam("interpolate_key_frames"))
                .isEqualTo("true");
        // Label Studio reads it from the body only
        assertThat(json(stub.requests("POST", EXPORTS).get(0))
                        .at("/serialization_options/interpolate_key_frames")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void theBodySaysOtherwiseOverTheSeedsDefaultsKeyByKey() {
        stub.when("POST", EXPORTS, StubResponse.json(201, snapshot(7, "completed")));

        exports.create(
                1,
                Map.of(
                        "serialization_options",
                        Map.of("drafts", Map.of("only_id", false), "interpolate_key_frames", false),
                        "annotation_filter_options",
                        Map.of("skipped", false)),
                true);

        JsonNode body = json(stub.requests("POST", EXPORTS).get(0));
        assertThat(body.at("/serialization_options/drafts/only_id").asBoolean()).isFalse();
        assertThat(body.at("/serialization_options/predictions/only_id").asBoolean())
                .isTrue();
        // the body's explicit false wins over the option
        assertThat(body.at("/serialization_options/interpolate_key_frames").asBoolean())
                .isFalse();
        assertThat(stub.requests("POST", EXPORTS).get(0).queryParam("interpolate_key_frames"))
                .isEqualTo("false");
        assertThat(body.at("/annotation_filter_options/skipped").asBoolean()).isFalse();
        assertThat(body.at("/annotation_filter_options/usual").asBoolean()).isTrue();
        assertThat(body.get("task_filter_options")).isEqualTo(json("{}"));
    }

    // ---- run: Enterprise conversion ----

    @Test
    void enterpriseConvertsACsvRunAndPollsConvertedFormatsUntilCompleted() throws IOException {
        stub.when("GET", VERSION, StubResponse.json(200, ENTERPRISE));
        stub.when("POST", EXPORTS, StubResponse.json(201, snapshot(7, "completed")));
        stub.enqueue(
                "GET",
                SNAPSHOT_7,
                StubResponse.json(200, snapshot(7, "completed")),
                StubResponse.json(200, converting("in_progress")),
                StubResponse.json(200, converting("completed")));
        stub.when("POST", CONVERT_7, StubResponse.json(200, "{\"export_type\": \"CSV\", \"converted_format\": 3}"));
        stub.when("GET", DOWNLOAD_7, download("text/csv", "id,n\n1,1\n", "project-1.csv"));

        ExportsApi.RunResult result = exports.run(1, null, null, "csv", TIMEOUT, null);

        assertThat(read(result.download())).isEqualTo("id,n\n1,1\n");
        assertThat(json(stub.requests("POST", CONVERT_7).get(0))
                        .path("export_type")
                        .asText())
                .isEqualTo("CSV");
        assertThat(stub.requests("GET", SNAPSHOT_7))
                .as("await, then two conversion polls")
                .hasSize(3);
        assertThat(routes()).containsSubsequence("POST " + EXPORTS, "POST " + CONVERT_7, "GET " + DOWNLOAD_7);
        assertThat(stub.requests("GET", DOWNLOAD_7).get(0).queryParam("exportType"))
                .isEqualTo("CSV");
        assertThat(stub.pendingResponses()).isZero();
    }

    @Test
    void aFailedEnterpriseConversionRaisesAndDeletesTheView() {
        serveView();
        stub.when("GET", VERSION, StubResponse.json(200, ENTERPRISE));
        stub.when("POST", EXPORTS, StubResponse.json(201, snapshot(7, "completed")));
        stub.enqueue(
                "GET",
                SNAPSHOT_7,
                StubResponse.json(200, snapshot(7, "completed")),
                StubResponse.json(200, converting("failed")));
        stub.when("POST", CONVERT_7, StubResponse.json(200, "{}"));

        assertThatThrownBy(() -> exports.run(1, FILTERS, null, "CSV", TIMEOUT, null))
                .isInstanceOf(LabelStudioException.class)
                .hasMessageContaining("Converting export 7 of project 1 to CSV failed");
        assertThat(stub.requests("GET", DOWNLOAD_7)).isEmpty();
        assertThat(stub.requests("DELETE", VIEW_42)).hasSize(1);
    }

    @Test
    void anEnterpriseConversionStillRunningAfterTheTimeoutRaisesNamingExportTimeout() {
        stub.when("GET", VERSION, StubResponse.json(200, ENTERPRISE));
        stub.when("POST", EXPORTS, StubResponse.json(201, snapshot(7, "completed")));
        stub.when("POST", CONVERT_7, StubResponse.json(200, "{}"));
        stub.enqueue("GET", SNAPSHOT_7, StubResponse.json(200, snapshot(7, "completed")));
        stub.when("GET", SNAPSHOT_7, request -> {
            clock.advance(Duration.ofMinutes(2));
            return StubResponse.json(200, converting("in_progress"));
        });

        assertThatThrownBy(() -> exports.run(1, null, null, "CSV", TIMEOUT, null))
                .isInstanceOf(LabelStudioException.class)
                .hasMessageContaining("exportTimeout")
                .hasMessageContaining("CSV");
    }

    @Test
    void communityDoesNotConvertButDownloadsInTheRequestedFormat() throws IOException {
        stub.when("GET", VERSION, StubResponse.json(200, COMMUNITY));
        serveCompletedSnapshot();
        stub.when("GET", DOWNLOAD_7, download("application/csv", "id\n1\n", "project-1.csv"));

        ExportsApi.RunResult result = exports.run(1, null, null, "CSV", TIMEOUT, null);

        assertThat(read(result.download())).isEqualTo("id\n1\n");
        assertThat(result.download().fileName()).isEqualTo("project-1.csv");
        assertThat(stub.requests("POST", CONVERT_7)).isEmpty();
        assertThat(stub.requests("GET", DOWNLOAD_7).get(0).queryParam("exportType"))
                .isEqualTo("CSV");
        assertThat(stub.requests("GET", VERSION)).hasSize(1);
    }

    @Test
    void jsonNeedsNoConversionAndNoEditionCheck() throws IOException {
        stub.when("GET", VERSION, StubResponse.json(200, ENTERPRISE));
        serveCompletedSnapshot();
        stub.when("GET", DOWNLOAD_7, download("application/json", "[]", "p.json"));

        read(exports.run(1, null, null, "JSON", TIMEOUT, null).download());

        assertThat(stub.requests("GET", VERSION)).isEmpty();
        assertThat(stub.requests("POST", CONVERT_7)).isEmpty();
    }

    // ---- request shapes of the single calls ----

    @Test
    void oneShotExportSendsTypeFlagsAndIdsAndGivesASafeName() throws IOException {
        stub.when(
                "GET",
                "/api/projects/1/export",
                download("application/.csv", "a,b\n", "../../project-1-at-2026-11-28-13-43-83f855d2.csv"));

        ExportDownload download = exports.export(1, " csv ", true, false, List.of(3L, 4L));

        assertThat(download.fileName()).isEqualTo("project-1-at-2026-11-28-13-43-83f855d2.csv");
        assertThat(download.contentType()).isEqualTo("application/.csv");
        assertThat(download.contentLength()).isEqualTo(4);
        assertThat(read(download)).isEqualTo("a,b\n");
        RecordedRequest request = stub.requests("GET", "/api/projects/1/export").get(0);
        assertThat(request.queryParams())
                .containsEntry("exportType", List.of("CSV"))
                .containsEntry("download_all_tasks", List.of("true"))
                .containsEntry("download_resources", List.of("false"))
                .containsEntry("ids[]", List.of("3", "4"));
        assertThat(request.header("Accept")).isEqualTo("*/*");
    }

    @Test
    void withoutContentDispositionTheNamesFallBackByFormat() throws IOException {
        stub.when("GET", "/api/projects/1/export", StubResponse.body(200, "application/json", "[]"));
        stub.when("GET", DOWNLOAD_7, StubResponse.body(200, "application/zip", "PK"));

        ExportDownload oneShot = exports.export(1, null, false, false, null);
        assertThat(oneShot.fileName()).isEqualTo("project-1.json");
        read(oneShot);
        assertThat(stub.requests("GET", "/api/projects/1/export").get(0).queryParam("exportType"))
                .isEqualTo("JSON");
        ExportDownload coco = exports.download(1, 7, "COCO");
        assertThat(coco.fileName()).isEqualTo("project-1-export-7.zip");
        read(coco);
        for (String type : List.of("JSON_MIN", "CSV", "TSV")) {
            stub.when("GET", DOWNLOAD_7, StubResponse.body(200, "text/plain", "x"));
            ExportDownload d = exports.download(1, 7, type);
            assertThat(d.fileName())
                    .isEqualTo("project-1-export-7" + (type.equals("JSON_MIN") ? ".json" : "." + type.toLowerCase()));
            read(d);
        }
    }

    @Test
    void snapshotCreateListStatusAndDeleteRequests() {
        stub.when("POST", EXPORTS, StubResponse.json(201, snapshot(7, "completed")));
        stub.when(
                "GET",
                EXPORTS,
                StubResponse.json(200, "[" + snapshot(7, "completed") + ", " + snapshot(8, "failed") + "]"));
        stub.when("DELETE", SNAPSHOT_7, StubResponse.status(204));

        ExportSnapshot created = exports.create(
                1, Map.of("title", "t", "task_filter_options", Map.of("only_with_annotations", true)), null);
        List<ExportSnapshot> listed = exports.list(1);
        exports.delete(1, 7);

        assertThat(created.id()).isEqualTo(7L);
        assertThat(created.md5()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(listed).extracting(ExportSnapshot::id).containsExactly(7L, 8L);
        assertThat(listed.get(1).failed()).isTrue();
        RecordedRequest post = stub.requests("POST", EXPORTS).get(0);
        assertThat(post.queryParam("interpolate_key_frames")).isNull();
        // the body's options over the seed's defaults (export_snapshot_create), nested objects merged
        assertThat(json(post))
                .isEqualTo(
                        json(
                                "{\"title\": \"t\", \"task_filter_options\": {\"only_with_annotations\": true}, "
                                        + "\"serialization_options\": {\"drafts\": {\"only_id\": true}, \"predictions\": {\"only_id\": true}, \"annotations__completed_by\": {\"only_id\": true}, \"interpolate_key_frames\": false}, \"annotation_filter_options\": {\"usual\": true, \"ground_truth\": true, \"skipped\": true}}"));
        assertThat(stub.requests("DELETE", SNAPSHOT_7)).hasSize(1);
    }

    @Test
    void formatsAreListed() {
        stub.when(
                "GET",
                "/api/projects/1/export/formats",
                StubResponse.json(
                        200,
                        "[{\"name\": \"JSON\", \"title\": \"JSON\", \"description\": \"raw\"},"
                                + " {\"name\": \"CSV\", \"title\": \"CSV\", \"description\": \"table\","
                                + " \"disabled\": false}]"));

        List<ExportFormat> formats = exports.formats(1);

        assertThat(formats).extracting(ExportFormat::name).containsExactly("JSON", "CSV");
        assertThat(formats.get(1).description()).isEqualTo("table");
    }

    @Test
    void tasksOfAJsonDownloadAreParsedOneByOne() {
        stub.when(
                "GET",
                DOWNLOAD_7,
                download(
                        "application/json",
                        "[{\"id\": 1, \"data\": {\"n\": 1}}, {\"id\": 2, \"data\": {}}]",
                        "p.json"));

        Iterator<Map<String, Object>> tasks = exports.download(1, 7, "JSON").tasks();
        List<Object> ids = new ArrayList<>();
        tasks.forEachRemaining(t -> ids.add(t.get("id")));

        assertThat(ids).containsExactly(1L, 2L);
    }

    @Test
    void aTruncatedDownloadLeavesNoFileBehind() {
        stub.when(
                "GET",
                DOWNLOAD_7,
                download("text/csv", "x".repeat(100_000), "big.csv").truncatedAfter(1000));

        ExportDownload download = exports.download(1, 7, "CSV");

        assertThatThrownBy(() -> download.writeTo(dir, true)).isInstanceOf(UncheckedIOException.class);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("no partial or temporary file").isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aSymbolicLinkAtTheSafeNameIsReplacedNotWrittenThrough() throws IOException {
        Path outside = dir.resolve("outside.csv");
        Files.writeString(outside, "untouched");
        Path into = Files.createDirectories(dir.resolve("into"));
        Files.createSymbolicLink(into.resolve("evil.csv"), outside);
        stub.when("GET", DOWNLOAD_7, download("text/csv", "id\n1\n", "../evil.csv"));

        Path written = exports.download(1, 7, "CSV").writeTo(into, true);

        assertThat(written).isEqualTo(into.toAbsolutePath().resolve("evil.csv"));
        assertThat(Files.isSymbolicLink(written)).as("the link was replaced").isFalse();
        assertThat(Files.readString(written)).isEqualTo("id\n1\n");
        assertThat(Files.readString(outside)).as("the link's target").isEqualTo("untouched");
    }

    @Test
    void aDownloadIsWrittenUnderTheSafeNameOrToTheGivenFile() throws IOException {
        stub.when("GET", DOWNLOAD_7, download("text/csv", "id\n1\n", "..\\..\\evil.csv"));

        Path intoDir = exports.download(1, 7, "CSV").writeTo(dir, true);
        Path asFile = exports.download(1, 7, "CSV").writeTo(dir.resolve("sub").resolve("mine.csv"), false);

        assertThat(intoDir).isEqualTo(dir.toAbsolutePath().resolve("evil.csv"));
        assertThat(asFile).isEqualTo(dir.toAbsolutePath().resolve("sub").resolve("mine.csv"));
        assertThat(Files.readString(intoDir)).isEqualTo("id\n1\n");
        assertThat(Files.readString(asFile)).isEqualTo("id\n1\n");
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.filter(Files::isRegularFile)).hasSize(2);
        }
    }
}
