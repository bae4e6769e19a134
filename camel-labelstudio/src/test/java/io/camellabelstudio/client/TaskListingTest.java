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

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.client.paging.PagedIterable;

/** The lazy task listing of {@code GET /api/tasks/}: paging, errors and the query it sends, against a stub. */
class TaskListingTest {

    private static final String TASKS = "/api/tasks/";
    private static final String INVALID_PAGE = "{\"detail\": \"Invalid page.\"}";

    private StubLabelStudio stub;
    private LabelStudioClient client;
    private TasksApi tasks;

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        client = clientFor(stub).retrySettings(fastRetries(2)).build();
        tasks = client.tasks();
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
        assertThat(stub.errors()).as("problems of the stub server itself").isEmpty();
    }

    // ---- helpers ----

    /** A page in Label Studio's envelope; each task has an id and, unless only ids were asked for, data. */
    private static String page(long total, List<Long> ids, boolean onlyIds) {
        return "{\"total_annotations\": 0, \"total_predictions\": 0, \"total\": " + total + ", \"tasks\": ["
                + ids.stream()
                        .map(id -> onlyIds
                                ? "{\"id\": " + id + "}"
                                : "{\"id\": " + id + ", \"data\": {\"text\": \"t" + id + "\"}, \"project\": 1}")
                        .collect(Collectors.joining(", "))
                + "]}";
    }

    /**
     * Serves {@code count} tasks with ids 1..count, page by page as asked, reporting {@code total} (which may
     * differ from count, as when tasks are deleted meanwhile), and 404 "Invalid page." past the last page.
     */
    private void serveTasks(long count, long total) {
        stub.when("GET", TASKS, request -> {
            int page = Integer.parseInt(request.queryParam("page"));
            int size = Integer.parseInt(request.queryParam("page_size"));
            long from = (long) (page - 1) * size + 1;
            if (from > count) {
                return StubResponse.json(404, INVALID_PAGE);
            }
            List<Long> ids = LongStream.rangeClosed(from, Math.min(count, from + size - 1))
                    .boxed()
                    .toList();
            return StubResponse.json(200, page(total, ids, "id".equals(request.queryParam("include"))));
        });
    }

    private static List<Long> ids(Iterable<Task> listed) {
        List<Long> ids = new ArrayList<>();
        listed.forEach(t -> ids.add(t.id()));
        return ids;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    /** The {@code query} parameter of the only request so far, parsed. */
    private JsonNode sentQuery() {
        assertThat(stub.requests()).hasSize(1);
        return json(stub.requests().get(0).queryParam("query"));
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Lists with {@code query} and reads the first page only. */
    private JsonNode queryOf(TaskQuery query) {
        stub.reset();
        serveTasks(1, 1);
        tasks.list(1, query).iterator().hasNext();
        return sentQuery();
    }

    private static final String COMPLETED_EMPTY =
            "{\"filter\":\"filter:tasks:completed_at\",\"operator\":\"empty\"," + "\"type\":\"Datetime\",\"value\":";

    // ---- paging ----

    @Test
    void listingIsLazyAndPaged() {
        serveTasks(5, 5);

        // without prefetch, so that the page-by-page requests can be asserted (TaskListingPrefetchTest covers it)
        PagedIterable<Task> listed =
                tasks.list(1, TaskQuery.all().withPageSize(2).withPrefetch(false));
        assertThat(stub.requests()).as("nothing before iteration").isEmpty();
        Iterator<Task> iterator = listed.iterator();
        Task first = iterator.next();

        assertThat(first.id()).isEqualTo(1L);
        assertThat(first.data()).containsEntry("text", "t1");
        assertThat(stub.requests()).hasSize(1);
        List<Long> rest = new ArrayList<>();
        iterator.forEachRemaining(t -> rest.add(t.id()));
        assertThat(rest).containsExactly(2L, 3L, 4L, 5L);
        assertThat(stub.requests().stream().map(r -> r.queryParam("page")))
                .as("the total tells where the listing ends: no request for page 4")
                .containsExactly("1", "2", "3");
        RecordedRequest request = stub.requests().get(0);
        assertThat(request.queryParam("project")).isEqualTo("1");
        assertThat(request.queryParam("page_size")).isEqualTo("2");
        assertThat(request.queryParam("fields")).isEqualTo("task_only");
        assertThat(request.queryParams()).doesNotContainKeys("include", "view", "resolve_uri");
        assertThat(request.queryParam("omit"))
                .as("the two fields the server looks up task by task are left out by default")
                .isEqualTo("comment_authors,drafts");
    }

    @Test
    void omitFieldsAreSentAndAnEmptyListOmitsNothing() {
        serveTasks(1, 1);
        ids(tasks.list(1, TaskQuery.all().withOmitFields(List.of("comment_authors", "annotators"))));
        assertThat(stub.requests().get(0).queryParam("omit")).isEqualTo("comment_authors,annotators");

        stub.reset();
        serveTasks(1, 1);
        ids(tasks.list(1, TaskQuery.all().withOmitFields(List.of())));
        assertThat(stub.requests().get(0).queryParams()).doesNotContainKey("omit");

        stub.reset();
        serveTasks(1, 1);
        ids(tasks.list(1, TaskQuery.all().withAllFields(true).withOnlyIds(true)));
        assertThat(stub.requests().get(0).queryParam("include")).isEqualTo("id");
        assertThat(stub.requests().get(0).queryParams())
                .as("include=id already names the one field")
                .doesNotContainKey("omit");
        assertThat(stub.requests().get(0).queryParam("fields"))
                .as("an ids listing does not make the server fetch annotations it then drops")
                .isEqualTo("task_only");
    }

    @Test
    void omitFieldsMustBeFieldNames() {
        assertThatThrownBy(() -> TaskQuery.all().withOmitFields(List.of("drafts,annotators")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("omitFields")
                .hasMessageContaining("drafts,annotators");
        assertThatThrownBy(() -> TaskQuery.all().withOmitFields(List.of(" ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("omitFields");
    }

    @Test
    void serverErrorOnPageThreeFailsTheIteratorAfterRetries() {
        stub.when("GET", TASKS, request -> {
            int page = Integer.parseInt(request.queryParam("page"));
            return page < 3
                    ? StubResponse.json(200, page(10, range(page * 2L - 1, page * 2L), false))
                    : StubResponse.json(500, "{\"detail\": \"database is locked\"}");
        });
        Iterator<Task> iterator = tasks.list(1, TaskQuery.all().withPageSize(2)).iterator();
        List<Long> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seen.add(iterator.next().id());
        }

        assertThatThrownBy(iterator::hasNext)
                .isInstanceOf(ServerErrorException.class)
                .hasMessageContaining("500")
                .hasMessageContaining("database is locked");
        assertThat(seen).containsExactly(1L, 2L, 3L, 4L);
        assertThat(stub.requests().stream().filter(r -> r.queryParam("page").equals("3")))
                .as("1 request + 2 retries")
                .hasSize(3);
    }

    @Test
    void serverErrorIsNeverASilentEndOfAForEach() {
        stub.when(
                "GET",
                TASKS,
                request -> request.queryParam("page").equals("1")
                        ? StubResponse.json(200, page(6, range(1, 2), false))
                        : StubResponse.json(503, "{\"detail\": \"unavailable\"}"));
        List<Long> seen = new ArrayList<>();

        assertThatThrownBy(() -> tasks.list(1, TaskQuery.all().withPageSize(2)).forEach(t -> seen.add(t.id())))
                .isInstanceOf(ServerErrorException.class);
        assertThat(seen).containsExactly(1L, 2L);
    }

    @Test
    void invalidPagePastTheLastPageEndsTheListing() {
        // the server reported 7 tasks, but only 4 are left when the pages are read
        serveTasks(4, 7);

        List<Long> listed = ids(tasks.list(1, TaskQuery.all().withPageSize(2)));

        assertThat(listed).containsExactly(1L, 2L, 3L, 4L);
        assertThat(stub.requests().stream().map(r -> r.queryParam("page"))).containsExactly("1", "2", "3");
    }

    @Test
    void notFoundOnTheFirstPageNamesTheProjectInsteadOfEndingTheListing() {
        stub.when("GET", TASKS, StubResponse.json(404, "{\"detail\": \"No Project matches the given query.\"}"));

        assertThatThrownBy(() -> tasks.list(42, TaskQuery.all()).total())
                .isExactlyInstanceOf(NotFoundException.class)
                .hasMessage("GET /api/tasks/ failed with HTTP 404: project 42: No Project matches the given query.");
        assertThatThrownBy(() -> tasks.listIds(42, TaskQuery.all().withViewId(9L))
                        .iterator()
                        .hasNext())
                .isExactlyInstanceOf(NotFoundException.class)
                .hasMessageContaining("project 42 or view 9: No Project matches");
    }

    @Test
    void emptyProjectListsNothing() {
        stub.when("GET", TASKS, StubResponse.json(200, page(0, List.of(), false)));

        PagedIterable<Task> listed = tasks.list(1, TaskQuery.all());

        assertThat(listed.total()).isZero();
        assertThat(ids(listed)).isEmpty();
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void maxResultsStopsEarly() {
        serveTasks(10, 10);

        List<Long> listed = ids(tasks.list(1, TaskQuery.all().withPageSize(2).withMaxResults(5)));

        assertThat(listed).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(stub.requests().stream().map(r -> r.queryParam("page"))).containsExactly("1", "2", "3");
    }

    @Test
    void totalIsTheServersAndReusesTheFirstPage() {
        serveTasks(3, 3);

        PagedIterable<Task> listed = tasks.list(1, TaskQuery.all().withMaxResults(1));

        assertThat(listed.total()).isEqualTo(3);
        assertThat(ids(listed)).containsExactly(1L);
        assertThat(stub.requests()).hasSize(1);
    }

    // ---- ids only ----

    @Test
    void listIdsSendsIncludeIdAndYieldsLongs() {
        serveTasks(3, 3);

        PagedIterable<Long> listed = tasks.listIds(1, TaskQuery.all().withPageSize(2));
        List<Object> all = new ArrayList<>();
        listed.forEach(all::add);

        assertThat(all).containsExactly(1L, 2L, 3L);
        assertThat(all).allSatisfy(id -> assertThat(id).isExactlyInstanceOf(Long.class));
        assertThat(listed.total()).isEqualTo(3);
        assertThat(stub.requests()).hasSize(2).allSatisfy(r -> {
            assertThat(r.queryParam("include")).isEqualTo("id");
            assertThat(r.queryParam("fields")).isEqualTo("task_only");
        });
    }

    @Test
    void onlyIdsInTheQuerySendsIncludeId() {
        serveTasks(2, 2);

        List<Long> listed =
                ids(tasks.list(1, TaskQuery.all().withAllFields(true).withOnlyIds(true)));

        assertThat(listed).containsExactly(1L, 2L);
        assertThat(stub.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.queryParam("include")).isEqualTo("id"));
    }

    // ---- the query parameter ----

    @Test
    void defaultQuerySelectsAllWithoutFilters() {
        JsonNode query = queryOf(TaskQuery.all());

        assertThat(query.toString()).isEqualTo("{\"ordering\":[],\"selectedItems\":{\"all\":true,\"excluded\":[]}}");
    }

    @Test
    void filtersAndOrderingAreSentAsGiven() {
        Map<String, Object> filters = Map.of(
                "conjunction",
                "or",
                "items",
                List.of(
                        Map.of("filter", "filter:tasks:id", "operator", "greater", "type", "Number", "value", 10),
                        Map.of(
                                "filter",
                                "filter:tasks:data.text",
                                "operator",
                                "contains",
                                "type",
                                "String",
                                "value",
                                "cat")));

        JsonNode query = queryOf(TaskQuery.all().withFilters(filters).withOrdering(" -tasks:updated_at "));

        assertThat(query.get("filters")).isEqualTo(Json.mapper().valueToTree(filters));
        assertThat(query.get("ordering").toString()).isEqualTo("[\"-tasks:updated_at\"]");
        assertThat(query.get("selectedItems").toString()).isEqualTo("{\"all\":true,\"excluded\":[]}");
    }

    @Test
    void filtersAsJsonString() {
        JsonNode query = queryOf(TaskQuery.all()
                .withFilters("{\"conjunction\": \"and\", \"items\": [{\"filter\": \"filter:tasks:id\","
                        + " \"operator\": \"equal\", \"type\": \"Number\", \"value\": 3}]}"));

        assertThat(query.get("filters").toString())
                .isEqualTo("{\"conjunction\":\"and\",\"items\":[{\"filter\":\"filter:tasks:id\","
                        + "\"operator\":\"equal\",\"type\":\"Number\",\"value\":3}]}");
    }

    @Test
    void invalidFiltersAreRejectedBeforeAnyRequest() {
        assertThatThrownBy(() -> TaskQuery.all().withFilters("{\"items\": "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("filters is not valid JSON");
        assertThatThrownBy(() -> TaskQuery.all().withFilters("[1, 2]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("filters must be a JSON object with an \"items\" list");
        assertThatThrownBy(() -> TaskQuery.all().withFilters("{\"conjunction\": \"xor\", \"items\": []}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("filters.conjunction must be \"and\" or \"or\"");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void selectedIdsAreSentAsIncluded() {
        JsonNode query = queryOf(TaskQuery.all().withSelectedIds(List.of(3L, 5L, 8L)));

        assertThat(query.get("selectedItems").toString()).isEqualTo("{\"all\":false,\"included\":[3,5,8]}");
        assertThat(queryOf(TaskQuery.all().withSelectedIds(List.of()))
                        .get("selectedItems")
                        .toString())
                .isEqualTo("{\"all\":true,\"excluded\":[]}");
    }

    @Test
    void labeledAddsTheCompletedAtEmptyFilter() {
        JsonNode labeled = queryOf(TaskQuery.all().withLabeled(true));
        JsonNode unlabeled = queryOf(TaskQuery.all().withLabeled(false));

        assertThat(labeled.get("filters").toString())
                .isEqualTo("{\"conjunction\":\"and\",\"items\":[" + COMPLETED_EMPTY + "false}]}");
        assertThat(unlabeled.get("filters").toString())
                .isEqualTo("{\"conjunction\":\"and\",\"items\":[" + COMPLETED_EMPTY + "true}]}");
    }

    @Test
    void labeledIsAddedToTheGivenFilters() {
        String idFilter = "{\"filter\":\"filter:tasks:id\",\"operator\":\"greater\",\"type\":\"Number\",\"value\":10}";

        JsonNode and = queryOf(TaskQuery.all()
                .withFilters("{\"conjunction\": \"and\", \"items\": [" + idFilter + "]}")
                .withLabeled(true));
        stub.reset();
        // "or" with one item means the same as "and"
        JsonNode orOfOne = queryOf(TaskQuery.all()
                .withFilters("{\"conjunction\": \"or\", \"items\": [" + idFilter + "]}")
                .withLabeled(false));

        assertThat(and.get("filters").toString())
                .isEqualTo("{\"conjunction\":\"and\",\"items\":[" + idFilter + "," + COMPLETED_EMPTY + "false}]}");
        assertThat(orOfOne.get("filters").toString())
                .isEqualTo("{\"conjunction\":\"and\",\"items\":[" + idFilter + "," + COMPLETED_EMPTY + "true}]}");
    }

    @Test
    void labeledWithAnOrOfSeveralFiltersIsRejectedBeforeAnyRequest() {
        TaskQuery query = TaskQuery.all()
                .withFilters("{\"conjunction\": \"or\", \"items\": ["
                        + "{\"filter\": \"filter:tasks:id\", \"operator\": \"equal\", \"type\": \"Number\", \"value\": 1},"
                        + "{\"filter\": \"filter:tasks:id\", \"operator\": \"equal\", \"type\": \"Number\", \"value\": 2}"
                        + "]}")
                .withLabeled(true);

        assertThatThrownBy(() -> tasks.list(1, query))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be combined with filters whose conjunction is \"or\"");
        assertThatThrownBy(() -> tasks.listIds(1, query)).isExactlyInstanceOf(IllegalArgumentException.class);
        assertThat(stub.requests()).isEmpty();
        // without the shortcut, the same filters are fine
        assertThat(queryOf(query.withLabeled(null))
                        .get("filters")
                        .get("conjunction")
                        .asText())
                .isEqualTo("or");
    }

    @Test
    void theGivenFiltersAreNotChangedByTheLabeledShortcut() {
        JsonNode filters = json("{\"conjunction\": \"and\", \"items\": [{\"filter\": \"filter:tasks:id\", \"operator\":"
                + " \"equal\", \"type\": \"Number\", \"value\": 1}]}");
        String before = filters.toString();

        queryOf(TaskQuery.all().withFilters(filters).withLabeled(true));

        assertThat(filters.toString()).isEqualTo(before);
    }

    // ---- other parameters ----

    @Test
    void allFieldsViewAndResolveUriAreSent() {
        serveTasks(1, 1);

        ids(tasks.list(
                1,
                TaskQuery.all()
                        .withAllFields(true)
                        .withViewId(9L)
                        .withResolveUri(false)
                        .withPageSize(50)));

        assertThat(stub.requests()).singleElement().satisfies(r -> {
            assertThat(r.queryParam("fields")).isEqualTo("all");
            assertThat(r.queryParam("view")).isEqualTo("9");
            assertThat(r.queryParam("resolve_uri")).isEqualTo("false");
            assertThat(r.queryParam("page_size")).isEqualTo("50");
        });
        stub.reset();
        serveTasks(1, 1);
        ids(tasks.list(1, TaskQuery.all().withResolveUri(true)));
        assertThat(stub.requests().get(0).queryParam("resolve_uri")).isEqualTo("true");
    }

    @Test
    void invalidPagingIsRejected() {
        assertThatThrownBy(() -> TaskQuery.all().withPageSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pageSize must be at least 1");
        assertThatThrownBy(() -> TaskQuery.all().withMaxResults(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxResults must be 0 (no limit) or more");
    }
}
