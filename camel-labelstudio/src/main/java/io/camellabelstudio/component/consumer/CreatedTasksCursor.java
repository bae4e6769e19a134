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
import java.util.List;

import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.TasksApi;
import io.camellabelstudio.client.model.Task;

/**
 * New tasks, in id order. Task ids only grow, so the mark is the last delivered id and each page asks for ids
 * greater than the last one fetched.
 */
final class CreatedTasksCursor extends TaskEventCursor {

    private long lastId;

    CreatedTasksCursor(TasksApi tasks, long projectId, TaskQuery baseQuery) {
        super(tasks, projectId, baseQuery);
    }

    @Override
    void restore(String mark) {
        try {
            lastId = Long.parseLong(mark.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("The stored mark '" + mark + "' of a labelstudio:tasks consumer with"
                    + " event=created is not a task id; remove it from the state repository or use another"
                    + " stateKey");
        }
    }

    @Override
    void start(StartFrom startFrom) {
        lastId = switch (startFrom.kind()) {
            case BEGINNING -> 0;
            case ID -> startFrom.id() - 1;
            case NOW -> newestId();
            case INSTANT ->
                throw new IllegalArgumentException("startFrom=" + startFrom.instant() + " is an instant,"
                        + " which event=created does not take: use now, beginning or a task id");
        };
    }

    private long newestId() {
        TaskQuery newest = TaskQuery.all()
                .withOrdering("-tasks:id")
                .withOnlyIds(true)
                .withPageSize(1)
                .withMaxResults(1);
        for (Long id : tasks.listIds(projectId, newest)) {
            return id;
        }
        return 0;
    }

    @Override
    String mark() {
        return Long.toString(lastId);
    }

    @Override
    List<Task> next(int limit) {
        List<Task> found = new ArrayList<>();
        long after = lastId;
        while (limit == 0 || found.size() < limit) {
            int size = limit == 0 ? baseQuery.pageSize() : Math.min(baseQuery.pageSize(), limit - found.size());
            TaskQuery query = baseQuery
                    .withFilterItem("id", "greater", "Number", after)
                    .withOrdering("tasks:id")
                    .withPageSize(size);
            List<Task> page = tasks.page(projectId, query, 1);
            found.addAll(page);
            if (page.size() < size) {
                break;
            }
            after = page.get(page.size() - 1).id();
        }
        return found;
    }

    @Override
    void delivered(Task task) {
        lastId = Math.max(lastId, task.id());
    }
}
