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

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.http.ApiTransport;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.http.RequestLine;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.client.model.View;
import io.camellabelstudio.client.paging.Page;
import io.camellabelstudio.client.paging.PagedIterable;

/**
 * The import key of tasks (a data field that identifies a task) and the server-side check of which keys a project
 * already has: a listing of the project's tasks with a Data Manager {@code in_list} filter of the keys. A batch whose
 * keys fit into one request line that application servers accept (gunicorn: 4094 bytes, measured as the transport
 * sends it) is checked with one {@code GET /api/tasks/} carrying the filter in its query. A larger batch is checked
 * through a temporary view that carries the filter in a request body: one listing instead of dozens, each of which
 * costs the server a whole Data Manager query (5000 new keys on the production layout: about 1.5 s instead of 40 s).
 * Keys compare by JSON type and value, as the server's {@code in_list} filter does: the number 5 and the string "5"
 * are different keys.
 */
final class ImportKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ImportKeys.class);

    /**
     * The longest request line of a check with its keys in the query: gunicorn's limit less a margin, for a page
     * number with more digits than the one measured and for proxies that add to the line.
     */
    static final int REQUEST_LINE_BUDGET = RequestLine.GUNICORN_LIMIT - 94;

    /** Tasks per page of a check's listing: bounds each answer (tasks come with their data) and its server time. */
    static final int PAGE_SIZE = 1000;

    static final String VIEW_TITLE = "camel-labelstudio import key check (temporary)";

    /** The page number the request lines are measured with: a one-page check's, and the margin covers more digits. */
    private static final int MEASURED_PAGE = 1;

    private final ApiTransport transport;
    private final ViewsApi views;
    private final long projectId;
    private final String key;
    /** The request line of a query check without any key: what every key's share is added to. */
    private final int emptyCheckLength;
    /** What a comma between two keys adds. */
    private final int separatorLength;

    ImportKeys(ApiTransport transport, long projectId, String key) {
        this.transport = transport;
        this.views = new ViewsApi(transport);
        this.projectId = projectId;
        this.key = key;
        this.emptyCheckLength = RequestLine.length(transport, queryCheck(List.of(), MEASURED_PAGE));
        this.separatorLength = RequestLine.queryValueLength(transport, ",");
    }

    /** A task's import key: its value, its {@link #identity} and its share of a query check's request line. */
    record Key(Object value, String identity, int checkLength) {}

    /** The key of a task given flat ({@code {"image": ...}}) or wrapped ({@code {"data": {"image": ...}}}). */
    Key keyOf(Map<String, ?> task, long position) {
        Object data = task.get("data");
        Map<?, ?> fields = data instanceof Map<?, ?> wrapped ? wrapped : task;
        Object value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("Task #" + position + " has no value for the import key '" + key
                    + "'; every task needs one when importKey is set");
        }
        if (!(value instanceof String) && !(value instanceof Number) && !(value instanceof Boolean)) {
            throw new IllegalArgumentException("Task #" + position + ": the import key '" + key + "' must be a string"
                    + " or a number, but is " + value.getClass().getSimpleName());
        }
        int length = RequestLine.queryValueLength(
                transport, serverText(Json.mapper().valueToTree(value).toString()));
        return new Key(value, identity(value), length);
    }

    /** Comparable form of a key value: its type and its JSON text. */
    static String identity(Object value) {
        if (value instanceof Number number) {
            double d = number.doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) ? "n:" + number.longValue() : "n:" + d;
        }
        return (value instanceof Boolean ? "b:" : "s:") + value;
    }

    /** Which of {@code keys} exist in the project, as {@link #identity} strings. */
    Set<String> existing(List<Key> keys) {
        List<Object> values = new ArrayList<>(keys.size());
        long length = emptyCheckLength;
        for (Key candidate : keys) {
            length += candidate.checkLength() + (values.isEmpty() ? 0 : separatorLength);
            values.add(candidate.value());
        }
        return length <= REQUEST_LINE_BUDGET ? existingByQuery(values) : existingThroughView(values);
    }

    private Set<String> existingByQuery(List<Object> values) {
        // each key's share decided the way; the request itself is the one measure that counts
        int length = RequestLine.length(transport, queryCheck(values, MEASURED_PAGE));
        if (length > REQUEST_LINE_BUDGET) {
            throw new IllegalStateException("The import key check of " + values.size()
                    + " key(s) has a request line of " + length + " bytes, over its budget of " + REQUEST_LINE_BUDGET);
        }
        return found(page -> queryCheck(values, page));
    }

    private Set<String> existingThroughView(List<Object> values) {
        View view = views.create(projectId, VIEW_TITLE, filters(values), null);
        try {
            return found(page -> check(page).query("view", view.id()));
        } finally {
            try {
                views.delete(view.id());
            } catch (RuntimeException e) {
                LOG.warn(
                        "Could not delete the temporary view {} of project {} (\"{}\"): {}",
                        view.id(),
                        projectId,
                        VIEW_TITLE,
                        e.getMessage());
            }
        }
    }

    /** The keys of the tasks a check lists, page after page. */
    private Set<String> found(IntFunction<ApiRequest> pageRequest) {
        Set<String> found = new HashSet<>();
        PagedIterable<Task> matches =
                new PagedIterable<>((page, size) -> checkPage(pageRequest.apply(page), page), PAGE_SIZE, 0);
        for (Task task : matches) {
            Object value = task.data() == null ? null : task.data().get(key);
            if (value != null) {
                found.add(identity(value));
            }
        }
        return found;
    }

    private Page<Task> checkPage(ApiRequest request, int page) {
        TasksApi.TaskPage answer;
        try {
            answer = transport.execute(request, TasksApi.TaskPage.class);
        } catch (NotFoundException e) {
            if (page > 1) {
                throw e; // past the last page: the end of the list
            }
            throw new NotFoundException(
                    e.getStatusCode(), e.getMethod(), e.getPath(), "project " + projectId + ": " + e.getDetail());
        }
        return new Page<>(answer.tasks == null ? List.of() : answer.tasks, answer.total);
    }

    /**
     * One page of the project's tasks, only their id and data, with data as stored (resolve_uri=false; else a key
     * such as s3://bucket/x.png comes back as a storage's proxy URL and matches nothing); the filter comes next.
     */
    private ApiRequest check(int page) {
        return ApiRequest.get("/api/tasks/")
                .query("project", projectId)
                .query("page", page)
                .query("page_size", PAGE_SIZE)
                .query("include", "id,data")
                .query("resolve_uri", "false");
    }

    /** A check with the filter in its query. */
    private ApiRequest queryCheck(List<Object> values, int page) {
        ObjectNode query = Json.mapper().createObjectNode();
        query.set("filters", filters(values));
        return check(page).query("query", serverText(query.toString()));
    }

    /** The tasks whose key is one of {@code values}. */
    private ObjectNode filters(List<Object> values) {
        ObjectNode filters = Json.mapper().createObjectNode();
        filters.put("conjunction", "and");
        ObjectNode item = filters.putArray("items").addObject();
        item.put("filter", "filter:tasks:data." + key);
        item.put("operator", "in_list");
        item.put("type", "String");
        ArrayNode list = item.putArray("value");
        values.forEach(v -> list.add(Json.mapper().valueToTree(v)));
        return filters;
    }

    /**
     * The text to send for {@code json} in a query: Label Studio decodes the {@code query} parameter once more after
     * the usual decoding ({@code unquote} in data_manager/functions.py), which would turn a key's "%20" into a space;
     * "%" is sent as "%25" so that the second decoding gives it back.
     */
    private static String serverText(String json) {
        return json.replace("%", "%25");
    }
}
