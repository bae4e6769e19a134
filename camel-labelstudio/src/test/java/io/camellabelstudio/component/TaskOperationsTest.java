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

import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.RecordedRequest;
import io.camellabelstudio.client.StubResponse;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.paging.PagedIterable;

/** The tasks operations of the producer (import, list, deleteMany, deleteAll), against a stub HTTP server. */
class TaskOperationsTest extends StubCamelTestSupport {

    private static final String IMPORT = "/api/projects/1/import";
    private static final String TASKS = "/api/tasks/";
    private static final String ACTIONS = "/api/dm/actions/";

    private final AtomicLong nextId = new AtomicLong(1);

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static String importAnswer(List<Long> ids) {
        return "{\"task_count\": " + ids.size() + ", \"annotation_count\": 0, \"prediction_count\": 0,"
                + " \"duration\": 0.02, \"file_upload_ids\": [], \"could_be_tasks_list\": false,"
                + " \"found_formats\": [], \"data_columns\": [], \"task_ids\": "
                + ids.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]")) + "}";
    }

    /** Creates one task per element of a posted JSON list (ids counting up), or 2 for a file upload. */
    private void serveImport() {
        stub.when("POST", IMPORT, request -> {
            String type = request.header("Content-Type");
            int count = type != null && type.startsWith("application/json")
                    ? json(request.bodyAsString()).size()
                    : 2;
            List<Long> ids = LongStream.range(0, count)
                    .mapToObj(i -> nextId.getAndIncrement())
                    .toList();
            return StubResponse.json(201, importAnswer(ids));
        });
    }

    private List<RecordedRequest> imports() {
        return stub.requests("POST", IMPORT);
    }

    private static final String IMPORT_URI = "labelstudio:tasks?operation=import&projectId=1";

    // ---- import ----

    @Test
    void importListOfMapsSetsResultHeaders() {
        serveImport();
        List<Map<String, Object>> tasks = List.of(Map.of("text", "one"), Map.of("text", "two"));

        Exchange result = success(IMPORT_URI, tasks, Map.of());

        assertThat(imports()).singleElement().satisfies(post -> {
            assertThat(json(post.bodyAsString())).isEqualTo(Json.mapper().valueToTree(tasks));
            assertThat(post.queryParam("return_task_ids")).isEqualTo("true");
        });
        assertThat(result.getMessage().getHeader(LabelStudioConstants.CREATED_TASK_IDS))
                .isEqualTo(List.of(1L, 2L));
        assertThat(result.getMessage().getHeader(LabelStudioConstants.TASK_COUNT))
                .isEqualTo(2L);
        assertThat(result.getMessage().getHeader(LabelStudioConstants.SKIPPED_COUNT))
                .isEqualTo(0L);
        assertThat(result.getMessage().getHeader(LabelStudioConstants.PROJECT_ID))
                .isEqualTo(1L);
        assertThat(result.getMessage().getHeader(LabelStudioConstants.TASK_IDS))
                .as("not the input header of deleteMany/list")
                .isNull();
        ImportResult body = result.getMessage().getBody(ImportResult.class);
        assertThat(body.taskIds()).containsExactly(1L, 2L);
        assertThat(body.requests()).isEqualTo(1);
    }

    @Test
    void importSingleMapIsOneTask() {
        serveImport();

        success(IMPORT_URI, Map.of("data", Map.of("text", "only")), Map.of());

        assertThat(imports())
                .singleElement()
                .satisfies(post -> assertThat(post.bodyAsString()).isEqualTo("[{\"data\":{\"text\":\"only\"}}]"));
    }

    @Test
    void importJsonStringBytesAndInputStream() {
        serveImport();
        String json = "[{\"text\": \"a\"}, {\"text\": \"b\", \"n\": 2}, {\"data\": {\"text\": \"c\"}}]";
        String expected = "[{\"text\":\"a\"},{\"text\":\"b\",\"n\":2},{\"data\":{\"text\":\"c\"}}]";

        Exchange fromString = success(IMPORT_URI, json, Map.of());
        Exchange fromBytes = success(IMPORT_URI, json.getBytes(StandardCharsets.UTF_8), Map.of());
        Exchange fromStream =
                success(IMPORT_URI, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), Map.of());
        Exchange oneObject = success(IMPORT_URI, "{\"text\": \"single\"}", Map.of());

        List<String> bodies =
                imports().stream().map(RecordedRequest::bodyAsString).toList();
        assertThat(bodies).containsExactly(expected, expected, expected, "[{\"text\":\"single\"}]");
        assertThat(fromString.getMessage().getHeader(LabelStudioConstants.CREATED_TASK_IDS))
                .isEqualTo(List.of(1L, 2L, 3L));
        assertThat(fromBytes.getMessage().getHeader(LabelStudioConstants.CREATED_TASK_IDS))
                .isEqualTo(List.of(4L, 5L, 6L));
        assertThat(fromStream.getMessage().getHeader(LabelStudioConstants.CREATED_TASK_IDS))
                .isEqualTo(List.of(7L, 8L, 9L));
        assertThat(oneObject.getMessage().getHeader(LabelStudioConstants.TASK_COUNT))
                .isEqualTo(1L);
    }

    @Test
    void importJsonInBatchesWithOptions() {
        serveImport();
        String json = "[{\"text\": \"a\", \"label\": \"x\"}, {\"text\": \"b\", \"label\": \"y\"},"
                + " {\"text\": \"c\", \"label\": \"z\"}]";

        Exchange result = success(IMPORT_URI + "&batchSize=2&preannotatedFromFields=label", json, Map.of());

        assertThat(imports()).hasSize(2);
        assertThat(imports().stream().map(r -> json(r.bodyAsString()).size())).containsExactly(2, 1);
        assertThat(imports())
                .allSatisfy(r ->
                        assertThat(r.queryParam("preannotated_from_fields")).isEqualTo("label"));
        assertThat(result.getMessage().getHeader(LabelStudioConstants.CREATED_TASK_IDS))
                .isEqualTo(List.of(1L, 2L, 3L));
    }

    @Test
    void importCutsRequestsByMaxBatchBytesAndDefaultsTo5000Tasks() {
        serveImport();
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 5001; i++) {
            tasks.add(Map.of("text", "t" + i));
        }
        success(IMPORT_URI, tasks, Map.of());
        assertThat(imports().stream().map(r -> json(r.bodyAsString()).size()))
                .as("5000 tasks per request by default")
                .containsExactly(5000, 1);

        stub.reset();
        serveImport();
        String big = "x".repeat(600);
        success(
                IMPORT_URI + "&maxBatchBytes=2048",
                List.of(Map.of("t", big), Map.of("t", big), Map.of("t", big), Map.of("t", big)),
                Map.of());
        assertThat(imports().stream().map(r -> json(r.bodyAsString()).size())).containsExactly(3, 1);
        assertThat(imports())
                .allSatisfy(r -> assertThat(r.bodyAsString().length()).isLessThanOrEqualTo(2048));
    }

    @Test
    void importFileUploadsMultipart(@TempDir Path dir) throws Exception {
        serveImport();
        Path csv = dir.resolve("batch.csv");
        Files.writeString(csv, "text\nhello\nworld\n");

        Exchange fromFile = success(IMPORT_URI, csv.toFile(), Map.of());
        Exchange fromPath = success(IMPORT_URI, csv, Map.of());

        assertThat(imports()).hasSize(2).allSatisfy(post -> {
            assertThat(post.header("Content-Type")).startsWith("multipart/form-data");
            assertThat(post.bodyAsString())
                    .contains("name=\"file\"; filename=\"batch.csv\"")
                    .contains("text\nhello\nworld\n");
        });
        assertThat(fromFile.getMessage().getHeader(LabelStudioConstants.CREATED_TASK_IDS))
                .isEqualTo(List.of(1L, 2L));
        assertThat(fromPath.getMessage().getHeader(LabelStudioConstants.TASK_COUNT))
                .isEqualTo(2L);
    }

    @Test
    void importWithKeySkipsExistingTasks() {
        serveImport();
        stub.when(
                "GET",
                TASKS,
                StubResponse.json(
                        200,
                        "{\"total_annotations\": 0, \"total_predictions\": 0, \"total\": 1,"
                                + " \"tasks\": [{\"id\": 40, \"data\": {\"image\": \"a.png\"}}]}"));

        Exchange result = success(
                IMPORT_URI + "&importKey=image",
                List.of(Map.of("image", "a.png"), Map.of("image", "b.png"), Map.of("image", "b.png")),
                Map.of());

        assertThat(stub.requests("GET", TASKS)).singleElement().satisfies(check -> {
            JsonNode item =
                    json(check.queryParam("query")).get("filters").get("items").get(0);
            assertThat(item.get("operator").asText()).isEqualTo("in_list");
            assertThat(item.get("filter").asText()).isEqualTo("filter:tasks:data.image");
        });
        assertThat(imports())
                .singleElement()
                .satisfies(post -> assertThat(post.bodyAsString()).isEqualTo("[{\"image\":\"b.png\"}]"));
        assertThat(result.getMessage().getHeader(LabelStudioConstants.CREATED_TASK_IDS))
                .isEqualTo(List.of(1L));
        assertThat(result.getMessage().getHeader(LabelStudioConstants.TASK_COUNT))
                .isEqualTo(1L);
        assertThat(result.getMessage().getHeader(LabelStudioConstants.SKIPPED_COUNT))
                .isEqualTo(2L);
    }

    @Test
    void listElementThatIsNotAMapFailsNamingItsPositionBeforeAnythingIsSent() {
        serveImport();
        List<Object> tasks = new ArrayList<>();
        tasks.add(Map.of("text", "fine"));
        tasks.add("not a task");
        tasks.add(Map.of("text", "fine too"));

        Throwable error = failure(IMPORT_URI, tasks, Map.of());

        assertThat(error)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labelstudio:tasks operation 'import': task #2 must be a Map")
                .hasMessageContaining("java.lang.String");
        assertThat(stub.requests()).isEmpty();

        // also when the valid tasks before it would fill a batch of their own: a List is checked as a whole
        List<Object> late = new ArrayList<>(List.of(Map.of("text", "a"), Map.of("text", "b"), Map.of("text", "c")));
        late.add(null);
        assertThat(failure(IMPORT_URI + "&batchSize=1", late, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("task #4 must be a Map")
                .hasMessageContaining("null");
        assertThat(failure(IMPORT_URI + "&batchSize=1", new Object[] {Map.of("text", "a"), 7}, Map.of()))
                .hasMessageContaining("task #2 must be a Map")
                .hasMessageContaining("java.lang.Integer");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void importOfWrongBodiesFailsBeforeAnyRequest() {
        assertThat(failure(IMPORT_URI, 42, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs tasks as body")
                .hasMessageContaining("java.lang.Integer");
        assertThat(failure(IMPORT_URI, null, Map.of())).hasMessageContaining("the body was empty");
        assertThat(failure(IMPORT_URI, "[]", Map.of())).hasMessageContaining("Nothing to import");
        assertThat(failure(IMPORT_URI, "[{\"text\": ", Map.of())).hasMessageContaining("not valid JSON");
        assertThat(failure(IMPORT_URI, "[1]", Map.of())).hasMessageContaining("Task #1 of the JSON list");
        assertThat(failure(IMPORT_URI + "&importKey=image", new File("/nonexistent/tasks.json"), Map.of()))
                .hasMessageContaining("importKey works with task lists");
        assertThat(stub.requests()).isEmpty();
    }

    // ---- deleteMany / deleteAll ----

    @Test
    void deleteManySendsAtMostAThousandIdsPerRequest() {
        serveActions(0);
        stub.enqueue(
                "POST",
                ACTIONS,
                StubResponse.json(200, "{\"processed_items\": 1000}"),
                StubResponse.json(200, "{\"processed_items\": 1}"));
        List<Long> ids = LongStream.rangeClosed(1, 1001).boxed().toList();

        Exchange result = success(DELETE_MANY, ids, Map.of());

        List<RecordedRequest> actions = stub.requests("POST", ACTIONS);
        assertThat(actions).hasSize(2);
        assertThat(json(actions.get(0).bodyAsString()).get("selectedItems").get("included"))
                .hasSize(1000);
        assertThat(json(actions.get(1).bodyAsString()).toString())
                .isEqualTo("{\"selectedItems\":{\"all\":false,\"included\":[1001]}}");
        assertThat(result.getMessage().getBody()).isEqualTo(1001L);
    }

    private void serveActions(long processed) {
        stub.when("POST", ACTIONS, StubResponse.json(200, "{\"processed_items\": " + processed + "}"));
    }

    private static final String DELETE_MANY = "labelstudio:tasks?operation=deleteMany&projectId=1";

    @Test
    void deleteManyWithAnEmptyListSendsNothing() {
        Exchange fromBody = success(DELETE_MANY, List.of(), Map.of());
        Exchange fromHeader = success(DELETE_MANY, null, Map.of(LabelStudioConstants.TASK_IDS, ""));

        assertThat(fromBody.getMessage().getBody()).isEqualTo(0L);
        assertThat(fromBody.getMessage().getHeader(LabelStudioConstants.DELETED_COUNT))
                .isEqualTo(0L);
        assertThat(fromHeader.getMessage().getBody()).isEqualTo(0L);
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void deleteManyTakesIdsFromHeaderListCommaStringOrBody() {
        serveActions(2);

        Exchange fromList = success(DELETE_MANY, "ignored", Map.of(LabelStudioConstants.TASK_IDS, List.of(1, 2L)));
        success(DELETE_MANY, null, Map.of(LabelStudioConstants.TASK_IDS, " 3, 4 "));
        success(DELETE_MANY, List.of(5L, "6"), Map.of());
        success(DELETE_MANY, "[7, 8]", Map.of());

        List<RecordedRequest> actions = stub.requests("POST", ACTIONS);
        assertThat(actions.stream().map(r -> r.bodyAsString()))
                .containsExactly(
                        "{\"selectedItems\":{\"all\":false,\"included\":[1,2]}}",
                        "{\"selectedItems\":{\"all\":false,\"included\":[3,4]}}",
                        "{\"selectedItems\":{\"all\":false,\"included\":[5,6]}}",
                        "{\"selectedItems\":{\"all\":false,\"included\":[7,8]}}");
        assertThat(actions).allSatisfy(r -> {
            assertThat(r.queryParam("id")).isEqualTo("delete_tasks");
            assertThat(r.queryParam("project")).isEqualTo("1");
        });
        assertThat(fromList.getMessage().getBody()).isEqualTo(2L);
        assertThat(fromList.getMessage().getHeader(LabelStudioConstants.DELETED_COUNT))
                .isEqualTo(2L);
    }

    @Test
    void nonNumericIdsFailNamingTheHeaderOrBody() {
        assertThat(failure(DELETE_MANY, null, Map.of(LabelStudioConstants.TASK_IDS, "1, x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the CamelLabelStudioTaskIds header must hold numeric ids")
                .hasMessageContaining("'x'");
        assertThat(failure(DELETE_MANY, List.of(1, 2.5), Map.of()))
                .hasMessageContaining("the body must hold numeric ids")
                .hasMessageContaining("'2.5'");
        assertThat(failure(DELETE_MANY, null, Map.of()))
                .hasMessageContaining("needs task ids")
                .hasMessageContaining(LabelStudioConstants.TASK_IDS);
        assertThat(stub.requests()).isEmpty();
    }

    /** Serves the ids 1..total in pages, honouring the {@code id greater} filter of keyset paging. */
    private void serveIdsAfter(long total) {
        stub.when("GET", TASKS, request -> {
            long after = json(request.queryParam("query"))
                    .get("filters")
                    .get("items")
                    .get(0)
                    .get("value")
                    .asLong();
            int size = Integer.parseInt(request.queryParam("page_size"));
            String tasks = LongStream.rangeClosed(after + 1, Math.min(total, after + size))
                    .mapToObj(id -> "{\"id\": " + id + "}")
                    .collect(Collectors.joining(", "));
            return StubResponse.json(
                    200, "{\"total\": " + Math.max(0, total - after) + ", \"tasks\": [" + tasks + "]}");
        });
    }

    @Test
    void deleteAllDeletesByIdInRequestsOfAtMostAThousandAndKeepsTheExcludedIds() {
        serveIdsAfter(2500);
        serveActions(1000);

        Exchange result =
                success("labelstudio:tasks?operation=deleteAll&projectId=1&excludedIds=5,1500", null, Map.of());

        List<RecordedRequest> actions = stub.requests("POST", ACTIONS);
        assertThat(actions).hasSize(3);
        List<JsonNode> selections = actions.stream()
                .map(r -> json(r.bodyAsString()).get("selectedItems"))
                .toList();
        assertThat(selections).allSatisfy(selected -> {
            assertThat(selected.get("all").asBoolean()).isFalse();
            assertThat(selected.get("included").size()).isLessThanOrEqualTo(1000);
        });
        List<Long> deleted = selections.stream()
                .flatMap(selected ->
                        StreamSupport.stream(selected.get("included").spliterator(), false))
                .map(JsonNode::asLong)
                .toList();
        assertThat(deleted).hasSize(2498).doesNotContain(5L, 1500L).contains(1L, 4L, 6L, 1499L, 1501L, 2500L);
        assertThat(actions).allSatisfy(r -> {
            assertThat(r.queryParam("id")).isEqualTo("delete_tasks");
            assertThat(r.queryParam("project")).isEqualTo("1");
        });
        assertThat(result.getMessage().getBody()).as("the sum of the answers").isEqualTo(3000L);
        assertThat(result.getMessage().getHeader(LabelStudioConstants.DELETED_COUNT))
                .isEqualTo(3000L);
    }

    @Test
    void deleteAllTakesTheExcludedIdsFromTheHeader() {
        serveIdsAfter(3);
        serveActions(2);

        success(
                "labelstudio:tasks?operation=deleteAll&projectId=1&excludedIds=5,6",
                null,
                Map.of(LabelStudioConstants.EXCLUDED_IDS, List.of(2L)));

        assertThat(stub.requests("POST", ACTIONS).stream().map(r -> r.bodyAsString()))
                .containsExactly("{\"selectedItems\":{\"all\":false,\"included\":[1,3]}}");
    }

    // ---- list ----

    private void serveTaskPages(long total) {
        stub.when("GET", TASKS, request -> {
            int page = Integer.parseInt(request.queryParam("page"));
            int size = Integer.parseInt(request.queryParam("page_size"));
            long from = (long) (page - 1) * size + 1;
            if (from > total) {
                return StubResponse.json(404, "{\"detail\": \"Invalid page.\"}");
            }
            boolean onlyIds = "id".equals(request.queryParam("include"));
            String tasks = LongStream.rangeClosed(from, Math.min(total, from + size - 1))
                    .mapToObj(id -> onlyIds ? "{\"id\": " + id + "}" : "{\"id\": " + id + ", \"data\": {}}")
                    .collect(Collectors.joining(", "));
            return StubResponse.json(
                    200,
                    "{\"total_annotations\": 0, \"total_predictions\": 0, \"total\": " + total + ", \"tasks\": ["
                            + tasks + "]}");
        });
    }

    @Test
    void listWithOnlyIdsReturnsLongsAndTheTotal() {
        serveTaskPages(3);

        Exchange result =
                success("labelstudio:tasks?operation=list&projectId=1&onlyIds=true&pageSize=2", null, Map.of());

        assertThat(result.getMessage().getHeader(LabelStudioConstants.TOTAL)).isEqualTo(3L);
        assertThat(stub.requests()).as("the first page, for the total").hasSize(1);
        List<Object> ids = new ArrayList<>();
        ((Iterable<?>) result.getMessage().getBody()).forEach(ids::add);
        assertThat(ids).containsExactly(1L, 2L, 3L);
        assertThat(ids).allSatisfy(id -> assertThat(id).isExactlyInstanceOf(Long.class));
        assertThat(stub.requests())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.queryParam("include")).isEqualTo("id"));
    }

    @Test
    void listPrefetchesByDefaultAndPrefetchFalseTurnsItOff() {
        serveTaskPages(3);

        Object byDefault = success("labelstudio:tasks?operation=list&projectId=1&pageSize=2", null, Map.of())
                .getMessage()
                .getBody();
        Object off = success("labelstudio:tasks?operation=list&projectId=1&pageSize=2&prefetch=false", null, Map.of())
                .getMessage()
                .getBody();

        assertThat(byDefault)
                .isInstanceOfSatisfying(
                        PagedIterable.class, l -> assertThat(l.prefetch()).isTrue());
        assertThat(off)
                .isInstanceOfSatisfying(
                        PagedIterable.class, l -> assertThat(l.prefetch()).isFalse());
        List<Object> ids = new ArrayList<>();
        ((Iterable<?>) byDefault).forEach(ids::add);
        assertThat(ids).hasSize(3);
    }

    @Test
    void parallelPagesReachesTheListing() {
        serveTaskPages(3);

        Object byDefault = success("labelstudio:tasks?operation=list&projectId=1&pageSize=2", null, Map.of())
                .getMessage()
                .getBody();
        Object four = success("labelstudio:tasks?operation=list&projectId=1&pageSize=2&parallelPages=4", null, Map.of())
                .getMessage()
                .getBody();
        Object off = success(
                        "labelstudio:tasks?operation=list&projectId=1&pageSize=2&parallelPages=4&prefetch=false",
                        null,
                        Map.of())
                .getMessage()
                .getBody();

        assertThat(byDefault)
                .isInstanceOfSatisfying(
                        PagedIterable.class, l -> assertThat(l.pagesAhead()).isEqualTo(2));
        assertThat(four)
                .isInstanceOfSatisfying(
                        PagedIterable.class, l -> assertThat(l.pagesAhead()).isEqualTo(4));
        assertThat(off)
                .isInstanceOfSatisfying(
                        PagedIterable.class, l -> assertThat(l.pagesAhead()).isZero());
        List<Object> ids = new ArrayList<>();
        ((Iterable<?>) four).forEach(ids::add);
        assertThat(ids).hasSize(3);
    }

    @Test
    void omitFieldsOptionNamesTheFieldsAndEmptyOmitsNothing() {
        serveTaskPages(1);
        success(
                "labelstudio:tasks?operation=list&projectId=1&omitFields=drafts,annotators&maxResults=1",
                null,
                Map.of());
        assertThat(stub.requests().get(0).queryParam("omit")).isEqualTo("drafts,annotators");

        stub.reset();
        serveTaskPages(1);
        success("labelstudio:tasks?operation=list&projectId=1&omitFields=&maxResults=1", null, Map.of());
        assertThat(stub.requests().get(0).queryParams()).doesNotContainKey("omit");
    }

    @Test
    void listSendsTheQueryOptions() {
        serveTaskPages(1);

        success(
                "labelstudio:tasks?operation=list&projectId=1&fields=all&labeled=true&ordering=-tasks:id"
                        + "&viewId=4&resolveUri=false&maxResults=1",
                null,
                Map.of(LabelStudioConstants.TASK_IDS, "1,2"));

        assertThat(stub.requests()).singleElement().satisfies(r -> {
            assertThat(r.queryParam("fields")).isEqualTo("all");
            assertThat(r.queryParam("view")).isEqualTo("4");
            assertThat(r.queryParam("resolve_uri")).isEqualTo("false");
            assertThat(r.queryParam("omit")).isEqualTo("comment_authors,drafts");
            JsonNode query = json(r.queryParam("query"));
            assertThat(query.get("ordering").toString()).isEqualTo("[\"-tasks:id\"]");
            assertThat(query.get("selectedItems").toString()).isEqualTo("{\"all\":false,\"included\":[1,2]}");
            assertThat(query.get("filters").get("items").get(0).get("filter").asText())
                    .isEqualTo("filter:tasks:completed_at");
        });
    }

    @Test
    void invalidFiltersOptionFailsNamingTheOption() {
        Throwable error =
                failure("labelstudio:tasks?operation=list&projectId=1&filters=RAW({\"items\": [)", null, Map.of());

        assertThat(error)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labelstudio:tasks operation 'list': the filters option is invalid")
                .hasMessageContaining("not valid JSON");
        assertThat(failure(
                        "labelstudio:tasks?operation=list&projectId=1&filters=RAW({\"conjunction\": \"xor\","
                                + " \"items\": []})",
                        null,
                        Map.of()))
                .hasMessageContaining("the filters option is invalid")
                .hasMessageContaining("conjunction");
        assertThat(stub.requests()).isEmpty();
    }
}
