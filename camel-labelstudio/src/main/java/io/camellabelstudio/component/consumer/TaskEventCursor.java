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

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.TasksApi;
import io.camellabelstudio.client.model.Task;

/**
 * How far the tasks consumer has delivered one kind of event, and which tasks come next. The cursor is a
 * high-water mark on a column the server can filter and order by (never page numbers), so tasks added or deleted
 * while a poll runs are neither skipped nor repeated. {@link #next} does not move the mark; {@link #delivered} does,
 * one task at a time, in the order {@code next} returned them.
 */
abstract class TaskEventCursor {

    protected final TasksApi tasks;
    protected final long projectId;
    protected final TaskQuery baseQuery;
    private volatile BooleanSupplier mayAsk = () -> true;

    /** @param baseQuery fields, resolveUri, pageSize and the user's filters (conjunction "and" or a single item) */
    TaskEventCursor(TasksApi tasks, long projectId, TaskQuery baseQuery) {
        this.tasks = tasks;
        this.projectId = projectId;
        this.baseQuery = baseQuery;
    }

    /**
     * A poll asks the server for its pages only while this says yes. The consumer says no once Camel stops or
     * suspends it, so that a stop waits for the request in flight, not for the rest of a poll of many pages.
     */
    void askWhile(BooleanSupplier mayAsk) {
        this.mayAsk = mayAsk;
    }

    /** One page of a poll's listing. */
    protected List<Task> page(TaskQuery query, int pageNumber) {
        checkMayAsk();
        return tasks.page(projectId, query, pageNumber);
    }

    /** The ids of a poll's ids-only listing. */
    protected Iterable<Long> ids(TaskQuery query) {
        checkMayAsk();
        return tasks.listIds(projectId, query);
    }

    private void checkMayAsk() {
        if (!mayAsk.getAsBoolean()) {
            throw new PollStopped();
        }
    }

    /** Sets the mark from the state repository's value. */
    abstract void restore(String mark);

    /** Sets the first mark when the repository has none; may ask the server (e.g. for the newest task). */
    abstract void start(StartFrom startFrom);

    /** The mark as stored in the state repository. */
    abstract String mark();

    /** The next tasks to deliver, at most {@code limit} (0: no limit), in delivery order. */
    abstract List<Task> next(int limit);

    /** Moves the mark past a task returned by {@link #next}, after its exchange completed. */
    abstract void delivered(Task task);

    /**
     * When the task's event happened on the server: the time this cursor's event is about (created_at, updated_at or
     * completed_at); null when the task does not say.
     *
     * @throws DateTimeParseException when the server's time is not ISO-8601
     */
    abstract Instant happenedAt(Task task);

    /** A time as Label Studio writes it: ISO-8601 with an offset, or an instant. */
    static Instant parseTime(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.parse(value);
        }
    }

    /** The consumer adds "and" conditions, which cannot be joined to filters that say "or" between items. */
    static void checkFilters(TaskQuery query) {
        if (!query.acceptsAndCondition()) {
            throw new IllegalArgumentException("The filters of a labelstudio:tasks consumer must use the conjunction"
                    + " \"and\": the consumer adds its own condition (the mark) to them");
        }
    }
}
