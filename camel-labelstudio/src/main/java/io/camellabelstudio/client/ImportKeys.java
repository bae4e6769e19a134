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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.Task;

/**
 * The import key of tasks (a data field that identifies a task) and the server-side check of which keys a project
 * already has. Keys compare by JSON type and value, as the server's {@code in_list} filter does: the number 5 and the
 * string "5" are different keys.
 */
final class ImportKeys {

    /** Budget for the URL-encoded query of one check: the dev server rejects request lines of about 16 KB. */
    static final int MAX_ENCODED_QUERY_CHARS = 8000;

    /** Room for the check's parameters besides {@code query}: project, page, page_size, fields, include. */
    private static final int OTHER_PARAMETERS_CHARS = 128;

    private final TasksApi tasks;
    private final String key;

    ImportKeys(TasksApi tasks, String key) {
        this.tasks = tasks;
        this.key = key;
    }

    /** The key value of a task given flat ({@code {"image": ...}}) or wrapped ({@code {"data": {"image": ...}}}). */
    Object keyOf(Map<String, ?> task, long position) {
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
        return value;
    }

    /** Comparable form of a key value: its type and its JSON text. */
    static String identity(Object value) {
        if (value instanceof Number number) {
            double d = number.doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) ? "n:" + number.longValue() : "n:" + d;
        }
        return (value instanceof Boolean ? "b:" : "s:") + value;
    }

    /** Which of {@code values} exist as this key in the project, as {@link #identity} strings; bounded requests. */
    Set<String> existing(long projectId, List<Object> values) {
        // the whole query string counts: the filter around the values and the other parameters too
        int budget =
                MAX_ENCODED_QUERY_CHARS - encodedLength(checkQuery(List.of()).toQueryJson()) - OTHER_PARAMETERS_CHARS;
        Set<String> found = new HashSet<>();
        List<Object> chunk = new ArrayList<>();
        int chunkChars = 0;
        for (Object value : values) {
            int chars = encodedLength(Json.mapper().valueToTree(value).toString() + ",");
            if (!chunk.isEmpty() && chunkChars + chars > budget) {
                found.addAll(existingInChunk(projectId, chunk));
                chunk = new ArrayList<>();
                chunkChars = 0;
            }
            chunk.add(value);
            chunkChars += chars;
        }
        if (!chunk.isEmpty()) {
            found.addAll(existingInChunk(projectId, chunk));
        }
        return found;
    }

    /**
     * The length of {@code text} in a query string as the transport encodes it: only unreserved characters stay
     * as they are, so a space takes 3 characters (%20, where URLEncoder writes +) and so does {@code *}.
     */
    private static int encodedLength(String text) {
        String encoded = URLEncoder.encode(text, StandardCharsets.UTF_8);
        int length = encoded.length();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+' || c == '*') {
                length += 2;
            }
        }
        return length;
    }

    private Set<String> existingInChunk(long projectId, List<Object> values) {
        Set<String> found = new HashSet<>();
        for (Task task : tasks.list(projectId, checkQuery(values), "id,data")) {
            Object value = task.data() == null ? null : task.data().get(key);
            if (value != null) {
                found.add(identity(value));
            }
        }
        return found;
    }

    /** The listing of the tasks whose key is one of {@code values}. */
    private TaskQuery checkQuery(List<Object> values) {
        ObjectNode filters = Json.mapper().createObjectNode();
        filters.put("conjunction", "and");
        ObjectNode item = filters.putArray("items").addObject();
        item.put("filter", "filter:tasks:data." + key);
        item.put("operator", "in_list");
        item.put("type", "String");
        ArrayNode list = item.putArray("value");
        values.forEach(v -> list.add(Json.mapper().valueToTree(v)));
        return TaskQuery.all().withFilters(filters).withPageSize(1000);
    }
}
