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

import java.util.List;
import java.util.Objects;

/**
 * One page of a project's tasks with the totals of the whole filtered selection, as the Python SDK's
 * {@code get_paginated_tasks} returns it ({@code tasks}, {@code total}, {@code total_annotations},
 * {@code total_predictions}). A page past the last one has no tasks.
 *
 * @param tasks the page's tasks
 * @param page the page number, from 1
 * @param total tasks in the filtered selection
 * @param totalAnnotations annotations of those tasks; null when the server did not say
 * @param totalPredictions predictions of those tasks; null when the server did not say
 */
public record TaskPageResult(List<Task> tasks, int page, long total, Long totalAnnotations, Long totalPredictions) {

    public TaskPageResult {
        tasks = List.copyOf(Objects.requireNonNull(tasks, "tasks"));
    }

    /** Whether this page is past the last one (the SDK's {@code end_pagination}). */
    public boolean endOfPagination() {
        return tasks.isEmpty();
    }
}
