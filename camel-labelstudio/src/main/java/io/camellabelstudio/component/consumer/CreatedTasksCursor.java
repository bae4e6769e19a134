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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.TasksApi;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.component.consumer.CreatedTasksMark.Gap;

/**
 * New tasks, by id. Ids are taken in order but need not become visible in order: on PostgreSQL a task created by a
 * storage sync or {@code POST /api/tasks} can commit after a task with a higher id was listed. So the mark keeps the
 * ids skipped below the highest delivered one as gaps ({@link CreatedTasksMark}), and each poll, before it asks for
 * ids above the highest, lists the ids in the gaps (ids only) and fetches the tasks that appeared there. A gap is
 * given up once nothing appeared in it for {@code lateCommitWindow} after the task above it was created (its
 * {@code created_at}, Label Studio's clock): most gaps never fill (other projects' ids, rolled-back inserts, tasks
 * deleted before they were seen). So a backlog of old tasks (startFrom=beginning, a consumer that was down) keeps no
 * gaps. A poll delivers in id order: late tasks first, then new ones.
 */
final class CreatedTasksCursor extends TaskEventCursor {

    private static final Logger LOG = LoggerFactory.getLogger(CreatedTasksCursor.class);

    /** The most gaps a mark keeps (about 30 bytes each in the mark). */
    static final int MAX_GAPS = 1000;

    /** Ids per request of the gap check: ids-only pages are small (about 10 bytes an id). */
    static final int GAP_CHECK_PAGE_SIZE = 1000;

    private final Duration lateCommitWindow;
    private final Clock clock;
    private final int maxGaps;
    private CreatedTasksMark mark;
    private long gapsGivenUp;
    private long gapsDropped;

    CreatedTasksCursor(TasksApi tasks, long projectId, TaskQuery baseQuery, Duration lateCommitWindow) {
        this(tasks, projectId, baseQuery, lateCommitWindow, Clock.systemUTC(), MAX_GAPS);
    }

    CreatedTasksCursor(
            TasksApi tasks, long projectId, TaskQuery baseQuery, Duration lateCommitWindow, Clock clock, int maxGaps) {
        super(tasks, projectId, baseQuery);
        this.lateCommitWindow = lateCommitWindow;
        this.clock = clock;
        this.maxGaps = maxGaps;
        this.mark = CreatedTasksMark.settled(0, maxGaps);
    }

    @Override
    void restore(String stored) {
        mark = CreatedTasksMark.parse(stored, maxGaps);
    }

    @Override
    void start(StartFrom startFrom) {
        long settled = switch (startFrom.kind()) {
            case BEGINNING -> 0;
            case ID -> startFrom.id() - 1;
            case NOW -> newestId();
            case INSTANT ->
                throw new IllegalArgumentException("startFrom=" + startFrom.instant() + " is an instant,"
                        + " which event=created does not take: use now, beginning or a task id");
        };
        mark = CreatedTasksMark.settled(settled, maxGaps);
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
        return mark.toString();
    }

    @Override
    List<Task> next(int limit) {
        reportDropped();
        List<Task> found = new ArrayList<>();
        if (mark.hasGaps()) {
            found.addAll(lateTasks(limit));
        }
        if (limit == 0 || found.size() < limit) {
            found.addAll(tasksAbove(mark.max(), limit == 0 ? 0 : limit - found.size()));
        }
        return found;
    }

    /**
     * The tasks that appeared in the gaps, in id order, at most {@code limit}; gives up the gaps that stayed empty
     * for the window. A gap with a visible task is kept even past the window, until the task is delivered: a task
     * whose route keeps failing is never skipped.
     */
    private List<Task> lateTasks(int limit) {
        Instant now = clock.instant();
        NavigableSet<Long> appeared = idsInGaps();
        List<Gap> filled = new ArrayList<>();
        for (Gap gap : mark.gaps()) {
            if (!appeared.subSet(gap.from(), true, gap.to(), true).isEmpty()) {
                filled.add(gap);
            } else if (!now.isBefore(Instant.ofEpochSecond(gap.since()).plus(lateCommitWindow))) {
                mark.giveUp(gap);
                gapsGivenUp++;
                LOG.debug(
                        "Project {}: gave up {}: no task appeared there within lateCommitWindow={} ({} gaps given up"
                                + " so far)",
                        projectId,
                        gap,
                        lateCommitWindow,
                        gapsGivenUp);
            }
        }
        List<Task> found = new ArrayList<>();
        for (Gap gap : filled) {
            if (limit > 0 && found.size() >= limit) {
                break;
            }
            // every visible task in a gap is undelivered: fetch the gap's range, not the delivered tasks around it
            List<Task> late = tasksBetween(gap.from() - 1, gap.to() + 1, limit == 0 ? 0 : limit - found.size());
            late.forEach(task -> LOG.debug(
                    "Project {}: task {} became visible after task {} (a late commit)",
                    projectId,
                    task.id(),
                    mark.max()));
            found.addAll(late);
        }
        return found;
    }

    /** The ids of visible tasks that lie in a gap: an ids-only listing of the range the gaps span. */
    private NavigableSet<Long> idsInGaps() {
        List<Gap> gaps = mark.gaps();
        long after = gaps.get(0).from() - 1;
        long before = gaps.get(gaps.size() - 1).to() + 1;
        NavigableSet<Long> appeared = new TreeSet<>();
        while (true) {
            TaskQuery query = baseQuery
                    .withAllFields(false)
                    .withFilterItem("id", "greater", "Number", after)
                    .withFilterItem("id", "less", "Number", before)
                    .withOrdering("tasks:id")
                    .withPageSize(GAP_CHECK_PAGE_SIZE)
                    .withMaxResults(GAP_CHECK_PAGE_SIZE)
                    .withPrefetch(false);
            int count = 0;
            for (Long id : ids(query)) {
                count++;
                after = id;
                if (mark.gapOf(id) != null) {
                    appeared.add(id);
                }
            }
            if (count < GAP_CHECK_PAGE_SIZE) {
                return appeared;
            }
        }
    }

    private List<Task> tasksAbove(long after, int limit) {
        return tasksBetween(after, 0, limit);
    }

    /**
     * Tasks with {@code after < id < before} (no upper bound when {@code before} is 0) in id order, at most
     * {@code limit} (0: all); pages by the last id read, never by page number.
     */
    private List<Task> tasksBetween(long after, long before, int limit) {
        List<Task> found = new ArrayList<>();
        long from = after;
        while (limit == 0 || found.size() < limit) {
            int size = limit == 0 ? baseQuery.pageSize() : Math.min(baseQuery.pageSize(), limit - found.size());
            TaskQuery query = baseQuery.withFilterItem("id", "greater", "Number", from);
            if (before > 0) {
                query = query.withFilterItem("id", "less", "Number", before);
            }
            List<Task> page = page(query.withOrdering("tasks:id").withPageSize(size), 1);
            found.addAll(page);
            if (page.size() < size) {
                break;
            }
            from = page.get(page.size() - 1).id();
        }
        return found;
    }

    @Override
    Instant happenedAt(Task task) {
        return task.createdAt() == null ? null : parseTime(task.createdAt());
    }

    @Override
    void delivered(Task task) {
        Instant now = clock.instant();
        Instant opened = createdAt(task, now);
        boolean keep = !lateCommitWindow.isZero() && now.isBefore(opened.plus(lateCommitWindow));
        if (!keep && !lateCommitWindow.isZero() && task.id() > mark.max() + 1) {
            gapsGivenUp++;
            LOG.debug(
                    "Project {}: task {} was created more than lateCommitWindow={} ago: {} below it not waited for",
                    projectId,
                    task.id(),
                    lateCommitWindow,
                    new Gap(mark.max() + 1, task.id() - 1, 0));
        }
        mark.delivered(task.id(), keep ? opened : null);
    }

    /** When the task was created, by the server's clock; now when the listing left created_at out or it is later. */
    private static Instant createdAt(Task task, Instant now) {
        if (task.createdAt() == null) {
            return now;
        }
        try {
            Instant created = parseTime(task.createdAt());
            return created.isAfter(now) ? now : created;
        } catch (DateTimeParseException e) {
            return now;
        }
    }

    /** Says once per poll which gaps the last deliveries pushed out of the mark (more than maxGaps open). */
    private void reportDropped() {
        List<Gap> dropped = mark.takeDropped();
        if (dropped.isEmpty()) {
            return;
        }
        gapsDropped += dropped.size();
        LOG.warn(
                "Project {}: gave up {} gap(s) before lateCommitWindow={} ran out, {} to {}: more than {} gaps were"
                        + " open (ids of other projects, or tasks still committing). A task that commits there later"
                        + " is not delivered; {} gaps given up early so far",
                projectId,
                dropped.size(),
                lateCommitWindow,
                dropped.get(0),
                dropped.get(dropped.size() - 1),
                maxGaps,
                gapsDropped);
    }

    /** Gaps given up after lateCommitWindow with nothing in them. */
    long gapsGivenUp() {
        return gapsGivenUp;
    }

    /** Gaps given up early because more than maxGaps were open. */
    long gapsDropped() {
        return gapsDropped;
    }
}
