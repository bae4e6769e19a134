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
package io.camellabelstudio.springboot.example;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.camellabelstudio.client.model.Task;

/**
 * What downstream systems get of a labeled task: its id, source and text, and the label of its newest annotation
 * that was not cancelled (the first choice of its first result that has one).
 */
public record CompletedTask(long taskId, Object source, Object text, String label, String completedAt) {

    public static CompletedTask of(Task task) {
        Map<String, Object> data = task.data() == null ? Map.of() : task.data();
        Optional<Map<String, Object>> newest = Optional.ofNullable(task.annotations()).stream()
                .flatMap(List::stream)
                .filter(annotation -> !Boolean.TRUE.equals(annotation.get("was_cancelled")))
                .max(Comparator.comparingLong(annotation -> ((Number) annotation.get("id")).longValue()));
        return new CompletedTask(
                task.id(),
                data.get("source"),
                data.get("text"),
                newest.map(CompletedTask::label).orElse(null),
                task.completedAt());
    }

    private static String label(Map<String, Object> annotation) {
        if (annotation.get("result") instanceof List<?> results) {
            for (Object result : results) {
                if (result instanceof Map<?, ?> item
                        && item.get("value") instanceof Map<?, ?> value
                        && value.get("choices") instanceof List<?> choices
                        && !choices.isEmpty()) {
                    return String.valueOf(choices.get(0));
                }
            }
        }
        return null;
    }
}
