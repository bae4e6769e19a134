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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.client.model.View;
import io.camellabelstudio.it.DevelopmentSmoke;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;

/** {@code labelstudio:tasks} and {@code labelstudio:views} against a real Label Studio. */
@DevelopmentSmoke
class TasksIT extends LabelStudioIT {

    private static List<Map<String, Object>> tasks(int from, int to) {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int i = from; i < to; i++) {
            tasks.add(Map.of("text", "Text number " + i, "uri", "s3://bucket/item-" + i + ".txt", "n", i));
        }
        return tasks;
    }

    private Set<Long> serverTaskIds(long projectId) {
        Set<Long> ids = new HashSet<>();
        ls.client()
                .tasks()
                .listIds(projectId, TaskQuery.all().withPageSize(1000))
                .forEach(ids::add);
        return ids;
    }

    private List<Long> listIds(String options, long projectId, Map<String, Object> headers) {
        Exchange result = ls.request(
                "labelstudio:tasks?operation=list&onlyIds=true&projectId=" + projectId + options, null, headers);
        List<Long> ids = new ArrayList<>();
        Iterable<?> body = result.getMessage().getBody(Iterable.class);
        body.forEach(id -> ids.add((Long) id));
        assertThat(result.getMessage().getHeader(LabelStudioConstants.TOTAL, Long.class))
                .isEqualTo(ids.size());
        return ids;
    }

    @Test
    void tenThousandTasksInBatchesThenReplaysWithImportKeyCreateNoDuplicates() {
        Project project = ls.project("Import 10k", LabelConfigs.TEXT_CLASSIFICATION);
        String uri = "labelstudio:tasks?operation=import&batchSize=1000&projectId=" + project.id();

        Exchange first = ls.request(uri, tasks(0, 10_000), Map.of());
        ImportResult result = first.getMessage().getBody(ImportResult.class);

        assertThat(result.taskCount()).isEqualTo(10_000);
        assertThat(result.requests()).isEqualTo(10);
        assertThat(result.taskIds()).hasSize(10_000).doesNotHaveDuplicates();
        assertThat(new HashSet<>(result.taskIds())).isEqualTo(serverTaskIds(project.id()));
        assertThat(first.getMessage().getHeader(LabelStudioConstants.TASK_COUNT))
                .isEqualTo(10_000L);
        List<?> createdIds = first.getMessage().getHeader(LabelStudioConstants.CREATED_TASK_IDS, List.class);
        assertThat(createdIds).hasSize(10_000);

        // replay of the same import with an import key: nothing new
        Exchange replay = ls.request(uri + "&importKey=uri", tasks(0, 10_000), Map.of());
        ImportResult again = replay.getMessage().getBody(ImportResult.class);
        assertThat(again.taskCount()).isZero();
        assertThat(again.skippedCount()).isEqualTo(10_000);
        assertThat(replay.getMessage().getHeader(LabelStudioConstants.SKIPPED_COUNT))
                .isEqualTo(10_000L);
        assertThat(serverTaskIds(project.id())).hasSize(10_000);

        // half the keys exist: exactly the other half is created
        ImportResult half = ls.request(uri + "&importKey=uri", tasks(5_000, 15_000), Map.of())
                .getMessage()
                .getBody(ImportResult.class);
        assertThat(half.taskCount()).isEqualTo(5_000);
        assertThat(half.skippedCount()).isEqualTo(5_000);
        Set<Long> all = serverTaskIds(project.id());
        assertThat(all).hasSize(15_000).containsAll(half.taskIds());
        List<Map<String, Object>> created = new ArrayList<>();
        ls.client()
                .tasks()
                .list(
                        project.id(),
                        TaskQuery.all().withSelectedIds(half.taskIds()).withPageSize(1000))
                .forEach(t -> created.add(t.data()));
        assertThat(created.stream().map(d -> ((Number) d.get("n")).intValue()).collect(Collectors.toSet()))
                .isEqualTo(
                        LongStream.range(10_000, 15_000).mapToObj(i -> (int) i).collect(Collectors.toSet()));
    }

    @Test
    void importKeyAlsoDropsDuplicatesWithinOneImportAndKeepsNumbersAndStringsApart() {
        Project project = ls.project("Import key", LabelConfigs.TEXT_CLASSIFICATION);
        List<Map<String, Object>> batch = List.of(
                Map.of("text", "a", "key", 5),
                Map.of("text", "b", "key", "5"),
                Map.of("text", "c", "key", 5),
                Map.of("text", "d", "key", "x"));

        ImportResult result = ls.request(
                        "labelstudio:tasks?operation=import&importKey=key&batchSize=2&projectId=" + project.id(),
                        batch,
                        Map.of())
                .getMessage()
                .getBody(ImportResult.class);

        assertThat(result.taskCount()).isEqualTo(3);
        assertThat(result.skippedCount()).isEqualTo(1);
        assertThat(serverTaskIds(project.id())).hasSize(3);
    }

    @Test
    void jsonStringAndCsvFileAndPreannotatedFields(@TempDir Path dir) throws IOException {
        Project project = ls.project("Import forms", LabelConfigs.TEXT_CLASSIFICATION);
        String uri = "labelstudio:tasks?operation=import&projectId=" + project.id();

        ImportResult fromJson = ls.request(uri, "[{\"text\": \"one\"}, {\"data\": {\"text\": \"two\"}}]", Map.of())
                .getMessage()
                .getBody(ImportResult.class);
        assertThat(fromJson.taskCount()).isEqualTo(2);

        Path csv = dir.resolve("tasks.csv");
        Files.writeString(csv, "text,sentiment\nfirst row,Positive\nsecond row,Negative\nthird row,Positive\n");
        ImportResult fromCsv =
                ls.request(uri, csv.toFile(), Map.of()).getMessage().getBody(ImportResult.class);
        assertThat(fromCsv.taskCount()).isEqualTo(3);
        List<String> texts = new ArrayList<>();
        ls.client()
                .tasks()
                .list(project.id(), TaskQuery.all().withSelectedIds(fromCsv.taskIds()))
                .forEach(t -> texts.add((String) t.data().get("text")));
        assertThat(texts).containsExactlyInAnyOrder("first row", "second row", "third row");

        ImportResult preannotated = ls.request(
                        uri + "&preannotatedFromFields=sentiment",
                        List.of(
                                Map.of("text", "good", "sentiment", "Positive"),
                                Map.of("text", "bad", "sentiment", "Negative")),
                        Map.of())
                .getMessage()
                .getBody(ImportResult.class);
        assertThat(preannotated.predictionCount()).isEqualTo(2);
        Task task = ls.client().tasks().get(preannotated.taskIds().get(0));
        assertThat(task.predictions()).hasSize(1);
        assertThat(task.predictions().get(0).toString()).contains("Positive");
    }

    @Test
    void listWithFilterOrderingViewSelectionIdsAndLabeledShortcut() {
        Project project = ls.project("List", LabelConfigs.TEXT_CLASSIFICATION);
        List<Long> ids = ls.client()
                .tasks()
                .importTasks(project.id(), tasks(0, 30), io.camellabelstudio.client.ImportOptions.defaults())
                .taskIds();
        long pid = project.id();

        // filter: data.n >= 20
        String filter = "{\"conjunction\": \"and\", \"items\": [{\"filter\": \"filter:tasks:data.n\","
                + " \"operator\": \"greater_or_equal\", \"type\": \"Number\", \"value\": 20}]}";
        assertThat(listIds("&pageSize=7", pid, Map.of())).containsExactlyElementsOf(ids);
        assertThat(listIds("&filters=RAW(" + filter + ")", pid, Map.of()))
                .containsExactlyInAnyOrderElementsOf(ids.subList(20, 30));
        // ordering descending by id
        List<Long> reversed = new ArrayList<>(ids);
        java.util.Collections.reverse(reversed);
        assertThat(listIds("&ordering=-tasks:id&pageSize=4", pid, Map.of())).containsExactlyElementsOf(reversed);
        // selected ids, from the option and from the header
        assertThat(listIds("&selectedIds=" + ids.get(3) + "," + ids.get(5), pid, Map.of()))
                .containsExactlyInAnyOrder(ids.get(3), ids.get(5));
        assertThat(listIds("", pid, Map.of(LabelStudioConstants.TASK_IDS, List.of(ids.get(7)))))
                .containsExactly(ids.get(7));
        // a view with a filter
        View view = ls.request(
                        "labelstudio:views?operation=create&projectId=" + pid,
                        Map.of(
                                "title",
                                "Small n",
                                "filters",
                                Map.of(
                                        "conjunction",
                                        "and",
                                        "items",
                                        List.of(Map.of(
                                                "filter", "filter:tasks:data.n",
                                                "operator", "less",
                                                "type", "Number",
                                                "value", 3)))),
                        Map.of())
                .getMessage()
                .getBody(View.class);
        assertThat(listIds("&viewId=" + view.id(), pid, Map.of()))
                .containsExactlyInAnyOrderElementsOf(ids.subList(0, 3));
        // full tasks instead of ids, with maxResults
        Exchange full = ls.request(
                "labelstudio:tasks?operation=list&fields=all&maxResults=5&pageSize=2&projectId=" + pid, null, Map.of());
        List<?> five = full.getMessage().getBody(List.class);
        assertThat(five)
                .hasSize(5)
                .allSatisfy(t -> assertThat(((Task) t).annotations()).isNotNull());

        // labeled / unlabeled: annotate two tasks
        for (Long id : List.of(ids.get(1), ids.get(2))) {
            ls.client()
                    .transport()
                    .execute(ApiRequest.post(
                            "/api/tasks/" + id + "/annotations/",
                            Map.of(
                                    "result",
                                    List.of(Map.of(
                                            "from_name", "sentiment",
                                            "to_name", "text",
                                            "type", "choices",
                                            "value", Map.of("choices", List.of("Positive")))))));
        }
        assertThat(listIds("&labeled=true", pid, Map.of())).containsExactlyInAnyOrder(ids.get(1), ids.get(2));
        List<Long> unlabeled = new ArrayList<>(ids);
        unlabeled.removeAll(List.of(ids.get(1), ids.get(2)));
        assertThat(listIds("&labeled=false", pid, Map.of())).containsExactlyInAnyOrderElementsOf(unlabeled);
        // labeled combined with a filter
        assertThat(listIds("&labeled=false&filters=RAW(" + filter + ")", pid, Map.of()))
                .containsExactlyInAnyOrderElementsOf(ids.subList(20, 30));
    }

    @Test
    void parallelPagesListEveryTaskOnceInOrderAndStopAtTheLastPage() {
        Project project = ls.project("Parallel pages", LabelConfigs.TEXT_CLASSIFICATION);
        long pid = project.id();
        List<Long> ids = ls.client()
                .tasks()
                .importTasks(pid, tasks(0, 1000), io.camellabelstudio.client.ImportOptions.defaults())
                .taskIds();

        // 1,000 tasks: 20 full pages of 50 (no page 21 to ask for) and 27 pages of 37 (the last one partial)
        for (String paging : List.of("&pageSize=50", "&pageSize=37")) {
            for (int parallel : List.of(1, 4, 8)) {
                assertThat(listIds(paging + "&parallelPages=" + parallel, pid, Map.of()))
                        .as("%s parallelPages=%d", paging, parallel)
                        .containsExactlyElementsOf(ids);
            }
        }
        List<Long> reversed = new ArrayList<>(ids);
        java.util.Collections.reverse(reversed);
        assertThat(listIds("&ordering=-tasks:id&pageSize=30&parallelPages=4", pid, Map.of()))
                .containsExactlyElementsOf(reversed);

        // tasks imported while the listing runs (in id order) come after the listed ones: never twice, none skipped
        List<Long> listed = new ArrayList<>();
        var iterator = ls.client()
                .tasks()
                .listIds(pid, TaskQuery.all().withPageSize(40).withParallelPages(4))
                .iterator();
        List<Long> added = List.of();
        while (iterator.hasNext()) {
            listed.add(iterator.next());
            if (listed.size() == 100) {
                added = ls.client()
                        .tasks()
                        .importTasks(pid, tasks(1000, 1100), io.camellabelstudio.client.ImportOptions.defaults())
                        .taskIds();
            }
        }
        assertThat(listed).doesNotHaveDuplicates().isSorted().containsAll(ids);
        assertThat(listed.subList(0, 1000)).containsExactlyElementsOf(ids);
        assertThat(added)
                .as("the tasks listed besides the first 1,000 are added ones")
                .containsAll(listed.subList(1000, listed.size()));
        System.out.printf(
                "TasksIT: parallel listing saw %d of the %d tasks imported during it%n",
                listed.size() - 1000, added.size());
    }

    @Test
    void listLeavesOutCommentAuthorsAndDraftsByDefaultAndEveryFieldWithOmitFieldsEmpty() {
        Project project = ls.project("Omit", LabelConfigs.TEXT_CLASSIFICATION);
        ls.client().tasks().importTasks(project.id(), tasks(0, 3), io.camellabelstudio.client.ImportOptions.defaults());
        String uri = "labelstudio:tasks?operation=list&projectId=" + project.id();

        List<?> byDefault = ls.request(uri, null, Map.of()).getMessage().getBody(List.class);
        List<?> every =
                ls.request(uri + "&omitFields=", null, Map.of()).getMessage().getBody(List.class);
        List<?> all =
                ls.request(uri + "&fields=all", null, Map.of()).getMessage().getBody(List.class);

        assertThat(byDefault).hasSize(3);
        assertThat(every).hasSize(3);
        Task lean = (Task) byDefault.get(0);
        Task whole = (Task) every.get(0);
        assertThat(whole.otherFields()).containsKey("comment_authors");
        assertThat(whole.otherFields()).containsKey("drafts");
        assertThat(lean.otherFields()).doesNotContainKeys("comment_authors", "drafts");
        Set<String> wholeKeys = new HashSet<>(whole.otherFields().keySet());
        wholeKeys.removeAll(Set.of("comment_authors", "drafts"));
        assertThat(lean.otherFields().keySet())
                .as("only comment_authors and drafts are left out")
                .isEqualTo(wholeKeys);
        assertThat(lean.data()).isEqualTo(whole.data());
        assertThat(lean.createdAt()).isEqualTo(whole.createdAt());
        assertThat(((Task) all.get(0)).annotations())
                .as("fields=all still brings annotations")
                .isNotNull();
        assertThat(((Task) all.get(0)).otherFields()).doesNotContainKeys("comment_authors", "drafts");
    }

    @Test
    void getUpdateDeleteAndBulkDeletes() {
        Project project = ls.project("CRUD", LabelConfigs.TEXT_CLASSIFICATION);
        long pid = project.id();
        List<Long> ids = ls.client()
                .tasks()
                .importTasks(pid, tasks(0, 10), io.camellabelstudio.client.ImportOptions.defaults())
                .taskIds();

        Task read = ls.request("labelstudio:tasks?operation=get&taskId=" + ids.get(0), null, Map.of())
                .getMessage()
                .getBody(Task.class);
        assertThat(read.data()).containsEntry("text", "Text number 0");

        ls.request(
                "labelstudio:tasks?operation=update",
                Map.of("data", Map.of("text", "changed", "n", 0)),
                Map.of(LabelStudioConstants.TASK_ID, ids.get(0)));
        assertThat(ls.client().tasks().get(ids.get(0)).data()).containsEntry("text", "changed");

        ls.request("labelstudio:tasks?operation=delete&taskId=" + ids.get(1), null, Map.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ls.client().tasks().get(ids.get(1)))
                .isInstanceOf(NotFoundException.class);

        // an empty list deletes nothing
        Exchange none = ls.request("labelstudio:tasks?operation=deleteMany&projectId=" + pid, List.of(), Map.of());
        assertThat(none.getMessage().getBody()).isEqualTo(0L);
        assertThat(serverTaskIds(pid)).hasSize(9);

        Exchange two = ls.request(
                "labelstudio:tasks?operation=deleteMany&projectId=" + pid,
                null,
                Map.of(LabelStudioConstants.TASK_IDS, ids.get(2) + "," + ids.get(3)));
        assertThat(two.getMessage().getHeader(LabelStudioConstants.DELETED_COUNT))
                .isEqualTo(2L);
        assertThat(serverTaskIds(pid)).hasSize(7).doesNotContain(ids.get(2), ids.get(3));

        Exchange all = ls.request(
                "labelstudio:tasks?operation=deleteAll&excludedIds=" + ids.get(8) + "," + ids.get(9) + "&projectId="
                        + pid,
                null,
                Map.of());
        assertThat(all.getMessage().getBody()).isEqualTo(5L);
        assertThat(serverTaskIds(pid)).containsExactlyInAnyOrder(ids.get(8), ids.get(9));
    }

    @Test
    void viewsCrud() {
        Project project = ls.project("Views", LabelConfigs.TEXT_CLASSIFICATION);
        long pid = project.id();

        View created = ls.request(
                        "labelstudio:views?operation=create&projectId=" + pid,
                        Map.of("title", "Newest first", "ordering", List.of("-tasks:id")),
                        Map.of())
                .getMessage()
                .getBody(View.class);
        assertThat(created.title()).isEqualTo("Newest first");

        List<?> views = ls.request("labelstudio:views?operation=list&projectId=" + pid, null, Map.of())
                .getMessage()
                .getBody(List.class);
        assertThat(views).extracting(v -> ((View) v).id()).containsExactly(created.id());

        ls.request(
                "labelstudio:views?operation=update&projectId=" + pid,
                Map.of("title", "Renamed", "ordering", List.of("tasks:id")),
                Map.of(LabelStudioConstants.VIEW_ID, created.id()));
        View read = ls.request("labelstudio:views?operation=get&viewId=" + created.id(), null, Map.of())
                .getMessage()
                .getBody(View.class);
        assertThat(read.title()).isEqualTo("Renamed");
        assertThat(read.data().get("ordering")).isEqualTo(List.of("tasks:id"));

        ls.request("labelstudio:views?operation=delete&viewId=" + created.id(), null, Map.of());
        assertThat(ls.client().views().list(pid)).isEmpty();
    }
}
