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
package io.camellabelstudio.examples;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.camellabelstudio.client.model.Task;

/**
 * The completed-to-downstream route's record of a labeled task: a compact, flat map, written as one JSON line.
 *
 * <pre>
 * {"task_id": 17, "source": "file:reviews.csv#3", "text": "...", "label": "Positive", "annotation_id": 9,
 *  "annotator": 1, "completed_at": "2026-11-28T16:20:31.123456Z"}
 * </pre>
 *
 * {@code label} comes from the task's newest annotation that was not cancelled (the highest id): the first choice
 * (or label) of its first result; null when it has none. {@code annotator} is the id of the user who made it.
 */
public class CompletedTasks {

    /** The record of a task read with {@code fields=all} (the consumer's {@code completed} event). */
    public Map<String, Object> record(Task task) {
        Map<String, Object> data = task.data() == null ? Map.of() : task.data();
        Optional<Map<String, Object>> newest = task.annotations() == null
                ? Optional.empty()
                : task.annotations().stream()
                        .filter(a -> !Boolean.TRUE.equals(a.get("was_cancelled")))
                        .max(Comparator.comparingLong(a -> ((Number) a.getOrDefault("id", 0L)).longValue()));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("task_id", task.id());
        record.put("source", data.get("source"));
        record.put("text", data.get("text"));
        record.put("label", newest.map(CompletedTasks::label).orElse(null));
        record.put("annotation_id", newest.map(a -> a.get("id")).orElse(null));
        record.put("annotator", newest.map(CompletedTasks::annotator).orElse(null));
        record.put(
                "completed_at",
                task.completedAt() != null
                        ? task.completedAt()
                        : newest.map(a -> a.get("created_at")).orElse(null));
        return record;
    }

    /** The first choice or label of the annotation's first result that has one. */
    @SuppressWarnings("unchecked")
    static String label(Map<String, Object> annotation) {
        if (!(annotation.get("result") instanceof List<?> result)) {
            return null;
        }
        for (Object item : result) {
            if (item instanceof Map<?, ?> map && map.get("value") instanceof Map<?, ?> value) {
                for (String kind : List.of("choices", "labels", "rectanglelabels", "taxonomy")) {
                    if (value.get(kind) instanceof List<?> labels && !labels.isEmpty()) {
                        return String.valueOf(labels.get(0));
                    }
                }
            }
        }
        return null;
    }

    /** The annotator's user id ({@code completed_by} is an id, or a user object in some listings). */
    static Object annotator(Map<String, Object> annotation) {
        Object by = annotation.get("completed_by");
        return by instanceof Map<?, ?> user ? user.get("id") : by;
    }
}
