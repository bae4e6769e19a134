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
import java.time.format.DateTimeParseException;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.component.LabelStudioConfiguration;
import io.camellabelstudio.component.LabelStudioConstants;
import io.camellabelstudio.component.LabelStudioEndpoint;
import io.camellabelstudio.component.TaskEvent;
import io.camellabelstudio.component.TaskFields;
import io.camellabelstudio.component.metrics.LabelStudioMetrics;

/**
 * {@code from("labelstudio:tasks?projectId=…&event=created|updated|completed")}: one exchange per new, changed or
 * newly labeled task, in cursor order. The mark moves past a task only after its exchange completed without an
 * exception, so a failed task comes again at the next poll and nothing after it is skipped.
 */
public class LabelStudioTasksConsumer extends OrderedBatchConsumer<Task> {

    private static final Logger LOG = LoggerFactory.getLogger(LabelStudioTasksConsumer.class);

    private TaskEvent event;
    private long projectId;
    private StartFrom startFrom;
    private TaskQuery baseQuery;
    private MarkStore marks;
    private TaskEventCursor cursor;
    private boolean positioned;
    private LabelStudioMetrics metrics;

    public LabelStudioTasksConsumer(LabelStudioEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public LabelStudioEndpoint getEndpoint() {
        return (LabelStudioEndpoint) super.getEndpoint();
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        LabelStudioConfiguration config = getEndpoint().getConfiguration();
        if (config.getProjectId() == null) {
            throw new IllegalArgumentException("The labelstudio:tasks consumer needs the projectId option");
        }
        projectId = config.getProjectId();
        event = config.getEvent() == null ? TaskEvent.CREATED : config.getEvent();
        startFrom = StartFrom.parse(config.getStartFrom());
        if (config.getPollOverlap() < 0) {
            throw new IllegalArgumentException(
                    "pollOverlap must be 0 or more milliseconds, was " + config.getPollOverlap());
        }
        if (config.getLateCommitWindow() < 0) {
            throw new IllegalArgumentException(
                    "lateCommitWindow must be 0 or more milliseconds, was " + config.getLateCommitWindow());
        }
        if (config.getMaxMessagesPerPoll() < 0) {
            throw new IllegalArgumentException(
                    "maxMessagesPerPoll must be 0 (no limit) or more, was " + config.getMaxMessagesPerPoll());
        }
        setMaxMessagesPerPoll(config.getMaxMessagesPerPoll());
        String key = config.getStateKey() != null && !config.getStateKey().isBlank()
                ? config.getStateKey()
                : MarkStore.defaultKey("tasks", projectId, event.toString());
        marks = new MarkStore(config.getStateRepository(), key);
        baseQuery = queryOf(config); // fails here, at start, on bad filters or fields
    }

    private static TaskQuery queryOf(LabelStudioConfiguration config) {
        TaskFields fields = config.getFields() == null ? TaskFields.TASK_ONLY : config.getFields();
        TaskQuery query;
        try {
            query = TaskQuery.all().withFilters(config.getFilters());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The filters option is invalid: " + e.getMessage(), e);
        }
        query = query.withAllFields(fields == TaskFields.ALL)
                .withResolveUri(config.getResolveUri())
                .withOmitFields(config.omitFieldList())
                .withPageSize(config.getPageSize());
        TaskEventCursor.checkFilters(query);
        return query;
    }

    @Override
    protected void doStart() throws Exception {
        LabelStudioConfiguration config = getEndpoint().getConfiguration();
        var tasks = getEndpoint().getClient().tasks();
        cursor = event == TaskEvent.CREATED
                ? new CreatedTasksCursor(tasks, projectId, baseQuery, Duration.ofMillis(config.getLateCommitWindow()))
                : new ChangedTasksCursor(
                        tasks,
                        projectId,
                        baseQuery,
                        event == TaskEvent.COMPLETED,
                        Duration.ofMillis(config.getPollOverlap()));
        cursor.askWhile(this::isBatchAllowed);
        positioned = false;
        metrics = getEndpoint().getComponent().metrics();
        ServiceHelper.startService(marks);
        positionAtStart();
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        ServiceHelper.stopService(marks);
    }

    @Override
    protected List<Task> fetch() {
        position();
        String before = cursor.mark();
        List<Task> next;
        try {
            next = cursor.next(getMaxMessagesPerPoll());
        } catch (PollStopped e) {
            LOG.debug("{} ends its poll before the next page: {}", describe(), e.getMessage());
            next = List.of();
        }
        String after = cursor.mark();
        if (!after.equals(before)) {
            marks.set(after); // event=created gave up gaps
        }
        return next;
    }

    /**
     * startFrom=now means when the route starts, not at its first poll (which may come seconds later on a busy
     * machine): a task created or completed in between would fall before the mark and never be delivered. A server
     * that cannot be reached yet must not stop the route from starting, so then the first poll positions instead.
     */
    private void positionAtStart() {
        try {
            position();
        } catch (RuntimeException e) {
            LOG.warn(
                    "{} could not take its start position now ({}); it takes it at its first poll",
                    describe(),
                    e.getMessage());
        }
    }

    /** Takes the stored mark, or without one the startFrom position (which may ask the server). */
    private void position() {
        if (positioned) {
            return;
        }
        String stored = marks.get();
        if (stored != null) {
            cursor.restore(stored);
            LOG.debug("{} resumes from its stored mark {}", describe(), stored);
        } else {
            cursor.start(startFrom);
            marks.set(cursor.mark());
            LOG.debug("{} starts from {}: mark {}", describe(), startFrom.kind(), cursor.mark());
        }
        positioned = true;
    }

    @Override
    protected void fill(Exchange exchange, Task task) {
        exchange.getIn().setHeader(LabelStudioConstants.PROJECT_ID, projectId);
        exchange.getIn().setHeader(LabelStudioConstants.TASK_ID, task.id());
        exchange.getIn().setHeader(LabelStudioConstants.EVENT_TYPE, event.toString());
        exchange.getIn().setHeader(LabelStudioConstants.TASK_UPDATED_AT, task.updatedAt());
        exchange.getIn().setBody(task);
        recordLag(task);
    }

    /** From the event's time on the server (the time the cursor orders by) to this exchange. */
    private void recordLag(Task task) {
        if (metrics == LabelStudioMetrics.NONE) {
            return;
        }
        try {
            Instant happened = cursor.happenedAt(task);
            if (happened != null) {
                Duration lag = Duration.between(happened, Instant.now());
                metrics.consumerLag(getRouteId(), getEndpoint().getEndpointBaseUri(), projectId, event.toString(), lag);
            }
        } catch (DateTimeParseException e) {
            LOG.debug("{}: no lag recorded for task {}, its time is not ISO-8601", describe(), task.id());
        }
    }

    @Override
    protected void delivered(Task task) {
        cursor.delivered(task);
        marks.set(cursor.mark());
    }

    @Override
    protected String describe(Task task) {
        return "task " + task.id();
    }

    /** The key under which this consumer keeps its mark. */
    public String getStateKey() {
        return marks.key();
    }

    @Override
    protected String describe() {
        return "labelstudio:tasks consumer (projectId=" + projectId + ", event=" + event + ")";
    }

    @Override
    public String toString() {
        return "LabelStudioTasksConsumer["
                + URISupport.sanitizeUri(getEndpoint().getEndpointUri()) + "]";
    }
}
