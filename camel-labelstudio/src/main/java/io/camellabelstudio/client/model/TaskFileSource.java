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
package io.camellabelstudio.client.model;

import java.util.Map;

/**
 * The part of a task {@link io.camellabelstudio.client.TaskFilesDownloader} looks at: its id and its {@code data} map
 * (field name to value, as in the task's JSON).
 *
 * @param taskId the task's id; it prefixes the names of the files written
 * @param data the task's {@code data}; null is treated as empty
 */
public record TaskFileSource(long taskId, Map<String, ?> data) {

    public TaskFileSource {
        data = data == null ? Map.of() : data;
    }

    /**
     * The id and data of a task as Label Studio sends it ({@code {"id": 12, "data": {...}, ...}}), e.g. one element of
     * a JSON export read into maps.
     *
     * @throws IllegalArgumentException when the task has no numeric {@code id}, or a {@code data} that is not an object
     */
    public static TaskFileSource fromTask(Map<String, ?> task) {
        if (task == null) {
            throw new IllegalArgumentException("task is null");
        }
        Object id = task.get("id");
        long taskId;
        if (id instanceof Number number) {
            taskId = number.longValue();
        } else if (id instanceof String text && !text.isBlank()) {
            try {
                taskId = Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("task id is not a number: " + text, e);
            }
        } else {
            throw new IllegalArgumentException("task has no numeric \"id\" (fields: " + task.keySet() + ")");
        }
        Object data = task.get("data");
        if (data != null && !(data instanceof Map)) {
            throw new IllegalArgumentException("the \"data\" of task " + taskId + " is not an object but "
                    + data.getClass().getSimpleName());
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> dataMap = (Map<String, ?>) data;
        return new TaskFileSource(taskId, dataMap);
    }
}
