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

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.http.ApiTransport;
import io.camellabelstudio.client.http.RequestLine;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.client.model.TaskPageResult;
import io.camellabelstudio.client.paging.Page;
import io.camellabelstudio.client.paging.PageFetcher;
import io.camellabelstudio.client.paging.PagedIterable;

/** Label Studio tasks: import, lazy listing, get, update, delete, and bulk deletion through Data Manager actions. */
public final class TasksApi {

    /** Ids per Data Manager action request, so a bulk delete of any size stays a sequence of bounded requests. */
    static final int ACTION_BATCH = 1000;

    private final ApiTransport transport;
    private final TaskImporter importer;
    /** Background work: the next page of a listing, the import request on its way. */
    private final ExecutorService background;

    TasksApi(ApiTransport transport, Clock clock, ExecutorService background) {
        this(transport, clock, Duration.ofSeconds(1), background);
    }

    TasksApi(ApiTransport transport, Clock clock, Duration importPollUnit, ExecutorService background) {
        this.transport = transport;
        this.background = background;
        this.importer = new TaskImporter(transport, clock, importPollUnit, background);
    }

    /**
     * Imports tasks, each a Map: either flat data ({@code {"text": "..."}}) or Label Studio's full form
     * ({@code {"data": {...}, "predictions": [...], "annotations": [...]}}). The tasks are read lazily and sent in
     * batches of {@link ImportOptions#batchSize()}; see {@link ImportOptions#importKey()} for replay-safe imports.
     *
     * @throws io.camellabelstudio.client.error.TaskImportException when a batch fails after earlier ones were imported;
     *                                                             it carries what was imported
     */
    public ImportResult importTasks(long projectId, Iterator<? extends Map<String, ?>> tasks, ImportOptions options) {
        return importer.importTasks(projectId, tasks, Objects.requireNonNull(options, "options"));
    }

    /** Imports a list of tasks; see {@link #importTasks(long, Iterator, ImportOptions)}. */
    public ImportResult importTasks(long projectId, Iterable<? extends Map<String, ?>> tasks, ImportOptions options) {
        return importTasks(projectId, tasks.iterator(), options);
    }

    /**
     * Uploads a file of tasks (JSON, CSV, TSV or TXT; the server parses it) in one request. {@code batchSize} and
     * {@code importKey} do not apply.
     */
    public ImportResult importFile(long projectId, Path file, ImportOptions options) {
        return importer.importFile(projectId, file, Objects.requireNonNull(options, "options"));
    }

    /** Lists a project's tasks lazily: pages are fetched while the result is iterated. */
    public PagedIterable<Task> list(long projectId, TaskQuery query) {
        return list(projectId, query, query.onlyIds() ? "id" : null);
    }

    /** Lists only the ids of a project's tasks ({@code include=id}), lazily. */
    public PagedIterable<Long> listIds(long projectId, TaskQuery query) {
        Objects.requireNonNull(query, "query");
        PageFetcher<Task> pages = pages(projectId, query, query.toQueryJson(), "id");
        return new PagedIterable<>(
                (page, size) -> {
                    Page<Task> answer = pages.fetch(page, size);
                    List<Long> ids = new ArrayList<>(answer.items().size());
                    answer.items().forEach(t -> ids.add(t.id()));
                    return new Page<>(ids, answer.total());
                },
                query.pageSize(),
                query.maxResults(),
                query.prefetch() ? background : null,
                query.parallelPages());
    }

    /**
     * One page of a listing (pages count from 1, {@code query.pageSize()} tasks each); empty past the last page. For
     * callers that page by a moving filter (keyset paging) rather than by page number.
     */
    public List<Task> page(long projectId, TaskQuery query, int page) {
        Objects.requireNonNull(query, "query");
        if (page < 1) {
            throw new IllegalArgumentException("page must be 1 or more, was " + page);
        }
        try {
            return fetchPage(projectId, query, query.toQueryJson(), null, page, query.pageSize())
                    .items();
        } catch (NotFoundException e) {
            return List.of(); // the server's "Invalid page." past the end
        }
    }

    /**
     * One page with the selection's totals, as the Python SDK's {@code get_paginated_tasks}: {@code query.pageSize()}
     * tasks of page {@code page} (from 1), and the numbers of tasks, annotations and predictions of the whole filtered
     * selection. A page past the last one comes back empty (the server answers 404 there).
     */
    public TaskPageResult paginated(long projectId, TaskQuery query, int page) {
        Objects.requireNonNull(query, "query");
        if (page < 1) {
            throw new IllegalArgumentException("page must be 1 or more, was " + page);
        }
        TaskPage answer;
        try {
            answer =
                    fetch(projectId, query, query.toQueryJson(), query.onlyIds() ? "id" : null, page, query.pageSize());
        } catch (NotFoundException e) {
            if (page == 1) {
                throw e;
            }
            return new TaskPageResult(List.of(), page, -1, null, null); // the server's "Invalid page." past the end
        }
        return new TaskPageResult(
                answer.tasks == null ? List.of() : answer.tasks,
                page,
                answer.total,
                answer.totalAnnotations,
                answer.totalPredictions);
    }

    PagedIterable<Task> list(long projectId, TaskQuery query, String include) {
        Objects.requireNonNull(query, "query");
        String queryJson = query.toQueryJson(); // validates filters before any request
        return new PagedIterable<>(
                pages(projectId, query, queryJson, include),
                query.pageSize(),
                query.maxResults(),
                query.prefetch() ? background : null,
                query.parallelPages());
    }

    /** The pages of a listing; a selection too long for one request line is listed in chunks that fit. */
    private PageFetcher<Task> pages(long projectId, TaskQuery query, String queryJson, String include) {
        if (query.selectedIds().isEmpty() || requestLineOf(projectId, query, include) <= RequestLine.GUNICORN_LIMIT) {
            return (page, size) -> fetchPage(projectId, query, queryJson, include, page, size);
        }
        return SelectionChunks.of(
                query,
                chunk -> requestLineOf(projectId, chunk, include),
                RequestLine.GUNICORN_LIMIT,
                (chunk, page, size) -> fetchPage(projectId, chunk, chunk.toQueryJson(), include, page, size)
                        .items());
    }

    /** The request line of the last page a listing may ask for (the longest page number), in bytes. */
    private int requestLineOf(long projectId, TaskQuery query, String include) {
        return RequestLine.length(
                transport,
                request(projectId, query, query.toQueryJson(), include, Integer.MAX_VALUE, query.pageSize()));
    }

    private Page<Task> fetchPage(
            long projectId, TaskQuery query, String queryJson, String include, int page, int size) {
        TaskPage answer = fetch(projectId, query, queryJson, include, page, size);
        return new Page<>(answer.tasks == null ? List.of() : answer.tasks, answer.total);
    }

    private TaskPage fetch(long projectId, TaskQuery query, String queryJson, String include, int page, int size) {
        ApiRequest request = request(projectId, query, queryJson, include, page, size);
        TaskPage answer;
        try {
            answer = transport.execute(request, TaskPage.class);
        } catch (NotFoundException e) {
            if (page > 1) {
                throw e; // past the last page: the end of the list
            }
            // the path alone (/api/tasks/) does not say what was not found: the project, or the view
            throw new NotFoundException(
                    e.getStatusCode(),
                    e.getMethod(),
                    e.getPath(),
                    "project " + projectId + (query.viewId() == null ? "" : " or view " + query.viewId()) + ": "
                            + e.getDetail());
        }
        return answer;
    }

    private static ApiRequest request(
            long projectId, TaskQuery query, String queryJson, String include, int page, int size) {
        return ApiRequest.get("/api/tasks/")
                .query("project", projectId)
                .query("page", page)
                .query("page_size", size)
                .query("view", query.viewId())
                .query("query", queryJson)
                // an ids listing asks for task_only: with fields=all the server still fetches every task's
                // annotations and predictions, then drops them for include=id (about 1.5x its CPU per page)
                .query("fields", query.allFields() && include == null ? "all" : "task_only")
                .query("resolve_uri", query.resolveUri())
                .query("include", include)
                .query(
                        "omit",
                        include != null || query.omitFields().isEmpty() ? null : String.join(",", query.omitFields()));
    }

    /** A task with its annotations and predictions. */
    public Task get(long taskId) {
        return transport.execute(ApiRequest.get(path(taskId)), Task.class);
    }

    /** Changes the given fields of a task (PATCH), e.g. {@code data} or {@code meta}. */
    public Task update(long taskId, Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        return transport.execute(ApiRequest.patch(path(taskId), fields), Task.class);
    }

    public void delete(long taskId) {
        transport.execute(ApiRequest.delete(path(taskId)));
    }

    /**
     * Deletes the given tasks of a project, in requests of at most 1000 ids. An empty list deletes nothing and sends
     * nothing (the Data Manager would read "no selection" as "all tasks").
     *
     * @return how many tasks the server deleted
     */
    public long deleteMany(long projectId, List<Long> taskIds) {
        Objects.requireNonNull(taskIds, "taskIds");
        long deleted = 0;
        for (int from = 0; from < taskIds.size(); from += ACTION_BATCH) {
            List<Long> chunk = taskIds.subList(from, Math.min(taskIds.size(), from + ACTION_BATCH));
            deleted += deleteTasks(projectId, DataManagerActions.only(chunk));
        }
        return deleted;
    }

    /**
     * Deletes every task of a project except {@code excludedIds}, in requests of at most 1000 ids: the ids are listed
     * page by page in id order and each page is deleted by id. One "all tasks" action would make the server delete a
     * big project's tasks in one request, which a production server's worker timeout (gunicorn: 30 s) cuts off. Tasks
     * created while the deletion runs are deleted when their id comes after the page being deleted.
     *
     * @return how many tasks the server deleted
     */
    public long deleteAll(long projectId, List<Long> excludedIds) {
        Set<Long> kept = new HashSet<>(Objects.requireNonNull(excludedIds, "excludedIds"));
        long deleted = 0;
        long after = 0;
        while (true) {
            TaskQuery next = TaskQuery.all()
                    .withFilterItem("id", "greater", "Number", after)
                    .withOrdering("tasks:id")
                    .withOnlyIds(true)
                    .withPageSize(ACTION_BATCH)
                    .withMaxResults(ACTION_BATCH)
                    .withPrefetch(false);
            List<Long> ids = new ArrayList<>(ACTION_BATCH);
            listIds(projectId, next).forEach(ids::add);
            if (ids.isEmpty()) {
                return deleted;
            }
            after = ids.get(ids.size() - 1);
            ids.removeIf(kept::contains);
            if (!ids.isEmpty()) {
                deleted += deleteTasks(projectId, DataManagerActions.only(ids));
            }
        }
    }

    private long deleteTasks(long projectId, Map<String, Object> selectedItems) {
        JsonNode answer = DataManagerActions.run(transport, projectId, "delete_tasks", selectedItems, Map.of());
        return answer == null ? 0 : answer.path("processed_items").asLong(0);
    }

    private static String path(long taskId) {
        return "/api/tasks/" + taskId + "/";
    }

    /** The page envelope of {@code GET /api/tasks/}. */
    static final class TaskPage {
        @JsonProperty("total")
        long total = -1;

        @JsonProperty("tasks")
        List<Task> tasks;

        @JsonProperty("total_annotations")
        Long totalAnnotations;

        @JsonProperty("total_predictions")
        Long totalPredictions;
    }
}
