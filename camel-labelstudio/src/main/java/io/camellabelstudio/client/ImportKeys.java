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

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.http.ApiTransport;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.http.RequestLine;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.client.paging.Page;
import io.camellabelstudio.client.paging.PagedIterable;

/**
 * The import key of tasks (a data field that identifies a task) and the server-side check of which keys a project
 * already has: {@code GET /api/tasks/} with a Data Manager {@code in_list} filter of the keys. The keys travel in the
 * query string, so each check request is cut to fit the request line an application server accepts (gunicorn: 4094
 * bytes), measured as the transport sends it. Keys compare by JSON type and value, as the server's {@code in_list}
 * filter does: the number 5 and the string "5" are different keys.
 */
final class ImportKeys {

    /**
     * The longest request line a check may have: gunicorn's limit less a margin, for a page number with more digits
     * than the one measured and for proxies that add to the line.
     */
    static final int REQUEST_LINE_BUDGET = RequestLine.GUNICORN_LIMIT - 94;

    /** Tasks per page of a check: more than a check has keys, so a check is one request unless keys repeat. */
    static final int PAGE_SIZE = 1000;

    /** The page number the request lines are measured with: a one-page check's, and the margin covers more digits. */
    private static final int MEASURED_PAGE = 1;

    private final ApiTransport transport;
    private final long projectId;
    private final String key;
    /** The request line of a check without any key: what every key's share is added to. */
    private final int emptyCheckLength;
    /** What a comma between two keys adds. */
    private final int separatorLength;

    ImportKeys(ApiTransport transport, long projectId, String key) {
        this.transport = transport;
        this.projectId = projectId;
        this.key = key;
        this.emptyCheckLength = RequestLine.length(transport, checkRequest(List.of(), MEASURED_PAGE));
        this.separatorLength = RequestLine.queryValueLength(transport, ",");
    }

    /** A task's import key: its value, its {@link #identity} and its share of a check's request line. */
    record Key(Object value, String identity, int checkLength) {}

    /**
     * The key of a task given flat ({@code {"image": ...}}) or wrapped ({@code {"data": {"image": ...}}}); fails,
     * naming the task's position, when it has none, or one that no check request could carry.
     */
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
        if (emptyCheckLength + length > REQUEST_LINE_BUDGET) {
            throw new IllegalArgumentException("Task #" + position + ": the value of the import key '" + key
                    + "' is too"
                    + " long to check with the server: the check request (GET /api/tasks/) would have a request line of "
                    + (emptyCheckLength + length) + " bytes, and servers refuse more than "
                    + RequestLine.GUNICORN_LIMIT + " (gunicorn's default limit_request_line); the value has "
                    + String.valueOf(value).length() + " characters. Use a shorter field as importKey, e.g. a hash");
        }
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

    /** Which of {@code keys} exist in the project, as {@link #identity} strings; one request per budget's worth. */
    Set<String> existing(List<Key> keys) {
        Set<String> found = new HashSet<>();
        List<Object> chunk = new ArrayList<>();
        int chunkLength = emptyCheckLength;
        for (Key candidate : keys) {
            int added = candidate.checkLength() + (chunk.isEmpty() ? 0 : separatorLength);
            if (!chunk.isEmpty() && chunkLength + added > REQUEST_LINE_BUDGET) {
                found.addAll(existingIn(chunk));
                chunk = new ArrayList<>();
                chunkLength = emptyCheckLength;
                added = candidate.checkLength();
            }
            chunk.add(candidate.value());
            chunkLength += added;
        }
        if (!chunk.isEmpty()) {
            found.addAll(existingIn(chunk));
        }
        return found;
    }

    private Set<String> existingIn(List<Object> values) {
        // the budget was computed from each key's share; the request itself is the one measure that counts
        int length = RequestLine.length(transport, checkRequest(values, MEASURED_PAGE));
        if (length > REQUEST_LINE_BUDGET) {
            throw new IllegalStateException("The import key check of " + values.size()
                    + " key(s) has a request line of " + length + " bytes, over its budget of " + REQUEST_LINE_BUDGET);
        }
        Set<String> found = new HashSet<>();
        PagedIterable<Task> matches = new PagedIterable<>((page, size) -> checkPage(values, page), PAGE_SIZE, 0);
        for (Task task : matches) {
            Object value = task.data() == null ? null : task.data().get(key);
            if (value != null) {
                found.add(identity(value));
            }
        }
        return found;
    }

    private Page<Task> checkPage(List<Object> values, int page) {
        TasksApi.TaskPage answer;
        try {
            answer = transport.execute(checkRequest(values, page), TasksApi.TaskPage.class);
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
     * The tasks whose key is one of {@code values}: only their id and data, with data as stored (resolve_uri=false;
     * else a key such as s3://bucket/x.png comes back as a storage's proxy URL and matches nothing).
     */
    private ApiRequest checkRequest(List<Object> values, int page) {
        ObjectNode query = Json.mapper().createObjectNode();
        ObjectNode filters = query.putObject("filters");
        filters.put("conjunction", "and");
        ObjectNode item = filters.putArray("items").addObject();
        item.put("filter", "filter:tasks:data." + key);
        item.put("operator", "in_list");
        item.put("type", "String");
        ArrayNode list = item.putArray("value");
        values.forEach(v -> list.add(Json.mapper().valueToTree(v)));
        return ApiRequest.get("/api/tasks/")
                .query("project", projectId)
                .query("page", page)
                .query("page_size", PAGE_SIZE)
                .query("include", "id,data")
                .query("resolve_uri", "false")
                .query("query", serverText(query.toString()));
    }

    /**
     * The text to send for {@code json}: Label Studio decodes the {@code query} parameter once more after the usual
     * decoding ({@code unquote} in data_manager/functions.py), which would turn a key's "%20" into a space; "%" is
     * sent as "%25" so that the second decoding gives it back.
     */
    private static String serverText(String json) {
        return json.replace("%", "%25");
    }
}
