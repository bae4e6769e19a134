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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.error.LabelStudioApiException;
import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.ExportFormat;
import io.camellabelstudio.client.model.ExportSnapshot;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.CamelLabelStudio;
import io.camellabelstudio.it.DevelopmentSmoke;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;
import io.camellabelstudio.it.LabelStudioServer;

/** {@code labelstudio:exports} against a real Label Studio: one-shot exports, snapshots, run with filters, split. */
@DevelopmentSmoke
class ExportsIT extends LabelStudioIT {

    /** Sends to the endpoint in header "target" and reads the body before the exchange completes (and closes it). */
    private static final String READ = "direct:exports-read";

    private static final String CONTENT = "ExportsITContent";
    private static final String BODY_TYPE = "ExportsITBodyType";
    private static final TypeReference<List<Map<String, Object>>> TASK_LIST = new TypeReference<>() {};
    private static final String N_AT_LEAST_5 = "{\"conjunction\": \"and\", \"items\": [{\"filter\":"
            + " \"filter:tasks:data.n\", \"operator\": \"greater_or_equal\", \"type\": \"Number\", \"value\": 5}]}";

    @BeforeAll
    void start(LabelStudioServer server) throws Exception {
        ls = new CamelLabelStudio(server);
        ls.camel().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(READ)
                        .streamCache("false") // the producer's own body, not a cached copy
                        .toD("${header.target}")
                        .process(e -> {
                            Object body = e.getMessage().getBody();
                            e.setProperty(BODY_TYPE, body == null ? null : body.getClass());
                            if (body instanceof InputStream in) {
                                try (in) {
                                    e.setProperty(CONTENT, in.readAllBytes());
                                }
                            } else if (body instanceof Iterator<?> tasks) {
                                List<Object> all = new ArrayList<>();
                                tasks.forEachRemaining(all::add);
                                e.setProperty(CONTENT, all);
                            }
                        });
            }
        });
    }

    // ---- helpers ----

    /** A project of {@code count} tasks {text, n}; the first {@code annotated} get a Choices annotation. */
    private Fixture fixture(String title, int count, int annotated) {
        Project project = ls.project(title, LabelConfigs.TEXT_CLASSIFICATION);
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(Map.of("text", "Text number " + i, "n", i));
        }
        List<Long> ids = ls.client()
                .tasks()
                .importTasks(project.id(), tasks, ImportOptions.defaults())
                .taskIds();
        for (int i = 0; i < annotated; i++) {
            ls.client()
                    .annotations()
                    .create(
                            ids.get(i),
                            Map.of(
                                    "result",
                                    List.of(Map.of(
                                            "from_name", "sentiment",
                                            "to_name", "text",
                                            "type", "choices",
                                            "value",
                                                    Map.of(
                                                            "choices",
                                                            List.of(i % 2 == 0 ? "Positive" : "Negative"))))));
        }
        return new Fixture(project.id(), ids);
    }

    private record Fixture(long projectId, List<Long> taskIds) {
        String uri(String operation, String options) {
            return "labelstudio:exports?operation=" + operation + "&projectId=" + projectId + options;
        }
    }

    /** Sends through {@link #READ}: the body read while the exchange runs. */
    private Exchange read(String uri) {
        return ls.request(READ, null, Map.of("target", uri));
    }

    private static byte[] content(Exchange exchange) {
        return exchange.getProperty(CONTENT, byte[].class);
    }

    private static List<Map<String, Object>> tasks(byte[] json) {
        try {
            return Json.mapper().readValue(json, TASK_LIST);
        } catch (IOException e) {
            throw new AssertionError("not a JSON list: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }

    private static List<Map<String, Object>> tasks(Path json) {
        try {
            return tasks(Files.readAllBytes(json));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long id(Map<String, ?> task) {
        return ((Number) task.get("id")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, ?> task) {
        return (Map<String, Object>) task.get("data");
    }

    private static int n(Map<String, ?> task) {
        return ((Number) data(task).get("n")).intValue();
    }

    /** A task's id and data as JSON, so that numbers compare alike whichever parser read them. */
    private static JsonNode idAndData(Object task) {
        Map<?, ?> map = (Map<?, ?>) task;
        try {
            return Json.mapper()
                    .readTree(Json.mapper().writeValueAsString(Map.of("id", map.get("id"), "data", map.get("data"))));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    private List<Long> snapshotIds(long projectId) {
        return ls.client().exports().list(projectId).stream()
                .map(ExportSnapshot::id)
                .toList();
    }

    // ---- one-shot export ----

    @Test
    void jsonOneShotExportStreamsEveryAnnotatedTaskWithItsAnnotation() {
        Fixture fixture = fixture("Export JSON", 6, 6);

        Exchange done = read(fixture.uri("export", ""));

        assertThat(done.getProperty(BODY_TYPE, Class.class)).isAssignableTo(InputStream.class);
        String fileName = done.getMessage().getHeader(LabelStudioConstants.EXPORT_FILE_NAME, String.class);
        assertThat(fileName).startsWith("project-" + fixture.projectId()).endsWith(".json");
        List<Map<String, Object>> tasks = tasks(content(done));
        assertThat(tasks).hasSize(6);
        assertThat(tasks).extracting(ExportsIT::id).containsExactlyInAnyOrderElementsOf(fixture.taskIds());
        for (Map<String, Object> task : tasks) {
            List<?> annotations = (List<?>) task.get("annotations");
            assertThat(annotations).as("annotations of task %s", task.get("id")).hasSize(1);
            String expected = n(task) % 2 == 0 ? "Positive" : "Negative";
            assertThat(annotations.get(0).toString()).contains("sentiment", expected);
            assertThat(data(task)).containsEntry("text", "Text number " + n(task));
        }
    }

    @Test
    void oneShotExportWithoutDownloadAllTasksLeavesTheUnannotatedOut() {
        Fixture fixture = fixture("Export annotated only", 5, 2);

        List<Map<String, Object>> annotatedOnly = tasks(content(read(fixture.uri("export", ""))));
        List<Map<String, Object>> all = tasks(content(read(fixture.uri("export", "&downloadAllTasks=true"))));
        List<Map<String, Object>> selected = tasks(content(read(fixture.uri(
                "export",
                "&downloadAllTasks=true&selectedIds=" + fixture.taskIds().get(3) + ","
                        + fixture.taskIds().get(4)))));

        assertThat(annotatedOnly)
                .extracting(ExportsIT::id)
                .containsExactlyInAnyOrderElementsOf(fixture.taskIds().subList(0, 2));
        assertThat(all).extracting(ExportsIT::id).containsExactlyInAnyOrderElementsOf(fixture.taskIds());
        assertThat(selected)
                .extracting(ExportsIT::id)
                .containsExactlyInAnyOrderElementsOf(fixture.taskIds().subList(3, 5));
    }

    @Test
    void csvAndJsonMinExportsLandAsFilesInTheExportLocation(@TempDir Path dir) throws IOException {
        Fixture fixture = fixture("Export files", 4, 4);

        Exchange csv = ls.request(fixture.uri("export", "&exportType=CSV&exportLocation=" + dir), null, Map.of());
        Exchange min = ls.request(fixture.uri("export", "&exportType=JSON_MIN&exportLocation=" + dir), null, Map.of());

        File csvFile = csv.getMessage().getBody(File.class);
        String csvName = csv.getMessage().getHeader(LabelStudioConstants.EXPORT_FILE_NAME, String.class);
        assertThat(csvName).startsWith("project-" + fixture.projectId()).endsWith(".csv");
        assertThat(csvFile.toPath()).isEqualTo(dir.resolve(csvName));
        List<String> lines = Files.readAllLines(csvFile.toPath()).stream()
                .filter(line -> !line.isBlank())
                .toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).contains("\"id\"", "\"text\"", "\"sentiment\"", "\"n\"");
        assertThat(String.join("\n", lines.subList(1, 5))).contains("Text number 3", "Positive", "Negative");

        File minFile = min.getMessage().getBody(File.class);
        String minName = min.getMessage().getHeader(LabelStudioConstants.EXPORT_FILE_NAME, String.class);
        assertThat(minName).endsWith(".json");
        assertThat(minFile.toPath()).isEqualTo(dir.resolve(minName));
        List<Map<String, Object>> rows = tasks(minFile.toPath());
        assertThat(rows)
                .hasSize(4)
                .allSatisfy(row ->
                        assertThat(row).containsKeys("text", "n", "sentiment").doesNotContainKey("annotations"));
        assertThat(files(dir)).containsExactlyInAnyOrder(csvFile.toPath(), minFile.toPath());

        // a file path as location: written there, whatever the server calls it
        Path target = dir.resolve("mine").resolve("export.csv");
        Exchange toFile = ls.request(fixture.uri("export", "&exportType=CSV&exportLocation=" + target), null, Map.of());
        assertThat(toFile.getMessage().getBody(File.class).toPath()).isEqualTo(target);
        assertThat(Files.readString(target)).isEqualTo(Files.readString(csvFile.toPath()));
        assertThat(files(dir)).hasSize(3);
    }

    @Test
    void formatsListsWhatTheConfigSupports() {
        Fixture fixture = fixture("Export formats", 1, 0);

        List<?> formats = ls.request(fixture.uri("formats", ""), null, Map.of())
                .getMessage()
                .getBody(List.class);

        assertThat(formats).allSatisfy(f -> assertThat(f).isInstanceOf(ExportFormat.class));
        List<String> names =
                formats.stream().map(f -> ((ExportFormat) f).name()).toList();
        assertThat(names).contains("JSON", "JSON_MIN", "CSV", "TSV");
        ExportFormat json = (ExportFormat) formats.get(names.indexOf("JSON"));
        assertThat(json.title()).isNotBlank();
        assertThat(json.description()).isNotBlank();
    }

    // ---- snapshots ----

    @Test
    void snapshotCreateStatusDownloadDeleteEachVisibleOnTheServer(@TempDir Path dir) throws IOException {
        Fixture fixture = fixture("Export snapshot", 6, 3);

        // create
        Exchange created = ls.request(fixture.uri("create", ""), Map.of("title", "IT snapshot"), Map.of());
        long exportId = created.getMessage().getHeader(LabelStudioConstants.EXPORT_ID, Long.class);
        assertThat(created.getMessage().getBody(ExportSnapshot.class).title()).isEqualTo("IT snapshot");
        assertThat(snapshotIds(fixture.projectId())).contains(exportId);
        List<?> listed =
                ls.request(fixture.uri("list", ""), null, Map.of()).getMessage().getBody(List.class);
        assertThat(listed).extracting(s -> ((ExportSnapshot) s).id()).contains(exportId);

        // status
        Exchange status = ls.request(fixture.uri("status", ""), null, Map.of(LabelStudioConstants.EXPORT_ID, exportId));
        assertThat(status.getMessage().getHeader(LabelStudioConstants.EXPORT_STATUS))
                .isEqualTo("completed");
        assertThat(status.getMessage().getHeader(LabelStudioConstants.TASK_COUNT, Long.class))
                .isEqualTo(6L);
        assertThat(ls.client().exports().status(fixture.projectId(), exportId).completed())
                .isTrue();

        // download, as JSON (streamed) and as CSV (converted on the fly) into a directory
        Exchange json = read(fixture.uri("download", "&exportId=" + exportId));
        assertThat(json.getMessage().getHeader(LabelStudioConstants.EXPORT_ID)).isEqualTo(exportId);
        assertThat(json.getMessage().getHeader(LabelStudioConstants.EXPORT_FILE_NAME, String.class))
                .endsWith(".json");
        List<Map<String, Object>> tasks = tasks(content(json));
        assertThat(tasks).extracting(ExportsIT::id).containsExactlyInAnyOrderElementsOf(fixture.taskIds());
        assertThat(tasks.stream().filter(t -> !((List<?>) t.get("annotations")).isEmpty()))
                .hasSize(3);
        File csv = ls.request(
                        fixture.uri("download", "&exportType=CSV&exportLocation=" + dir),
                        null,
                        Map.of(LabelStudioConstants.EXPORT_ID, exportId))
                .getMessage()
                .getBody(File.class);
        assertThat(csv.getName()).endsWith(".csv");
        assertThat(csv.getParentFile().toPath()).isEqualTo(dir);
        assertThat(Files.readString(csv.toPath())).contains("\"id\"", "Text number 5");

        // delete
        Exchange deleted = ls.request(fixture.uri("delete", "&exportId=" + exportId), null, Map.of());
        assertThat(deleted.getMessage().getBody()).isEqualTo(true);
        assertThat(snapshotIds(fixture.projectId())).doesNotContain(exportId);
        assertThatThrownBy(() -> ls.client().exports().status(fixture.projectId(), exportId))
                .isInstanceOf(NotFoundException.class);
        assertThat(ls.failure(fixture.uri("status", "&exportId=" + exportId), null, Map.of()))
                .isInstanceOf(NotFoundException.class);
        assertThat(ls.failure(fixture.uri("download", "&maxRetries=0&exportId=" + exportId), null, Map.of()))
                .isInstanceOf(NotFoundException.class);
    }

    /**
     * interpolateKeyFrames reaches Label Studio, which reads it only from the snapshot body's serialization_options: a
     * video box with key frames 1 and 10 comes back as its two key frames by default, and as one entry per frame with
     * the option (run: create, wait, download).
     */
    @Test
    void interpolateKeyFramesExpandsAVideoAnnotationsKeyFramesInTheDownload() throws IOException {
        Project project = ls.project(
                "Video key frames",
                "<View><Video name=\"video\" value=\"$video\"/><VideoRectangle name=\"box\" toName=\"video\"/>"
                        + "<Labels name=\"label\" toName=\"video\"><Label value=\"Car\"/></Labels></View>");
        long taskId = ls.client()
                .tasks()
                .importTasks(
                        project.id(), List.of(Map.of("video", "/static/samples/video.mp4")), ImportOptions.defaults())
                .taskIds()
                .get(0);
        Map<String, Object> first = Map.of(
                "frame", 1, "enabled", true, "rotation", 0, "x", 10, "y", 10, "width", 20, "height", 20, "time", 0.04);
        Map<String, Object> last = Map.of(
                "frame", 10, "enabled", false, "rotation", 0, "x", 30, "y", 30, "width", 20, "height", 20, "time", 0.4);
        ls.client()
                .annotations()
                .create(
                        taskId,
                        Map.of(
                                "result",
                                List.of(Map.of(
                                        "id", "car1",
                                        "from_name", "box",
                                        "to_name", "video",
                                        "type", "videorectangle",
                                        "origin", "manual",
                                        "value",
                                                Map.of(
                                                        "framesCount",
                                                        20,
                                                        "duration",
                                                        0.8,
                                                        "sequence",
                                                        List.of(first, last),
                                                        "labels",
                                                        List.of("Car"))))));
        String run = "labelstudio:exports?operation=run&projectId=" + project.id();

        List<Map<String, Object>> plain = tasks(content(read(run)));
        List<Map<String, Object>> interpolated = tasks(content(read(run + "&interpolateKeyFrames=true")));

        assertThat(sequence(plain)).hasSize(2);
        assertThat(sequence(interpolated)).hasSize(10);
    }

    @SuppressWarnings("unchecked")
    private static List<?> sequence(List<Map<String, Object>> tasks) {
        Map<String, Object> annotation =
                ((List<Map<String, Object>>) tasks.get(0).get("annotations")).get(0);
        Map<String, Object> result = ((List<Map<String, Object>>) annotation.get("result")).get(0);
        return (List<?>) ((Map<String, Object>) result.get("value")).get("sequence");
    }

    // ---- run ----

    @Test
    void runWithFiltersExportsExactlyTheFilteredTasksAndLeavesNoView() {
        Fixture fixture = fixture("Export run filtered", 10, 0);

        Exchange filtered = read(fixture.uri("run", "&filters=RAW(" + N_AT_LEAST_5 + ")"));

        List<Map<String, Object>> tasks = tasks(content(filtered));
        assertThat(tasks).extracting(ExportsIT::n).containsExactlyInAnyOrder(5, 6, 7, 8, 9);
        assertThat(tasks)
                .extracting(ExportsIT::id)
                .containsExactlyInAnyOrderElementsOf(fixture.taskIds().subList(5, 10));
        assertThat(filtered.getMessage().getHeader(LabelStudioConstants.TASK_COUNT, Long.class))
                .isEqualTo(5L);
        assertThat(filtered.getMessage().getHeader(LabelStudioConstants.EXPORT_STATUS))
                .isEqualTo("completed");
        long snapshot = filtered.getMessage().getHeader(LabelStudioConstants.EXPORT_ID, Long.class);
        assertThat(snapshotIds(fixture.projectId())).as("the snapshot is kept").contains(snapshot);
        assertThat(ls.client().views().list(fixture.projectId()))
                .as("the temporary view is gone")
                .isEmpty();

        Exchange all = read(fixture.uri("run", ""));

        assertThat(tasks(content(all)))
                .extracting(ExportsIT::id)
                .containsExactlyInAnyOrderElementsOf(fixture.taskIds());
        assertThat(all.getMessage().getHeader(LabelStudioConstants.TASK_COUNT, Long.class))
                .isEqualTo(10L);
        assertThat(ls.client().views().list(fixture.projectId())).isEmpty();
    }

    @Test
    void runWithFiltersSetOnTheEndpointAndACsvFile(@TempDir Path dir) throws IOException {
        Fixture fixture = fixture("Export run endpoint", 10, 0);
        LabelStudioEndpoint endpoint = ls.camel()
                .getEndpoint(fixture.uri("run", "&exportType=CSV&exportLocation=" + dir), LabelStudioEndpoint.class);
        endpoint.getConfiguration().setFilters(N_AT_LEAST_5);

        File csv = ls.template().requestBody(endpoint, null, File.class);

        List<String> rows = Files.readAllLines(csv.toPath()).stream()
                .filter(line -> !line.isBlank())
                .toList();
        assertThat(rows).hasSize(6);
        assertThat(String.join("\n", rows))
                .contains("Text number 5", "Text number 9")
                .doesNotContain("Text number 4");
        assertThat(ls.client().views().list(fixture.projectId())).isEmpty();
    }

    @Test
    void runWhoseDownloadFailsStillDeletesItsView() {
        Fixture fixture = fixture("Export run failing", 10, 0);

        // the server answers 500 when asked for an export type it does not know
        Exception failure = ls.failure(
                fixture.uri("run", "&maxRetries=0&exportType=NOPE&filters=RAW(" + N_AT_LEAST_5 + ")"), null, Map.of());

        assertThat(failure).isInstanceOf(LabelStudioApiException.class);
        assertThat(((LabelStudioApiException) failure).getStatusCode()).isEqualTo(500);
        assertThat(((LabelStudioApiException) failure).getPath()).endsWith("/download");
        assertThat(ls.client().views().list(fixture.projectId()))
                .as("no view left behind")
                .isEmpty();
    }

    // ---- split ----

    @Test
    void splitGivesTheSameTasksAsTheParsedJsonOfANormalExport() {
        Fixture fixture = fixture("Export split", 8, 3);

        List<Map<String, Object>> parsed = tasks(content(read(fixture.uri("export", "&downloadAllTasks=true"))));
        Exchange split = read(fixture.uri("export", "&downloadAllTasks=true&split=true"));

        assertThat(split.getProperty(BODY_TYPE, Class.class)).isAssignableTo(Iterator.class);
        List<?> iterated = split.getProperty(CONTENT, List.class);
        assertThat(iterated).hasSize(8);
        assertThat(iterated.stream().map(ExportsIT::idAndData).toList())
                .containsExactlyElementsOf(
                        parsed.stream().map(ExportsIT::idAndData).toList());

        // the same from a snapshot made by run
        List<?> fromRun = read(fixture.uri("run", "&split=true")).getProperty(CONTENT, List.class);
        assertThat(fromRun.stream().map(ExportsIT::idAndData).toList())
                .containsExactlyInAnyOrderElementsOf(
                        parsed.stream().map(ExportsIT::idAndData).toList());
    }
}
