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
package io.camellabelstudio.component;

import org.apache.camel.spi.Metadata;

/** The message headers of the Label Studio component. */
public final class LabelStudioConstants {

    @Metadata(
            label = "producer",
            description = "The operation to perform; overrides the operation option for this message.",
            javaType = "String")
    public static final String OPERATION = "CamelLabelStudioOperation";

    @Metadata(
            description = "The project id: in, overrides the projectId option; out, the project an operation worked"
                    + " on (get, create, update, delete, import), and the project of every consumer's exchange.",
            javaType = "Long")
    public static final String PROJECT_ID = "CamelLabelStudioProjectId";

    @Metadata(
            label = "producer",
            description = "Out, on list operations: how many items the server reports for the whole listing, before"
                    + " maxResults is applied.",
            javaType = "Long")
    public static final String TOTAL = "CamelLabelStudioTotal";

    @Metadata(
            label = "producer",
            description = "Out, on tasks list with the page option: the annotations of all tasks the filters select"
                    + " (the Python SDK's total_annotations of get_paginated_tasks).",
            javaType = "Long")
    public static final String TOTAL_ANNOTATIONS = "CamelLabelStudioTotalAnnotations";

    @Metadata(
            label = "producer",
            description = "Out, on tasks list with the page option: the predictions of all tasks the filters select"
                    + " (the Python SDK's total_predictions of get_paginated_tasks).",
            javaType = "Long")
    public static final String TOTAL_PREDICTIONS = "CamelLabelStudioTotalPredictions";

    @Metadata(
            label = "producer",
            description = "In, on tasks list and downloadFiles: Data Manager filters as JSON (a String, or a Map with"
                    + " conjunction and items); overrides the filters option for this message.",
            javaType = "String")
    public static final String FILTERS = "CamelLabelStudioFilters";

    @Metadata(
            label = "producer",
            description = "In, on tasks list and downloadFiles: the column to order tasks by, e.g. tasks:id or"
                    + " -tasks:updated_at; overrides the ordering option for this message.",
            javaType = "String")
    public static final String ORDERING = "CamelLabelStudioOrdering";

    @Metadata(
            label = "producer",
            description = "In and out, on tasks list: the page number (from 1) to answer alone; overrides the page"
                    + " option for this message.",
            javaType = "Integer")
    public static final String PAGE = "CamelLabelStudioPage";

    @Metadata(
            label = "producer",
            description = "Out, on validateConfig with a project: whether the config changes labels or data keys that"
                    + " existing tasks or annotations use.",
            javaType = "Boolean")
    public static final String CONFIG_ESSENTIAL_DATA_CHANGED = "CamelLabelStudioConfigEssentialDataChanged";

    @Metadata(
            description = "The task id: in, overrides the taskId option; out, the task a get, update or delete"
                    + " worked on, the task of a tasks consumer exchange, and the task of a webhook event.",
            javaType = "Long")
    public static final String TASK_ID = "CamelLabelStudioTaskId";

    @Metadata(
            description = "Task ids, in: the tasks of deleteMany and the assignment operations (instead of the"
                    + " body), and the selection of list and downloadFiles (overrides selectedIds); a List, an array"
                    + " or a comma-separated String. Out, from the webhooks consumer: the tasks of a TASKS_CREATED or"
                    + " TASKS_DELETED event.",
            javaType = "java.util.List<Long>")
    public static final String TASK_IDS = "CamelLabelStudioTaskIds";

    @Metadata(
            label = "producer",
            description = "Task ids that deleteAll keeps; overrides the excludedIds option.",
            javaType = "java.util.List<Long>")
    public static final String EXCLUDED_IDS = "CamelLabelStudioExcludedIds";

    @Metadata(
            description = "The Data Manager view id: in, overrides the viewId option; out, the view a get, create,"
                    + " update or delete worked on.",
            javaType = "Long")
    public static final String VIEW_ID = "CamelLabelStudioViewId";

    @Metadata(
            label = "producer",
            description = "Out, on import: the ids of the created tasks, in import order. (A header of its own, so"
                    + " that it never becomes the input of a following deleteMany or list.)",
            javaType = "java.util.List<Long>")
    public static final String CREATED_TASK_IDS = "CamelLabelStudioCreatedTaskIds";

    @Metadata(
            description = "Out, on import: tasks created; from the exports consumer: the tasks in the snapshot.",
            javaType = "Long")
    public static final String TASK_COUNT = "CamelLabelStudioTaskCount";

    @Metadata(label = "producer", description = "Out, on import: annotations created.", javaType = "Long")
    public static final String ANNOTATION_COUNT = "CamelLabelStudioAnnotationCount";

    @Metadata(label = "producer", description = "Out, on import: predictions created.", javaType = "Long")
    public static final String PREDICTION_COUNT = "CamelLabelStudioPredictionCount";

    @Metadata(
            label = "producer",
            description = "Out, on import with importKey: tasks skipped because their key already existed.",
            javaType = "Long")
    public static final String SKIPPED_COUNT = "CamelLabelStudioSkippedCount";

    @Metadata(
            label = "producer",
            description = "Out, on deleteMany and deleteAll: how many tasks the server deleted.",
            javaType = "Long")
    public static final String DELETED_COUNT = "CamelLabelStudioDeletedCount";

    @Metadata(label = "producer", description = "Out, on downloadFiles: files downloaded.", javaType = "Long")
    public static final String DOWNLOADED_COUNT = "CamelLabelStudioDownloadedCount";

    @Metadata(
            label = "producer",
            description = "Out, on downloadFiles: files that could not be downloaded (listed in the result).",
            javaType = "Long")
    public static final String FAILED_COUNT = "CamelLabelStudioFailedCount";

    @Metadata(
            label = "producer",
            description = "User ids for the assignment operations; overrides the users option. A List, an array or a"
                    + " comma-separated String.",
            javaType = "java.util.List<Long>")
    public static final String USER_IDS = "CamelLabelStudioUserIds";

    @Metadata(
            label = "producer",
            description = "Out, on the assignment operations: assignments requested (task-user pairs), or tasks"
                    + " unassigned.",
            javaType = "Long")
    public static final String ASSIGNMENT_COUNT = "CamelLabelStudioAssignmentCount";

    @Metadata(
            description = "The annotation id: in, overrides the annotationId option; out, the annotation a get,"
                    + " create, update or delete worked on, and the annotation of a webhook event.",
            javaType = "Long")
    public static final String ANNOTATION_ID = "CamelLabelStudioAnnotationId";

    @Metadata(
            description = "The prediction id: in, overrides the predictionId option; out, the prediction a get,"
                    + " create, update or delete worked on.",
            javaType = "Long")
    public static final String PREDICTION_ID = "CamelLabelStudioPredictionId";

    @Metadata(
            label = "producer",
            description = "The model version of predictions created; overrides the modelVersion option.",
            javaType = "String")
    public static final String MODEL_VERSION = "CamelLabelStudioModelVersion";

    @Metadata(
            label = "producer",
            description = "The score of a prediction created; overrides the score option.",
            javaType = "Double")
    public static final String SCORE = "CamelLabelStudioScore";

    @Metadata(
            label = "producer",
            description = "The user id for addMember; overrides the userId option.",
            javaType = "Long")
    public static final String USER_ID = "CamelLabelStudioUserId";

    @Metadata(
            label = "producer",
            description = "Out, on createFromPredictions and predictions createMany: how many the server created.",
            javaType = "Long")
    public static final String CREATED_COUNT = "CamelLabelStudioCreatedCount";

    @Metadata(
            description = "The export snapshot id: in, overrides the exportId option; out, the snapshot an export"
                    + " operation created, read or downloaded, and the snapshot of an exports consumer exchange.",
            javaType = "Long")
    public static final String EXPORT_ID = "CamelLabelStudioExportId";

    @Metadata(
            description = "Out, on the snapshot operations and from the exports consumer: the snapshot's status"
                    + " (created, in_progress, completed, failed).",
            javaType = "String")
    public static final String EXPORT_STATUS = "CamelLabelStudioExportStatus";

    @Metadata(
            description =
                    "Out, on export, download and run, and from the exports consumer with download=true: the export's file name (from the server, made safe).",
            javaType = "String")
    public static final String EXPORT_FILE_NAME = "CamelLabelStudioExportFileName";

    @Metadata(
            description = "The storage id: in, overrides the storageId option; out, the storage an operation created,"
                    + " read, changed or synced.",
            javaType = "Long")
    public static final String STORAGE_ID = "CamelLabelStudioStorageId";

    @Metadata(
            label = "producer",
            description = "Out, on the storage operations: the storage's sync status (initialized, queued,"
                    + " in_progress, completed, completed_with_errors, failed).",
            javaType = "String")
    public static final String STORAGE_STATUS = "CamelLabelStudioStorageStatus";

    @Metadata(
            label = "producer",
            description = "Out, on sync: tasks imported (or annotations exported) by the last sync.",
            javaType = "Long")
    public static final String SYNC_COUNT = "CamelLabelStudioSyncCount";

    @Metadata(
            label = "consumer",
            description = "From the consumers: what happened. The tasks consumer sets its event (created, updated or"
                    + " completed), the exports consumer the snapshot's status, the webhooks consumer Label Studio's"
                    + " action (e.g. ANNOTATION_CREATED, TASKS_CREATED).",
            javaType = "String")
    public static final String EVENT_TYPE = "CamelLabelStudioEventType";

    @Metadata(
            label = "consumer",
            description = "From the tasks consumer: the task's updated_at, as the server sent it; with the task id a"
                    + " key for an idempotent repository of the updated event.",
            javaType = "String")
    public static final String TASK_UPDATED_AT = "CamelLabelStudioTaskUpdatedAt";

    @Metadata(
            description = "The webhook id: in, overrides the webhookId option; out, the webhook a get, create, update"
                    + " or delete worked on, and the webhook of a webhooks consumer delivery.",
            javaType = "Long")
    public static final String WEBHOOK_ID = "CamelLabelStudioWebhookId";

    private LabelStudioConstants() {}
}
