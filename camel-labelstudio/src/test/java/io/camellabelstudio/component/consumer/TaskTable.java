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
package io.camellabelstudio.component.consumer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.StubLabelStudio;
import io.camellabelstudio.client.StubResponse;
import io.camellabelstudio.client.http.Json;

/**
 * A project's tasks for the stub server: answers {@code GET /api/tasks/} with the filters the consumer sends (id
 * greater and less, updated_at / completed_at greater-or-equal, completed_at not empty), its ordering and page numbers, so that
 * the cursors' paging can be tested on data the real server cannot easily produce (many equal timestamps).
 */
final class TaskTable {

    private final List<Map<String, Object>> tasks = new ArrayList<>();

    /** Timestamps in the server's format: "2026-01-01T00:00:SS.UUUUUUZ", ordered as strings. */
    static String at(int second, int micros) {
        return String.format("2026-01-01T00:00:%02d.%06dZ", second, micros);
    }

    synchronized Map<String, Object> add(long id, String updatedAt) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("id", id);
        task.put("data", Map.of("text", "task " + id));
        task.put("updated_at", updatedAt);
        task.put("overlap", 1);
        task.put("annotations", new ArrayList<Map<String, Object>>());
        tasks.add(task);
        return task;
    }

    /** Adds an annotation created at {@code createdAt}: the task becomes labeled, completed_at moves to it. */
    @SuppressWarnings("unchecked")
    synchronized void annotate(long id, String createdAt) {
        Map<String, Object> task = task(id);
        ((List<Map<String, Object>>) task.get("annotations"))
                .add(Map.of("created_at", createdAt, "was_cancelled", false));
        task.put("completed_at", createdAt);
        task.put("updated_at", createdAt);
        task.put("is_labeled", true);
    }

    synchronized void update(long id, String updatedAt) {
        task(id).put("updated_at", updatedAt);
    }

    private Map<String, Object> task(long id) {
        return tasks.stream()
                .filter(t -> ((Long) t.get("id")) == id)
                .findFirst()
                .orElseThrow();
    }

    void serveOn(StubLabelStudio stub) {
        stub.when("GET", "/api/tasks/", request -> {
            JsonNode query = Json.mapper().readTree(request.queryParam("query"));
            int page = Integer.parseInt(request.queryParam("page"));
            int size = Integer.parseInt(request.queryParam("page_size"));
            List<Map<String, Object>> matching;
            synchronized (this) {
                matching = tasks.stream()
                        .filter(filter(query.path("filters")))
                        .sorted(order(query.path("ordering")))
                        .map(LinkedHashMap::new)
                        .map(t -> (Map<String, Object>) t)
                        .toList();
            }
            int from = (page - 1) * size;
            if (from > 0 && from >= matching.size()) {
                return StubResponse.json(404, "{\"detail\": \"Invalid page.\"}");
            }
            List<Map<String, Object>> pageItems = matching.subList(from, Math.min(matching.size(), from + size));
            return StubResponse.json(
                    200, Json.mapper().writeValueAsString(Map.of("total", matching.size(), "tasks", pageItems)));
        });
    }

    private static Predicate<Map<String, Object>> filter(JsonNode filters) {
        Predicate<Map<String, Object>> all = t -> true;
        for (JsonNode item : filters.path("items")) {
            String column = item.path("filter").asText().replace("filter:tasks:", "");
            String operator = item.path("operator").asText();
            JsonNode value = item.path("value");
            Predicate<Map<String, Object>> condition = switch (operator) {
                case "greater" -> t -> ((Long) t.get(column)) > value.asLong();
                case "less" -> t -> ((Long) t.get(column)) < value.asLong();
                case "greater_or_equal" ->
                    t -> t.get(column) != null && t.get(column).toString().compareTo(value.asText()) >= 0;
                case "empty" -> t -> (t.get(column) == null) == value.asBoolean();
                default -> throw new IllegalArgumentException("TaskTable does not filter with " + operator);
            };
            all = all.and(condition);
        }
        return all;
    }

    private static Comparator<Map<String, Object>> order(JsonNode ordering) {
        String key = ordering.path(0).asText("tasks:id");
        boolean descending = key.startsWith("-");
        String column = key.replace("-", "").replace("tasks:", "");
        Comparator<Map<String, Object>> comparator = column.equals("id")
                ? Comparator.comparing(t -> (Long) t.get("id"))
                : Comparator.comparing(t -> String.valueOf(t.get(column)));
        return descending ? comparator.reversed() : comparator;
    }
}
