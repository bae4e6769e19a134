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
package io.camellabelstudio.component.producer;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.camel.WrappedFile;

import io.camellabelstudio.client.AssignmentResult;
import io.camellabelstudio.client.AssignmentRole;
import io.camellabelstudio.client.FileDownloadPolicy;
import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.TaskFilesDownloader;
import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.TasksApi;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.client.model.TaskFileSource;
import io.camellabelstudio.client.model.TaskFilesResult;
import io.camellabelstudio.client.model.TaskPageResult;
import io.camellabelstudio.client.paging.PagedIterable;
import io.camellabelstudio.component.CommaLists;
import io.camellabelstudio.component.LabelStudioConfiguration;
import io.camellabelstudio.component.LabelStudioConstants;
import io.camellabelstudio.component.TaskFields;

/** The operations of {@code labelstudio:tasks}. */
public final class TaskOperations {

    public void process(OperationContext ctx) {
        TasksApi tasks = ctx.client().tasks();
        switch (ctx.operation()) {
            case IMPORT -> importTasks(ctx, tasks);
            case LIST -> list(ctx, tasks);
            case GET -> result(ctx, tasks.get(ctx.requiredId(IdOption.TASK)));
            case UPDATE -> result(ctx, tasks.update(ctx.requiredId(IdOption.TASK), ctx.bodyAsFields()));
            case DELETE -> delete(ctx, tasks);
            case DELETE_MANY -> deleteMany(ctx, tasks);
            case DELETE_ALL -> deleteAll(ctx, tasks);
            case DOWNLOAD_FILES -> downloadFiles(ctx, ctx.client().taskFiles(), tasks);
            case ASSIGN_ANNOTATORS -> assign(ctx, AssignmentRole.ANNOTATOR);
            case ASSIGN_REVIEWERS -> assign(ctx, AssignmentRole.REVIEWER);
            case UNASSIGN_ANNOTATORS -> unassign(ctx, AssignmentRole.ANNOTATOR);
            case UNASSIGN_REVIEWERS -> unassign(ctx, AssignmentRole.REVIEWER);
            case ASSIGN_ANNOTATORS_BY_SAMPLING -> assignBySampling(ctx, tasks, AssignmentRole.ANNOTATOR);
            case ASSIGN_REVIEWERS_BY_SAMPLING -> assignBySampling(ctx, tasks, AssignmentRole.REVIEWER);
            default -> throw new IllegalArgumentException("Operation " + ctx.describe() + " is not supported");
        }
    }

    private static void importTasks(OperationContext ctx, TasksApi tasks) {
        LabelStudioConfiguration config = ctx.configuration();
        ImportOptions options = ImportOptions.defaults()
                .withBatchSize(config.getBatchSize())
                .withMaxBatchBytes(config.getMaxBatchBytes())
                .withImportKey(config.getImportKey())
                .withPreannotatedFromFields(CommaLists.split(config.getPreannotatedFromFields()))
                .withImportTimeout(Duration.ofMillis(config.getImportTimeout()));
        long projectId = ctx.requiredId(IdOption.PROJECT);
        Object body = ctx.in().getBody();
        Path file = fileOf(body);
        ImportResult result = file != null
                ? tasks.importFile(projectId, file, options)
                : tasks.importTasks(projectId, taskIterator(ctx, body), options);
        ctx.out().setHeader(LabelStudioConstants.PROJECT_ID, projectId);
        ctx.out().setHeader(LabelStudioConstants.CREATED_TASK_IDS, result.taskIds());
        ctx.out().setHeader(LabelStudioConstants.TASK_COUNT, result.taskCount());
        ctx.out().setHeader(LabelStudioConstants.ANNOTATION_COUNT, result.annotationCount());
        ctx.out().setHeader(LabelStudioConstants.PREDICTION_COUNT, result.predictionCount());
        ctx.out().setHeader(LabelStudioConstants.SKIPPED_COUNT, result.skippedCount());
        ctx.out().setBody(result);
    }

    private static Path fileOf(Object body) {
        if (body instanceof Path path) {
            return path;
        } else if (body instanceof File file) {
            return file.toPath();
        } else if (body instanceof WrappedFile<?> wrapped && wrapped.getFile() instanceof File file) {
            return file.toPath(); // e.g. from the file component
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Iterator<? extends Map<String, ?>> taskIterator(OperationContext ctx, Object body) {
        if (body instanceof Map<?, ?> task) {
            return List.<Map<String, ?>>of((Map<String, ?>) task).iterator();
        } else if (body instanceof Iterable<?> iterable) {
            if (iterable instanceof java.util.Collection<?>) {
                // already in memory: check every element before the first batch is sent, not batch by batch
                checkedMaps(ctx, iterable.iterator()).forEachRemaining(task -> {});
            }
            return checkedMaps(ctx, iterable.iterator());
        } else if (body instanceof Iterator<?> iterator) {
            return checkedMaps(ctx, iterator);
        } else if (body instanceof Object[] array) {
            checkedMaps(ctx, Arrays.asList(array).iterator()).forEachRemaining(task -> {});
            return checkedMaps(ctx, Arrays.asList(array).iterator());
        }
        Iterator<Map<String, Object>> json = ctx.bodyAsJsonObjects();
        if (json != null) {
            return json;
        }
        throw new IllegalArgumentException(ctx.describe() + " needs tasks as body: a List or Map, a JSON list as"
                + " String, byte[] or InputStream, or a File/Path (JSON, CSV, TSV, TXT), but the body was "
                + (body == null ? "empty" : body.getClass().getName()));
    }

    /** Each element must be a task object; anything else fails naming its position, before it is sent. */
    @SuppressWarnings("unchecked")
    private static Iterator<Map<String, ?>> checkedMaps(OperationContext ctx, Iterator<?> items) {
        return new Iterator<>() {
            private long position;

            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public Map<String, ?> next() {
                Object item = items.next();
                position++;
                if (item instanceof Map<?, ?> map) {
                    return (Map<String, ?>) map;
                }
                throw new IllegalArgumentException(
                        ctx.describe() + ": task #" + position + " must be a Map (a task" + " object), but was "
                                + (item == null ? "null" : item.getClass().getName()));
            }
        };
    }

    private static void list(OperationContext ctx, TasksApi tasks) {
        LabelStudioConfiguration config = ctx.configuration();
        TaskQuery query = query(ctx, TaskFields.ALL);
        long projectId = ctx.requiredId(IdOption.PROJECT);
        Integer page = page(ctx);
        if (page != null) {
            // one page with the selection's totals, as get_paginated_tasks
            TaskPageResult result = tasks.paginated(projectId, query.withOnlyIds(config.isOnlyIds()), page);
            ctx.out().setHeader(LabelStudioConstants.PAGE, page);
            if (result.total() >= 0) {
                ctx.out().setHeader(LabelStudioConstants.TOTAL, result.total());
            }
            if (result.totalAnnotations() != null) {
                ctx.out().setHeader(LabelStudioConstants.TOTAL_ANNOTATIONS, result.totalAnnotations());
            }
            if (result.totalPredictions() != null) {
                ctx.out().setHeader(LabelStudioConstants.TOTAL_PREDICTIONS, result.totalPredictions());
            }
            ctx.out()
                    .setBody(
                            config.isOnlyIds()
                                    ? result.tasks().stream().map(Task::id).toList()
                                    : result.tasks());
            return;
        }
        PagedIterable<?> result = config.isOnlyIds() ? tasks.listIds(projectId, query) : tasks.list(projectId, query);
        // Fetches the first page now: errors surface here, and the total is known.
        ctx.out().setHeader(LabelStudioConstants.TOTAL, result.total());
        ctx.out().setBody(result);
    }

    /**
     * Downloads the files the selected tasks' data point to (the list options select the tasks) into the
     * downloadDirectory. Unreachable files are reported in the result, not fatal.
     */
    private static void downloadFiles(OperationContext ctx, TaskFilesDownloader files, TasksApi tasks) {
        String directory = ctx.configuration().getDownloadDirectory();
        if (directory == null || directory.isBlank()) {
            throw new IllegalArgumentException(
                    ctx.describe() + " needs the downloadDirectory option: the directory to write the files to");
        }
        PagedIterable<Task> selected = tasks.list(ctx.requiredId(IdOption.PROJECT), query(ctx, TaskFields.TASK_ONLY));
        Iterable<TaskFileSource> sources = () -> {
            Iterator<Task> it = selected.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public TaskFileSource next() {
                    Task task = it.next();
                    return new TaskFileSource(task.id(), task.data() == null ? Map.of() : task.data());
                }
            };
        };
        LabelStudioConfiguration config = ctx.configuration();
        if (config.getMaxFileBytes() < 1) {
            throw new IllegalArgumentException(ctx.describe() + ": the maxFileBytes option must be at least 1, but was "
                    + config.getMaxFileBytes());
        }
        FileDownloadPolicy policy = FileDownloadPolicy.DEFAULTS
                .withPrivateAddresses(config.isDownloadFromPrivateAddresses())
                .withMaxFileBytes(config.getMaxFileBytes());
        TaskFilesResult result = files.withPolicy(policy).download(sources, Path.of(directory));
        ctx.out().setHeader(LabelStudioConstants.DOWNLOADED_COUNT, (long)
                result.downloaded().size());
        ctx.out().setHeader(LabelStudioConstants.FAILED_COUNT, (long)
                result.failed().size());
        ctx.out().setBody(result);
    }

    /** The list options, with the filters and ordering headers over their options; {@code fields} when unset. */
    private static TaskQuery query(OperationContext ctx, TaskFields defaultFields) {
        LabelStudioConfiguration config = ctx.configuration();
        List<Long> selected = ctx.idList(LabelStudioConstants.TASK_IDS, "selectedIds", config.getSelectedIds());
        TaskFields fields = config.getFields() == null ? defaultFields : config.getFields();
        Object filtersHeader = ctx.in().getHeader(LabelStudioConstants.FILTERS);
        Object filters = filtersHeader != null
                ? filters(ctx, filtersHeader, "the " + LabelStudioConstants.FILTERS + " header")
                : filters(ctx, config.getFilters(), "the filters option");
        String ordering = ctx.in().getHeader(LabelStudioConstants.ORDERING, String.class);
        return TaskQuery.all()
                .withFilters(filters)
                .withOrdering(ordering != null ? ordering : config.getOrdering())
                .withViewId(ctx.optionalId(IdOption.VIEW))
                .withSelectedIds(selected)
                .withAllFields(fields == TaskFields.ALL)
                .withResolveUri(config.getResolveUri())
                .withLabeled(config.getLabeled())
                .withPageSize(config.getPageSize())
                .withMaxResults(config.getMaxResults())
                .withPrefetch(config.isPrefetch())
                .withParallelPages(config.getParallelPages())
                .withOmitFields(config.omitFieldList());
    }

    private static Object filters(OperationContext ctx, Object filters, String where) {
        try {
            return TaskQuery.all().withFilters(filters).filters();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ctx.describe() + ": " + where + " is invalid: " + e.getMessage(), e);
        }
    }

    /** The page to answer alone: the CamelLabelStudioPage header, else the page option; null for the whole list. */
    private static Integer page(OperationContext ctx) {
        Object header = ctx.in().getHeader(LabelStudioConstants.PAGE);
        Integer page;
        String where;
        if (header != null) {
            where = "the " + LabelStudioConstants.PAGE + " header";
            try {
                page = Integer.valueOf(header.toString().strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        ctx.describe() + ": " + where + " must be a page number, but was '" + header + "'");
            }
        } else {
            where = "the page option";
            page = ctx.configuration().getPage();
        }
        if (page != null && page < 1) {
            throw new IllegalArgumentException(ctx.describe() + ": " + where + " must be 1 or more, but was " + page);
        }
        return page;
    }

    private static void delete(OperationContext ctx, TasksApi tasks) {
        long id = ctx.requiredId(IdOption.TASK);
        tasks.delete(id);
        ctx.out().setHeader(LabelStudioConstants.TASK_ID, id);
        ctx.out().setBody(true);
    }

    /** Ids from the CamelLabelStudioTaskIds header, else the body; an empty list deletes nothing. */
    private static void deleteMany(OperationContext ctx, TasksApi tasks) {
        List<Long> ids = ctx.idsFromHeaderOrBody(LabelStudioConstants.TASK_IDS);
        if (ids == null) {
            throw new IllegalArgumentException(ctx.describe() + " needs task ids: in the "
                    + LabelStudioConstants.TASK_IDS + " header or the body (an empty list deletes nothing)");
        }
        long deleted = tasks.deleteMany(ctx.requiredId(IdOption.PROJECT), ids);
        ctx.out().setHeader(LabelStudioConstants.DELETED_COUNT, deleted);
        ctx.out().setBody(deleted);
    }

    private static void deleteAll(OperationContext ctx, TasksApi tasks) {
        List<Long> excluded = ctx.idList(
                LabelStudioConstants.EXCLUDED_IDS,
                "excludedIds",
                ctx.configuration().getExcludedIds());
        long deleted = tasks.deleteAll(ctx.requiredId(IdOption.PROJECT), excluded == null ? List.of() : excluded);
        ctx.out().setHeader(LabelStudioConstants.DELETED_COUNT, deleted);
        ctx.out().setBody(deleted);
    }

    /** Task ids from the CamelLabelStudioTaskIds header, else the body; required. */
    private static List<Long> requiredTaskIds(OperationContext ctx) {
        List<Long> ids = ctx.idsFromHeaderOrBody(LabelStudioConstants.TASK_IDS);
        if (ids == null) {
            throw new IllegalArgumentException(ctx.describe() + " needs task ids: in the "
                    + LabelStudioConstants.TASK_IDS + " header or the body");
        }
        return ids;
    }

    private static List<Long> requiredUsers(OperationContext ctx) {
        List<Long> users = ctx.idList(
                LabelStudioConstants.USER_IDS, "users", ctx.configuration().getUsers());
        if (users == null || users.isEmpty()) {
            throw new IllegalArgumentException(ctx.describe() + " needs user ids: set the users option or the "
                    + LabelStudioConstants.USER_IDS + " header");
        }
        return users;
    }

    private static void assign(OperationContext ctx, AssignmentRole role) {
        List<Long> users = requiredUsers(ctx);
        List<Long> taskIds = requiredTaskIds(ctx);
        AssignmentResult result =
                ctx.client().assignments().assign(ctx.requiredId(IdOption.PROJECT), role, users, taskIds);
        ctx.out().setHeader(LabelStudioConstants.ASSIGNMENT_COUNT, result.requestedAssignments());
        ctx.out().setBody(result);
    }

    private static void unassign(OperationContext ctx, AssignmentRole role) {
        long count = ctx.client().assignments().unassign(ctx.requiredId(IdOption.PROJECT), role, requiredTaskIds(ctx));
        ctx.out().setHeader(LabelStudioConstants.ASSIGNMENT_COUNT, count);
        ctx.out().setBody(count);
    }

    /** Samples among the project's tasks, or the tasks of the view given by viewId. */
    private static void assignBySampling(OperationContext ctx, TasksApi tasks, AssignmentRole role) {
        List<Long> users = requiredUsers(ctx);
        long projectId = ctx.requiredId(IdOption.PROJECT);
        List<Long> taskIds = new java.util.ArrayList<>();
        tasks.listIds(
                        projectId,
                        TaskQuery.all()
                                .withViewId(ctx.optionalId(IdOption.VIEW))
                                .withPageSize(1000))
                .forEach(taskIds::add);
        AssignmentResult result = ctx.client()
                .assignments()
                .assignBySampling(
                        projectId,
                        role,
                        users,
                        taskIds,
                        ctx.configuration().getFraction(),
                        ctx.configuration().getOverlap(),
                        new java.util.Random());
        ctx.out().setHeader(LabelStudioConstants.ASSIGNMENT_COUNT, result.requestedAssignments());
        ctx.out().setBody(result);
    }

    private static void result(OperationContext ctx, Task task) {
        ctx.out().setHeader(LabelStudioConstants.TASK_ID, task.id());
        ctx.out().setBody(task);
    }
}
