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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.StubResponse;
import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.ExportSnapshot;

/** The exports operations of the producer against a stub: stream lifetime, safe file names, ids, headers. */
class ExportOperationsTest extends StubCamelTestSupport {

    private static final String EXPORT = "/api/projects/1/export";
    private static final String EXPORTS = "/api/projects/1/exports/";
    private static final String SNAPSHOT_7 = "/api/projects/1/exports/7";
    private static final String DOWNLOAD_7 = "/api/projects/1/exports/7/download";
    private static final int BIG = 4 * 1024 * 1024;

    @TempDir
    Path dir;

    // ---- helpers ----

    private static StubResponse attachment(String contentType, String body, String disposition) {
        return StubResponse.body(200, contentType, body).withHeader("Content-Disposition", disposition);
    }

    private static String snapshot(long id, String status) {
        return "{\"title\": \"t\", \"id\": " + id + ", \"status\": \"" + status + "\", \"md5\": \"x\","
                + " \"counters\": {\"task_number\": 6}, \"converted_formats\": []}";
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Reading a closed HTTP body fails; an open one would hand out the rest of the export. */
    private static void assertClosed(InputStream in) {
        assertThat(in).isNotNull();
        assertThatThrownBy(in::read)
                .as("the download is closed once the exchange is complete")
                .isInstanceOf(IOException.class);
    }

    private List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    // ---- the body stream is closed when the exchange completes ----

    @Test
    void theStreamIsReadableInTheRouteAndClosedWhenTheExchangeCompletes() throws Exception {
        stub.when(
                "GET",
                EXPORT,
                attachment(
                        "application/json",
                        "[" + " ".repeat(BIG) + "]",
                        "attachment; filename=\"project-1-at-2026.json\""));
        AtomicReference<InputStream> seen = new AtomicReference<>();
        AtomicReference<String> firstBytes = new AtomicReference<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:export")
                        .streamCache("false") // the raw stream, not a cached copy
                        .to("labelstudio:exports?operation=export&projectId=1")
                        .process(e -> {
                            InputStream in = e.getMessage().getBody(InputStream.class);
                            seen.set(in);
                            firstBytes.set(new String(in.readNBytes(3), StandardCharsets.UTF_8));
                        });
            }
        });

        Exchange done = template.request("direct:export", e -> {});

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getHeader(LabelStudioConstants.EXPORT_FILE_NAME))
                .isEqualTo("project-1-at-2026.json");
        assertThat(firstBytes.get()).as("open while the exchange runs").isEqualTo("[  ");
        assertClosed(seen.get());
    }

    @Test
    void theStreamIsClosedAlsoWhenTheRouteFailsAfterTheProducer() throws Exception {
        stub.when("GET", EXPORT, StubResponse.body(200, "application/json", "[" + " ".repeat(BIG) + "]"));
        AtomicReference<InputStream> seen = new AtomicReference<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:failing")
                        .streamCache("false") // the raw stream, not a cached copy
                        .to("labelstudio:exports?operation=export&projectId=1")
                        .process(e -> {
                            seen.set(e.getMessage().getBody(InputStream.class));
                            throw new IllegalStateException("downstream failure");
                        });
            }
        });

        Exchange done = template.request("direct:failing", e -> {});

        assertThat(done.getException()).hasMessage("downstream failure");
        assertClosed(seen.get());
    }

    @Test
    void theStreamOfADirectRequestIsClosedOnceTheTemplateReturns() {
        stub.when("GET", EXPORT, StubResponse.body(200, "application/json", "[" + " ".repeat(BIG) + "]"));

        Exchange done = success("labelstudio:exports?operation=export&projectId=1", null, Map.of());

        assertClosed(done.getMessage().getBody(InputStream.class));
        assertThat(done.getMessage().getHeader(LabelStudioConstants.EXPORT_FILE_NAME))
                .isEqualTo("project-1.json");
    }

    @Test
    void oneShotOptionsAndSelectedIdsReachTheServer() {
        stub.when("GET", EXPORT, StubResponse.body(200, "text/csv", "a\n"));

        success(
                "labelstudio:exports?operation=export&projectId=1&exportType=CSV&downloadAllTasks=true"
                        + "&downloadResources=true&selectedIds=3,4",
                null,
                Map.of());
        success(
                "labelstudio:exports?operation=export&projectId=1",
                null,
                Map.of(LabelStudioConstants.TASK_IDS, List.of(9L)));

        Map<String, List<String>> first = stub.requests("GET", EXPORT).get(0).queryParams();
        assertThat(first)
                .containsEntry("exportType", List.of("CSV"))
                .containsEntry("download_all_tasks", List.of("true"))
                .containsEntry("download_resources", List.of("true"))
                .containsEntry("ids[]", List.of("3", "4"));
        Map<String, List<String>> second = stub.requests("GET", EXPORT).get(1).queryParams();
        assertThat(second)
                .containsEntry("exportType", List.of("JSON"))
                .containsEntry("download_all_tasks", List.of("false"))
                .containsEntry("ids[]", List.of("9"));
    }

    @Test
    void splitGivesTheTasksOneByOneToAStreamingSplitter() throws Exception {
        stub.when(
                "GET",
                DOWNLOAD_7,
                StubResponse.body(
                        200,
                        "application/json",
                        "[{\"id\": 1, \"data\": {\"n\": 1}}, {\"id\": 2, \"data\": {\"n\": 2}}]"));
        List<Object> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:split")
                        .to("labelstudio:exports?operation=download&projectId=1&exportId=7&split=true")
                        .split(body())
                        .streaming()
                        .process(e -> ids.add(e.getIn().getBody(Map.class).get("id")));
            }
        });

        Exchange done = template.request("direct:split", e -> {});

        assertThat(done.getException()).isNull();
        assertThat(ids).containsExactly(1L, 2L);
    }

    // ---- exportLocation ----

    @ParameterizedTest
    @ValueSource(
            strings = {
                "attachment; filename=\"../../evil.csv\"",
                "attachment; filename=\"/tmp/../evil.csv\"",
                "attachment; filename=..\\..\\evil.csv",
                "attachment; filename*=UTF-8''..%2F..%2Fevil.csv",
                "attachment; filename=\"x.csv\"; filename*=UTF-8''%2E%2E%2Fevil.csv"
            })
    void aDirectoryLocationGetsTheSafeNameEvenForAHostileContentDisposition(String disposition) throws IOException {
        Path exports = Files.createDirectories(dir.resolve("a").resolve("exports"));
        stub.when("GET", EXPORT, attachment("text/csv", "id\n1\n", disposition));

        Exchange done = success(
                "labelstudio:exports?operation=export&projectId=1&exportType=CSV&exportLocation=" + exports,
                null,
                Map.of());

        File file = done.getMessage().getBody(File.class);
        assertThat(file.toPath()).isEqualTo(exports.resolve("evil.csv"));
        assertThat(done.getMessage().getHeader(LabelStudioConstants.EXPORT_FILE_NAME))
                .isEqualTo("evil.csv");
        assertThat(Files.readString(file.toPath())).isEqualTo("id\n1\n");
        assertThat(filesUnder(dir)).containsExactly(exports.resolve("evil.csv"));
    }

    @Test
    void aLocationEndingWithASeparatorIsADirectoryCreatedOnDemand() throws IOException {
        stub.when("GET", DOWNLOAD_7, attachment("text/csv", "id\n", "attachment; filename=\"project-1.csv\""));
        Path target = dir.resolve("new").resolve("dir");

        Exchange done = success(
                "labelstudio:exports?operation=download&projectId=1&exportId=7&exportType=CSV&exportLocation=" + target
                        + File.separator,
                null,
                Map.of());

        assertThat(done.getMessage().getBody(File.class).toPath()).isEqualTo(target.resolve("project-1.csv"));
        assertThat(done.getMessage().getHeader(LabelStudioConstants.EXPORT_ID)).isEqualTo(7L);
    }

    @Test
    void aFileLocationIsWrittenAsIsWhateverTheServerSuggests() throws IOException {
        stub.when("GET", EXPORT, attachment("text/csv", "id\n", "attachment; filename=\"../../evil.sh\""));
        Path target = dir.resolve("out").resolve("mine.csv");

        Exchange done =
                success("labelstudio:exports?operation=export&projectId=1&exportLocation=" + target, null, Map.of());

        assertThat(done.getMessage().getBody(File.class).toPath()).isEqualTo(target);
        assertThat(filesUnder(dir)).containsExactly(target);
        assertThat(Files.readString(target)).isEqualTo("id\n");
    }

    @Test
    void aFailedDownloadWritesNothing() throws IOException {
        stub.when("GET", EXPORT, StubResponse.json(500, "{\"detail\": \"boom\"}"));
        stub.when(
                "GET",
                DOWNLOAD_7,
                attachment("text/csv", "x".repeat(100_000), "attachment; filename=\"a.csv\"")
                        .truncatedAfter(100));

        Throwable serverError =
                failure("labelstudio:exports?operation=export&projectId=1&exportLocation=" + dir, null, Map.of());
        Throwable truncated = failure(
                "labelstudio:exports?operation=download&projectId=1&exportId=7&exportLocation=" + dir, null, Map.of());

        assertThat(serverError).isInstanceOf(ServerErrorException.class);
        assertThat(truncated).isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(filesUnder(dir)).isEmpty();
    }

    // ---- export ids ----

    @ParameterizedTest
    @ValueSource(strings = {"status", "download", "delete"})
    void aMissingExportIdNamesTheOptionAndTheHeader(String operation) {
        Throwable error = failure("labelstudio:exports?operation=" + operation + "&projectId=1", null, Map.of());

        assertThat(error)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exportId")
                .hasMessageContaining(LabelStudioConstants.EXPORT_ID)
                .hasMessageContaining("CamelLabelStudioExportId")
                .hasMessageNotContaining(KEY);
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void theHeaderOverridesTheExportIdOption() {
        stub.when("GET", SNAPSHOT_7, StubResponse.json(200, snapshot(7, "completed")));

        Exchange done = success(
                "labelstudio:exports?operation=status&projectId=1&exportId=99",
                null,
                Map.of(LabelStudioConstants.EXPORT_ID, "7"));

        assertThat(done.getMessage().getBody(ExportSnapshot.class).id()).isEqualTo(7L);
        assertThat(done.getMessage().getHeader(LabelStudioConstants.EXPORT_ID)).isEqualTo(7L);
        assertThat(done.getMessage().getHeader(LabelStudioConstants.EXPORT_STATUS))
                .isEqualTo("completed");
        assertThat(done.getMessage().getHeader(LabelStudioConstants.TASK_COUNT)).isEqualTo(6L);
    }

    @Test
    void createSendsTheBodyAsOptionsAndDeleteAnswersTrue() {
        stub.when("POST", EXPORTS, StubResponse.json(201, snapshot(7, "completed")));
        stub.when("DELETE", SNAPSHOT_7, StubResponse.status(204));

        Exchange created = success(
                "labelstudio:exports?operation=create&projectId=1",
                "{\"title\": \"mine\", \"task_filter_options\": {\"only_with_annotations\": true}}",
                Map.of());
        Exchange deleted = success(
                "labelstudio:exports?operation=delete&projectId=1", null, Map.of(LabelStudioConstants.EXPORT_ID, 7L));

        assertThat(created.getMessage().getHeader(LabelStudioConstants.EXPORT_ID))
                .isEqualTo(7L);
        assertThat(json(stub.requests("POST", EXPORTS).get(0).bodyAsString()))
                .isEqualTo(
                        json(
                                "{\"title\": \"mine\", \"task_filter_options\": {\"only_with_annotations\": true}, "
                                        + "\"serialization_options\": {\"drafts\": {\"only_id\": true}, \"predictions\": {\"only_id\": true}, \"annotations__completed_by\": {\"only_id\": true}, \"interpolate_key_frames\": false}, \"annotation_filter_options\": {\"usual\": true, \"ground_truth\": true, \"skipped\": true}}"));
        assertThat(deleted.getMessage().getBody()).isEqualTo(true);
        assertThat(deleted.getMessage().getHeader(LabelStudioConstants.EXPORT_ID))
                .isEqualTo(7L);
        assertThat(stub.requests("DELETE", SNAPSHOT_7)).hasSize(1);
    }

    @Test
    void runWithFiltersDeletesTheViewWhenTheDownloadFails() {
        stub.when("POST", "/api/dm/views/", StubResponse.json(201, "{\"id\": 42, \"project\": 1, \"data\": {}}"));
        stub.when("DELETE", "/api/dm/views/42/", StubResponse.status(204));
        stub.when("POST", EXPORTS, StubResponse.json(201, snapshot(7, "completed")));
        stub.when("GET", SNAPSHOT_7, StubResponse.json(200, snapshot(7, "completed")));
        stub.when("GET", DOWNLOAD_7, StubResponse.json(500, "{\"detail\": \"boom\"}"));
        String filter = "{\"conjunction\": \"and\", \"items\": [{\"filter\": \"filter:tasks:data.n\","
                + " \"operator\": \"greater_or_equal\", \"type\": \"Number\", \"value\": 5}]}";

        Throwable error = failure(
                "labelstudio:exports?operation=run&projectId=1&exportTimeout=5000&filters=RAW(" + filter + ")",
                null,
                Map.of());

        assertThat(error).isInstanceOf(ServerErrorException.class);
        assertThat(json(stub.requests("POST", "/api/dm/views/").get(0).bodyAsString())
                        .path("data")
                        .path("filters"))
                .isEqualTo(json(filter));
        assertThat(json(stub.requests("POST", EXPORTS).get(0).bodyAsString())
                        .path("task_filter_options")
                        .path("view")
                        .asLong())
                .isEqualTo(42);
        assertThat(stub.requests("DELETE", "/api/dm/views/42/")).hasSize(1);
    }

    @Test
    void runSetsTheSnapshotHeadersAndStreamsTheDownload() throws IOException {
        stub.when("POST", EXPORTS, StubResponse.json(201, snapshot(7, "completed")));
        stub.when("GET", SNAPSHOT_7, StubResponse.json(200, snapshot(7, "completed")));
        stub.when("GET", DOWNLOAD_7, attachment("application/json", "[]", "attachment; filename=\"p-7.json\""));

        Exchange done = success("labelstudio:exports?operation=run&projectId=1&exportLocation=" + dir, null, Map.of());

        assertThat(done.getMessage().getHeader(LabelStudioConstants.EXPORT_ID)).isEqualTo(7L);
        assertThat(done.getMessage().getHeader(LabelStudioConstants.EXPORT_STATUS))
                .isEqualTo("completed");
        assertThat(done.getMessage().getHeader(LabelStudioConstants.TASK_COUNT)).isEqualTo(6L);
        assertThat(done.getMessage().getHeader(LabelStudioConstants.EXPORT_FILE_NAME))
                .isEqualTo("p-7.json");
        assertThat(Files.readString(dir.resolve("p-7.json"))).isEqualTo("[]");
        assertThat(stub.requests("POST", "/api/dm/views/")).isEmpty();
    }
}
