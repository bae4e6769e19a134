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
package io.camellabelstudio.component.transform;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.Message;
import org.apache.camel.spi.DataType;
import org.apache.camel.spi.DataTypeTransformer;
import org.apache.camel.spi.Transformer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.ApiObject;

/**
 * {@code labelstudio:flat-task}: a labeled task (as the {@code tasks} consumer's {@code completed} event or a listing
 * with {@code fields=all} gives it) becomes one flat record for a downstream system, e.g. one JSON line:
 *
 * <pre>
 * {"task_id": 17, "text": "...", "source": "s3://bucket/key", "label": "Positive", "annotation_id": 9,
 *  "annotator": 1, "completed_at": "2026-11-28T16:20:31.123456Z"}
 * </pre>
 *
 * The task's data fields come first, as they are (a data field named like a record field is kept as
 * {@code data_<name>}). {@code label} is the first choice (or label, rectangle label, taxonomy item) of the first result
 * that has one, in the task's newest annotation that was not cancelled (the highest id); {@code annotator} is the id of
 * its author; all three are null for a task without such an annotation. {@code completed_at} is the task's, else the
 * annotation's creation time. The body may be a {@code Task}, a Map or the task's JSON text.
 */
@DataTypeTransformer(
        name = "labelstudio:flat-task",
        description = "Turns a labeled task into a flat record {task_id, <data fields>, label, annotation_id,"
                + " annotator, completed_at}")
public class FlatTaskTransformer extends Transformer {

    private static final ObjectMapper JSON = Json.mapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final Set<String> RECORD_FIELDS =
            Set.of("task_id", "label", "annotation_id", "annotator", "completed_at");
    private static final List<String> LABEL_KINDS = List.of("choices", "labels", "rectanglelabels", "taxonomy");

    @Override
    public void transform(Message message, DataType from, DataType to) throws Exception {
        message.setBody(record(task(message)));
    }

    private static Map<String, Object> task(Message message) throws Exception {
        Object body = message.getBody();
        if (body instanceof ApiObject || body instanceof Map<?, ?>) {
            return JSON.convertValue(message.getMandatoryBody(Map.class), MAP); // a Task through the type converter
        }
        return JSON.convertValue(EventJson.read(message, "a Label Studio task"), MAP);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> record(Map<String, Object> task) {
        if (task.get("id") == null) {
            throw new IllegalArgumentException("Not a Label Studio task (no id): fields " + task.keySet());
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("task_id", task.get("id"));
        if (task.get("data") instanceof Map<?, ?> data) {
            ((Map<String, Object>) data)
                    .forEach((name, value) -> record.put(RECORD_FIELDS.contains(name) ? "data_" + name : name, value));
        }
        Optional<Map<String, Object>> newest = newestAnnotation(task.get("annotations"));
        record.put("label", newest.map(FlatTaskTransformer::label).orElse(null));
        record.put("annotation_id", newest.map(a -> a.get("id")).orElse(null));
        record.put("annotator", newest.map(FlatTaskTransformer::annotator).orElse(null));
        Object completedAt = task.get("completed_at");
        record.put(
                "completed_at",
                completedAt != null
                        ? completedAt
                        : newest.map(a -> a.get("created_at")).orElse(null));
        return record;
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> newestAnnotation(Object annotations) {
        if (!(annotations instanceof List<?> list)) {
            return Optional.empty();
        }
        return list.stream()
                .filter(a -> a instanceof Map<?, ?>)
                .map(a -> (Map<String, Object>) a)
                .filter(a -> !Boolean.TRUE.equals(a.get("was_cancelled")))
                .max(Comparator.comparingLong(a -> a.get("id") instanceof Number n ? n.longValue() : 0L));
    }

    /** The first choice or label of the annotation's first result that has one. */
    private static String label(Map<String, Object> annotation) {
        if (!(annotation.get("result") instanceof List<?> result)) {
            return null;
        }
        for (Object item : result) {
            if (item instanceof Map<?, ?> map && map.get("value") instanceof Map<?, ?> value) {
                for (String kind : LABEL_KINDS) {
                    if (value.get(kind) instanceof List<?> labels && !labels.isEmpty()) {
                        Object first = labels.get(0);
                        // taxonomy values are paths: a list of the levels' names
                        return first instanceof List<?> path && !path.isEmpty()
                                ? String.valueOf(path.get(path.size() - 1))
                                : String.valueOf(first);
                    }
                }
            }
        }
        return null;
    }

    /** The annotator's user id ({@code completed_by} is an id, or a user object in some listings). */
    private static Object annotator(Map<String, Object> annotation) {
        Object by = annotation.get("completed_by");
        return by instanceof Map<?, ?> user ? user.get("id") : by;
    }
}
