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

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.TasksApi;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.Task;

/**
 * Changed tasks (event updated, by {@code updated_at}) or newly labeled ones (event completed, by
 * {@code completed_at}). Timestamps are not unique and a change may commit after a later one was already read, so
 * each poll looks back {@code overlap} behind the mark and skips what it already delivered in that window (by task
 * id and timestamp). Pages are fetched by moving the lower bound to the last timestamp read (keyset paging); only a
 * page full of one timestamp moves on by page number.
 */
final class ChangedTasksCursor extends TaskEventCursor {

    private static final DateTimeFormatter FILTER_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final boolean completed;
    private final String column;
    private final Duration overlap;
    /** The newest delivered timestamp; null before the first delivery. */
    private Instant at;
    /** Changes at or before it are never delivered (startFrom); null for none. */
    private Instant floor;
    /** Tasks delivered within the overlap window, with the timestamp they were delivered at. */
    private final Map<Long, Instant> seen = new HashMap<>();

    ChangedTasksCursor(TasksApi tasks, long projectId, TaskQuery baseQuery, boolean completed, Duration overlap) {
        // completed needs the annotations to tell when a task became labeled
        super(tasks, projectId, completed ? baseQuery.withAllFields(true) : baseQuery);
        this.completed = completed;
        this.column = completed ? "completed_at" : "updated_at";
        this.overlap = overlap;
    }

    @Override
    void restore(String mark) {
        try {
            JsonNode node = Json.mapper().readTree(mark);
            if (!node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            at = instant(node.path("at"));
            floor = instant(node.path("floor"));
            seen.clear();
            for (Map.Entry<String, JsonNode> e : node.path("seen").properties()) {
                seen.put(Long.parseLong(e.getKey()), parseTime(e.getValue().asText()));
            }
        } catch (Exception e) {
            throw new IllegalStateException("The stored mark of a labelstudio:tasks consumer with event="
                    + (completed ? "completed" : "updated") + " is not the JSON it writes (" + e.getMessage()
                    + "); remove it from the state repository or use another stateKey");
        }
    }

    @Override
    void start(StartFrom startFrom) {
        seen.clear();
        switch (startFrom.kind()) {
            case BEGINNING -> {
                at = null;
                floor = null;
            }
            case INSTANT -> {
                at = null;
                floor = startFrom.instant().minusNanos(1_000); // inclusive, at the server's microsecond precision
            }
            case NOW -> {
                at = newest();
                floor = at;
            }
            case ID ->
                throw new IllegalArgumentException("startFrom=" + startFrom.id() + " is a task id, which event="
                        + (completed ? "completed" : "updated") + " does not take: use now, beginning or an ISO-8601"
                        + " instant");
        }
    }

    private Instant newest() {
        TaskQuery query = TaskQuery.all()
                .withAllFields(completed) // completed_at is sent with all fields only
                .withOrdering("-tasks:" + column)
                .withPageSize(1);
        if (completed) {
            query = query.withFilterItem(column, "empty", "Datetime", false);
        }
        List<Task> page = tasks.page(projectId, query, 1);
        return page.isEmpty() ? null : timestamp(page.get(0), true);
    }

    @Override
    String mark() {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("at", at == null ? null : at.toString());
        node.put("floor", floor == null ? null : floor.toString());
        ObjectNode seenNode = node.putObject("seen");
        seen.forEach((id, ts) -> seenNode.put(Long.toString(id), ts.toString()));
        return node.toString();
    }

    @Override
    List<Task> next(int limit) {
        Instant low = at == null ? floor : at.minus(overlap);
        if (floor != null && low != null && low.isBefore(floor)) {
            low = floor;
        }
        List<Task> found = new ArrayList<>();
        Set<Long> taken = new HashSet<>();
        Instant pageLow = low;
        int pageNumber = 1;
        while (true) {
            TaskQuery query = pageLow == null
                    ? (completed ? baseQuery.withFilterItem(column, "empty", "Datetime", false) : baseQuery)
                    : baseQuery.withFilterItem(column, "greater_or_equal", "Datetime", FILTER_FORMAT.format(pageLow));
            List<Task> page = page(query.withOrdering("tasks:" + column), pageNumber);
            for (Task task : page) {
                if (isNew(task, low) && taken.add(task.id())) {
                    found.add(task);
                    if (limit > 0 && found.size() == limit) {
                        return found;
                    }
                }
            }
            if (page.size() < baseQuery.pageSize()) {
                return found;
            }
            Instant last = timestamp(page.get(page.size() - 1), false);
            if (last == null || last.equals(pageLow)) {
                pageNumber++; // a page full of one timestamp: the next page of the same bound
            } else {
                pageLow = last;
                pageNumber = 1;
            }
        }
    }

    private boolean isNew(Task task, Instant low) {
        Instant ts = timestamp(task, false);
        if (ts == null) {
            return false;
        }
        if (completed) {
            // once per task: a task labeled again later (another annotation) moves its completed_at, not its
            // labeling time
            Instant labeledAt = labeledAt(task);
            return !seen.containsKey(task.id())
                    && (floor == null || labeledAt.isAfter(floor))
                    && (low == null || !labeledAt.isBefore(low));
        }
        return (floor == null || ts.isAfter(floor)) && !ts.equals(seen.get(task.id()));
    }

    @Override
    void delivered(Task task) {
        Instant ts = timestamp(task, true);
        if (at == null || ts.isAfter(at)) {
            at = ts;
        }
        seen.put(task.id(), ts);
        Instant windowStart = at.minus(overlap);
        seen.values().removeIf(t -> t.isBefore(windowStart));
    }

    /** When the task became labeled: the creation of the annotation that reached its overlap. */
    private Instant labeledAt(Task task) {
        List<Instant> times = new ArrayList<>();
        if (task.annotations() != null) {
            for (Map<String, Object> annotation : task.annotations()) {
                Object createdAt = annotation.get("created_at");
                if (!Boolean.TRUE.equals(annotation.get("was_cancelled")) && createdAt != null) {
                    times.add(parseTime(createdAt.toString()));
                }
            }
        }
        int needed = task.overlap() == null ? 1 : Math.max(1, task.overlap());
        times.sort(null);
        return times.size() >= needed ? times.get(needed - 1) : timestamp(task, true);
    }

    @Override
    Instant happenedAt(Task task) {
        return timestamp(task, false);
    }

    private Instant timestamp(Task task, boolean required) {
        String value = completed ? task.completedAt() : task.updatedAt();
        if (value == null) {
            if (required) {
                throw new IllegalStateException("Task " + task.id() + " has no " + column);
            }
            return null;
        }
        return parseTime(value);
    }

    private static Instant instant(JsonNode node) {
        return node.isTextual() ? parseTime(node.asText()) : null;
    }
}
