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

import java.util.List;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;

import io.camellabelstudio.client.AuthScheme;
import io.camellabelstudio.client.FileDownloadPolicy;
import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.StorageType;
import io.camellabelstudio.client.StoragesApi.Direction;
import io.camellabelstudio.client.TaskQuery;

/**
 * The options of a Label Studio endpoint. Set on the component ({@code camel.component.labelstudio.*}) they are the
 * defaults every endpoint starts from; each endpoint gets its own copy.
 */
@UriParams
public class LabelStudioConfiguration implements Cloneable {

    @UriParam(label = "common")
    private String url;

    @UriParam(label = "security", secret = true)
    private String apiKey;

    @UriParam(label = "security", defaultValue = "auto")
    private AuthScheme authScheme = AuthScheme.AUTO;

    @UriParam(label = "producer")
    private LabelStudioOperation operation;

    @UriParam(label = "common")
    private Long projectId;

    @UriParam(label = "common")
    private Long taskId;

    @UriParam(label = "common")
    private Long viewId;

    @UriParam(label = "producer", defaultValue = "5000")
    private int batchSize = 5000;

    @UriParam(label = "producer", defaultValue = "8388608")
    private long maxBatchBytes = 8L * 1024 * 1024;

    @UriParam(label = "producer")
    private String importKey;

    @UriParam(label = "producer")
    private String preannotatedFromFields;

    @UriParam(label = "producer", defaultValue = "600000", javaType = "java.time.Duration")
    private long importTimeout = 600_000;

    @UriParam(label = "common")
    private String filters;

    @UriParam(label = "producer")
    private String ordering;

    @UriParam(label = "producer")
    private Integer page;

    @UriParam(label = "producer")
    private String selectedIds;

    @UriParam(label = "producer")
    private boolean onlyIds;

    @UriParam(label = "common")
    private TaskFields fields;

    @UriParam(label = "common")
    private Boolean resolveUri;

    // the client's default; the annotation needs it spelled out (ComponentMetadataTest keeps the two equal)
    @UriParam(label = "common", defaultValue = "comment_authors,drafts")
    private String omitFields = String.join(",", TaskQuery.DEFAULT_OMIT_FIELDS);

    @UriParam(label = "producer")
    private Boolean labeled;

    @UriParam(label = "producer")
    private String excludedIds;

    @UriParam(label = "producer")
    private String downloadDirectory;

    @UriParam(label = "producer,security", defaultValue = "false")
    private boolean downloadFromPrivateAddresses;

    @UriParam(label = "producer", defaultValue = "1073741824")
    private long maxFileBytes = FileDownloadPolicy.DEFAULT_MAX_FILE_BYTES;

    @UriParam(label = "common")
    private Long annotationId;

    @UriParam(label = "common")
    private Long predictionId;

    @UriParam(label = "producer")
    private String fromName;

    @UriParam(label = "producer")
    private Double score;

    @UriParam(label = "producer")
    private String modelVersion;

    @UriParam(label = "producer")
    private String modelVersions;

    @UriParam(label = "producer")
    private Long userId;

    @UriParam(label = "common")
    private Long exportId;

    @UriParam(label = "common", defaultValue = "JSON")
    private String exportType = "JSON";

    @UriParam(label = "common")
    private boolean downloadAllTasks;

    @UriParam(label = "producer")
    private boolean downloadResources;

    @UriParam(label = "common")
    private String exportLocation;

    @UriParam(label = "producer")
    private boolean split;

    @UriParam(label = "producer", defaultValue = "600000", javaType = "java.time.Duration")
    private long exportTimeout = 600_000;

    @UriParam(label = "producer")
    private Boolean interpolateKeyFrames;

    @UriParam(label = "producer")
    private StorageType storageType;

    @UriParam(label = "producer", defaultValue = "import")
    private Direction direction = Direction.IMPORT;

    @UriParam(label = "common")
    private Long storageId;

    @UriParam(label = "producer", defaultValue = "true")
    private boolean reuseExisting = true;

    @UriParam(label = "producer", defaultValue = "true")
    private boolean waitForSync = true;

    @UriParam(label = "producer,security", defaultValue = "false")
    private boolean gcsCredentialsFromFile;

    @UriParam(label = "producer", defaultValue = "600000", javaType = "java.time.Duration")
    private long syncTimeout = 600_000;

    @UriParam(label = "producer")
    private String users;

    @UriParam(label = "producer", defaultValue = "1.0")
    private double fraction = 1.0;

    @UriParam(label = "producer", defaultValue = "1")
    private int overlap = 1;

    @UriParam(label = "common", defaultValue = "100")
    private int pageSize = 100;

    @UriParam(label = "producer", defaultValue = "0")
    private long maxResults;

    @UriParam(label = "producer", defaultValue = "true")
    private boolean prefetch = true;

    @UriParam(label = "producer", defaultValue = "2")
    private int parallelPages = 2;

    @UriParam(label = "advanced", defaultValue = "30000", javaType = "java.time.Duration")
    private long connectTimeout = 30_000;

    @UriParam(label = "advanced", defaultValue = "600000", javaType = "java.time.Duration")
    private long responseTimeout = 600_000;

    @UriParam(label = "advanced", defaultValue = "true")
    private boolean compression = true;

    @UriParam(label = "advanced", defaultValue = "30000", javaType = "java.time.Duration")
    private long serverTimeLimit = 30_000;

    @UriParam(label = "advanced", defaultValue = "3")
    private int maxRetries = 3;

    @UriParam(label = "advanced", defaultValue = "500", javaType = "java.time.Duration")
    private long retryInitialDelay = 500;

    @UriParam(label = "advanced", defaultValue = "10000", javaType = "java.time.Duration")
    private long retryMaxDelay = 10_000;

    @UriParam(label = "advanced", defaultValue = "30000", javaType = "java.time.Duration")
    private long retryAfterMaxDelay = 30_000;

    @UriParam(label = "advanced", defaultValue = "20")
    private int maxConnections = 20;

    @UriParam(label = "security")
    private SSLContextParameters sslContextParameters;

    @UriParam(label = "proxy")
    private String proxyHost;

    @UriParam(label = "proxy")
    private Integer proxyPort;

    @UriParam(label = "consumer", defaultValue = "created")
    private TaskEvent event = TaskEvent.CREATED;

    @UriParam(label = "consumer", defaultValue = "now")
    private String startFrom = "now";

    @UriParam(label = "consumer")
    private StateRepository<String, String> stateRepository;

    @UriParam(label = "consumer")
    private String stateKey;

    @UriParam(label = "consumer", defaultValue = "1000")
    private int maxMessagesPerPoll = 1000;

    @UriParam(label = "consumer", defaultValue = "10000", javaType = "java.time.Duration")
    private long pollOverlap = 10_000;

    @UriParam(label = "consumer", defaultValue = "60000", javaType = "java.time.Duration")
    private long lateCommitWindow = 60_000;

    @UriParam(label = "consumer")
    private boolean download;

    @UriParam(label = "consumer")
    private boolean createSnapshots;

    @UriParam(label = "common")
    private String events;

    @UriParam(label = "common")
    private String webhookUrl;

    @UriParam(label = "security", secret = true)
    private String webhookSecret;

    @UriParam(label = "consumer")
    private boolean sharedWebhook;

    @UriParam(label = "common")
    private Long webhookId;

    @UriParam(label = "consumer", defaultValue = "4194304")
    private long maxDeliveryBytes = 4L * 1024 * 1024;

    @UriParam(label = "advanced")
    @Metadata(autowired = true)
    private LabelStudioClient client;

    public String getUrl() {
        return url;
    }

    /** The Label Studio base URL, e.g. http://localhost:8080. */
    public void setUrl(String url) {
        this.url = url;
    }

    public String getApiKey() {
        return apiKey;
    }

    /**
     * The API key: a legacy token (from Account and Settings, sent as "Token") or a personal access token (a JWT,
     * exchanged for short-lived access tokens). Kept secret: masked in logs and URIs.
     */
    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public AuthScheme getAuthScheme() {
        return authScheme;
    }

    /**
     * How the API key is sent: auto detects it (a JWT is a personal access token), legacyToken or
     * {@code personalAccessToken} force one.
     */
    public void setAuthScheme(AuthScheme authScheme) {
        this.authScheme = authScheme;
    }

    public LabelStudioOperation getOperation() {
        return operation;
    }

    /**
     * The producer operation; the CamelLabelStudioOperation header overrides it per message. Projects: list, get,
     * create, update, delete, validateConfig, parseConfig, listModelVersions, predictionsCoverage, listMembers, addMember.
     * Tasks: import, list, get, update, delete, deleteMany, deleteAll, downloadFiles, assignAnnotators,
     * assignReviewers, unassignAnnotators, unassignReviewers, assignAnnotatorsBySampling, assignReviewersBySampling.
     * Annotations: list, get, create, update, delete, createFromPredictions. Predictions: create, createMany, list,
     * get, update, delete. Exports: export, run, list, create, status, download, delete, formats.
     * Storages: create, list, get, update, delete, validate, sync. Views: list, get, create, update, delete.
     * Webhooks: list, get, create, update, delete.
     */
    public void setOperation(LabelStudioOperation operation) {
        this.operation = operation;
    }

    public Long getProjectId() {
        return projectId;
    }

    /** The project id; the CamelLabelStudioProjectId header overrides it per message. */
    public void setProjectId(Long projectId) {
        this.projectId = projectId;
    }

    public Long getTaskId() {
        return taskId;
    }

    /** The task id; the CamelLabelStudioTaskId header overrides it per message. */
    public void setTaskId(Long taskId) {
        this.taskId = taskId;
    }

    public Long getViewId() {
        return viewId;
    }

    /**
     * The Data Manager view id: the view to get, update or delete, or the view whose filters and ordering a task list
     * applies; the CamelLabelStudioViewId header overrides it per message.
     */
    public void setViewId(Long viewId) {
        this.viewId = viewId;
    }

    public int getBatchSize() {
        return batchSize;
    }

    /**
     * The most tasks per import request: task lists are split into requests of at most this many tasks. Label Studio
     * imports batches of 2500 to 10,000 tasks about 15 % faster than batches of 1000; the server's limit is 1 million.
     */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public long getMaxBatchBytes() {
        return maxBatchBytes;
    }

    /**
     * The most bytes of JSON per import request (8 MiB by default; the server's limit is 250 MB): a batch ends early
     * when the next task would not fit, so large tasks make smaller batches. A single larger task goes alone.
     */
    public void setMaxBatchBytes(long maxBatchBytes) {
        this.maxBatchBytes = maxBatchBytes;
    }

    public String getImportKey() {
        return importKey;
    }

    /**
     * The name of a data field that identifies a task, e.g. image or source_uri. When set, import skips tasks whose
     * key already exists in the project (checked with the server batch by batch), so replaying an import or a Camel
     * redelivery never duplicates tasks.
     */
    public void setImportKey(String importKey) {
        this.importKey = importKey;
    }

    public String getPreannotatedFromFields() {
        return preannotatedFromFields;
    }

    /** Comma-separated flat task fields that import turns into predictions (e.g. a model's label column). */
    public void setPreannotatedFromFields(String preannotatedFromFields) {
        this.preannotatedFromFields = preannotatedFromFields;
    }

    public long getImportTimeout() {
        return importTimeout;
    }

    /** How long to wait for an asynchronous import (Label Studio Enterprise) to finish, per request (30s, 10m, or milliseconds). */
    public void setImportTimeout(long importTimeout) {
        this.importTimeout = importTimeout;
    }

    public String getFilters() {
        return filters;
    }

    /**
     * Data Manager filters for the task list, as JSON: an object with a conjunction (and, or) and a list of items,
     * each with filter (e.g. filter:tasks:id), operator, type and value. See the component page for an example. On
     * tasks list and downloadFiles the CamelLabelStudioFilters header overrides it per message.
     */
    public void setFilters(String filters) {
        this.filters = filters;
    }

    public String getOrdering() {
        return ordering;
    }

    /**
     * One column to order the task list by, e.g. tasks:id, or -tasks:updated_at for descending; the
     * CamelLabelStudioOrdering header overrides it per message.
     */
    public void setOrdering(String ordering) {
        this.ordering = ordering;
    }

    public Integer getPage() {
        return page;
    }

    /**
     * Tasks list: answer only this page (from 1, pageSize tasks), as the Python SDK's get_paginated_tasks, instead of
     * the whole listing: the body is the page's tasks (a List; empty past the last page), with the headers
     * CamelLabelStudioTotal, CamelLabelStudioTotalAnnotations and CamelLabelStudioTotalPredictions for the whole
     * selection. The CamelLabelStudioPage header overrides it per message. Unset: the whole listing, paged lazily.
     */
    public void setPage(Integer page) {
        this.page = page;
    }

    public String getSelectedIds() {
        return selectedIds;
    }

    /**
     * Comma-separated task ids the task list is limited to; the CamelLabelStudioTaskIds header overrides it.
     */
    public void setSelectedIds(String selectedIds) {
        this.selectedIds = selectedIds;
    }

    public boolean isOnlyIds() {
        return onlyIds;
    }

    /** Whether the task list returns only task ids (Long), the cheapest listing. */
    public void setOnlyIds(boolean onlyIds) {
        this.onlyIds = onlyIds;
    }

    public TaskFields getFields() {
        return fields;
    }

    /**
     * Task fields: all (annotations and predictions along, what the Python SDK's get_tasks returns) or task_only (the
     * task's data and counters only, much cheaper; see docs/benchmarks.md). Unset: all for tasks list, task_only for
     * downloadFiles (which reads only the data) and the tasks consumer.
     */
    public void setFields(TaskFields fields) {
        this.fields = fields;
    }

    public Boolean getResolveUri() {
        return resolveUri;
    }

    /**
     * Whether the task list turns storage URIs (s3://, gs://) into presigned or proxy URLs; unset leaves the server's
     * default (true).
     */
    public void setResolveUri(Boolean resolveUri) {
        this.resolveUri = resolveUri;
    }

    public String getOmitFields() {
        return omitFields;
    }

    /**
     * Task fields the server leaves out of task lists, comma-separated (Label Studio's omit parameter). The default
     * leaves out the two fields the server looks up with a query per task: comment_authors, and drafts (with
     * fields=all, only the calling user's own unsaved drafts, which an integration's account rarely has); the server
     * then spends about 2.5 times less CPU per page. Set it empty to receive every field.
     */
    public void setOmitFields(String omitFields) {
        this.omitFields = omitFields;
    }

    /** {@link #getOmitFields()} as a list: empty for none. */
    public List<String> omitFieldList() {
        return CommaLists.split(omitFields);
    }

    public Boolean getLabeled() {
        return labeled;
    }

    /** Shortcut for the task list: true lists only labeled (completed) tasks, false only unlabeled ones. */
    public void setLabeled(Boolean labeled) {
        this.labeled = labeled;
    }

    public String getExcludedIds() {
        return excludedIds;
    }

    /** Comma-separated task ids that deleteAll keeps; the CamelLabelStudioExcludedIds header overrides it. */
    public void setExcludedIds(String excludedIds) {
        this.excludedIds = excludedIds;
    }

    public String getDownloadDirectory() {
        return downloadDirectory;
    }

    /**
     * The directory downloadFiles writes to (created if missing). Files are named task id, field and base name; they
     * never land outside it.
     */
    public void setDownloadDirectory(String downloadDirectory) {
        this.downloadDirectory = downloadDirectory;
    }

    public boolean isDownloadFromPrivateAddresses() {
        return downloadFromPrivateAddresses;
    }

    /**
     * Whether downloadFiles may fetch task files from loopback and private-network addresses (127.0.0.0/8, 10.0.0.0/8,
     * 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, ::1, fc00::/7) of hosts other than the Label Studio server. Off by
     * default: task data is written by whoever can create tasks, and must not make the route reach services on its own
     * network. Link-local and cloud metadata addresses (169.254.0.0/16 with 169.254.169.254, fe80::/10,
     * 100.100.100.200, fd00:ec2::254) are refused even then. Each redirect's target is checked again.
     */
    public void setDownloadFromPrivateAddresses(boolean downloadFromPrivateAddresses) {
        this.downloadFromPrivateAddresses = downloadFromPrivateAddresses;
    }

    public long getMaxFileBytes() {
        return maxFileBytes;
    }

    /**
     * The largest file downloadFiles writes, in bytes (default 1 GiB). A larger announced length fails that file
     * before its body is read; a longer body is dropped once it passes the limit. Either way the file is listed as
     * failed and the next one is tried.
     */
    public void setMaxFileBytes(long maxFileBytes) {
        this.maxFileBytes = maxFileBytes;
    }

    public Long getAnnotationId() {
        return annotationId;
    }

    /** The annotation id; the CamelLabelStudioAnnotationId header overrides it per message. */
    public void setAnnotationId(Long annotationId) {
        this.annotationId = annotationId;
    }

    public Long getPredictionId() {
        return predictionId;
    }

    /** The prediction id; the CamelLabelStudioPredictionId header overrides it per message. */
    public void setPredictionId(Long predictionId) {
        this.predictionId = predictionId;
    }

    public String getFromName() {
        return fromName;
    }

    /**
     * For predictions given in a short form (only the value, or only a label): the control tag (its name) the result
     * belongs to. Needed only when the label config has several control tags.
     */
    public void setFromName(String fromName) {
        this.fromName = fromName;
    }

    public Double getScore() {
        return score;
    }

    /**
     * The score of predictions created; the CamelLabelStudioScore header overrides it. predictions create sends 0 when
     * neither they nor the body give one, as the Python SDK's create_prediction does.
     */
    public void setScore(Double score) {
        this.score = score;
    }

    public String getModelVersion() {
        return modelVersion;
    }

    /** The model version of predictions created; the CamelLabelStudioModelVersion header overrides it. */
    public void setModelVersion(String modelVersion) {
        this.modelVersion = modelVersion;
    }

    public String getModelVersions() {
        return modelVersions;
    }

    /** Comma-separated model versions whose predictions createFromPredictions turns into annotations; all if unset. */
    public void setModelVersions(String modelVersions) {
        this.modelVersions = modelVersions;
    }

    public Long getUserId() {
        return userId;
    }

    /** The user addMember adds to the project (Enterprise); the CamelLabelStudioUserId header overrides it. */
    public void setUserId(Long userId) {
        this.userId = userId;
    }

    public Long getExportId() {
        return exportId;
    }

    /** The export snapshot id; the CamelLabelStudioExportId header overrides it per message. */
    public void setExportId(Long exportId) {
        this.exportId = exportId;
    }

    public String getExportType() {
        return exportType;
    }

    /**
     * The export format: JSON, JSON_MIN, CSV, TSV, COCO, YOLO, ... (the formats operation lists a project's). For the
     * exports consumer, the format of its downloads (download=true).
     */
    public void setExportType(String exportType) {
        this.exportType = exportType;
    }

    public boolean isDownloadAllTasks() {
        return downloadAllTasks;
    }

    /**
     * For the one-shot export, and for the snapshots the exports consumer creates (createSnapshots=true): all tasks,
     * not only the annotated ones.
     */
    public void setDownloadAllTasks(boolean downloadAllTasks) {
        this.downloadAllTasks = downloadAllTasks;
    }

    public boolean isDownloadResources() {
        return downloadResources;
    }

    /** For the one-shot export: include media files, for formats that bundle them. */
    public void setDownloadResources(boolean downloadResources) {
        this.downloadResources = downloadResources;
    }

    public String getExportLocation() {
        return exportLocation;
    }

    /**
     * Where export, download and run, and the exports consumer with download=true, write the export: a directory
     * (existing, or ending with a separator), where the server's file name (made safe) is used, or a file path.
     * Unset: the body is an InputStream, closed when the exchange completes.
     */
    public void setExportLocation(String exportLocation) {
        this.exportLocation = exportLocation;
    }

    public boolean isSplit() {
        return split;
    }

    /**
     * For JSON exports: the body becomes a lazy iterator of tasks (Maps) parsed as they arrive, for
     * split(body()).streaming() over exports of any size.
     */
    public void setSplit(boolean split) {
        this.split = split;
    }

    public long getExportTimeout() {
        return exportTimeout;
    }

    /**
     * How long run waits for its snapshot (and, on Enterprise, its conversion) to complete; also how long the
     * exports consumer waits for an Enterprise conversion to exportType (10m, or milliseconds).
     */
    public void setExportTimeout(long exportTimeout) {
        this.exportTimeout = exportTimeout;
    }

    public Boolean getInterpolateKeyFrames() {
        return interpolateKeyFrames;
    }

    /**
     * For snapshots of video projects (exports create and run, the exports consumer): interpolate key frames into every
     * frame. Sent in the snapshot body's serialization_options.interpolate_key_frames, where Label Studio reads it,
     * unless the body sets that itself.
     */
    public void setInterpolateKeyFrames(Boolean interpolateKeyFrames) {
        this.interpolateKeyFrames = interpolateKeyFrames;
    }

    public StorageType getStorageType() {
        return storageType;
    }

    /**
     * The storage type of the storages operations: s3, s3s (S3 with an IAM role, Enterprise), gcs, azure, redis or
     * localfiles. For list, unset lists every type. Create and validate send the Python SDK's defaults for fields the
     * body leaves out: import storages of s3, s3s, gcs and azure use_blob_urls=true, presign=true, presign_ttl=1 (the
     * server's own default for use_blob_urls is false); localfiles use_blob_urls=true, presign=false, presign_ttl=1;
     * export storages can_delete_objects=false; s3s without external_id gets the organization's.
     */
    public void setStorageType(StorageType storageType) {
        this.storageType = storageType;
    }

    public boolean isGcsCredentialsFromFile() {
        return gcsCredentialsFromFile;
    }

    /**
     * Whether a GCS storage's google_application_credentials that is not JSON is read as the path of a file on the
     * machine running Camel, whose content is sent instead (as the Python SDK does). Off by default: storage fields
     * come from the message body, which must not make the route read and send one of its own files; without it such a
     * value fails before anything is read or sent. Turn it on when the route, not the message, names the file, e.g.
     * from the GOOGLE_APPLICATION_CREDENTIALS environment variable.
     */
    public void setGcsCredentialsFromFile(boolean gcsCredentialsFromFile) {
        this.gcsCredentialsFromFile = gcsCredentialsFromFile;
    }

    public Direction getDirection() {
        return direction;
    }

    /** Whether storages are sources of tasks (import) or targets of annotations (export). */
    public void setDirection(Direction direction) {
        this.direction = direction;
    }

    public Long getStorageId() {
        return storageId;
    }

    /** The storage id; the CamelLabelStudioStorageId header overrides it per message. */
    public void setStorageId(Long storageId) {
        this.storageId = storageId;
    }

    public boolean isReuseExisting() {
        return reuseExisting;
    }

    /**
     * On storage create: return the project's existing storage of the same type, direction, location (bucket,
     * container or path) and prefix instead of connecting it a second time, which would duplicate tasks.
     */
    public void setReuseExisting(boolean reuseExisting) {
        this.reuseExisting = reuseExisting;
    }

    public boolean isWaitForSync() {
        return waitForSync;
    }

    /** On storage sync: wait until the sync has ended (completed or failed) before answering. */
    public void setWaitForSync(boolean waitForSync) {
        this.waitForSync = waitForSync;
    }

    public long getSyncTimeout() {
        return syncTimeout;
    }

    /** How long a storage sync with waitForSync may take before the operation fails (30s, 10m, or milliseconds). */
    public void setSyncTimeout(long syncTimeout) {
        this.syncTimeout = syncTimeout;
    }

    public String getUsers() {
        return users;
    }

    /**
     * Comma-separated user ids for the assignment operations (Enterprise); the CamelLabelStudioUserIds header
     * overrides it.
     */
    public void setUsers(String users) {
        this.users = users;
    }

    public double getFraction() {
        return fraction;
    }

    /**
     * For assign...BySampling: the share of the project's (or view's) tasks to assign, more than 0 and at most 1; the
     * number of tasks is rounded down.
     */
    public void setFraction(double fraction) {
        this.fraction = fraction;
    }

    public int getOverlap() {
        return overlap;
    }

    /**
     * For assign...BySampling: how many different users get each sampled task; at most the number of users.
     */
    public void setOverlap(int overlap) {
        this.overlap = overlap;
    }

    public int getPageSize() {
        return pageSize;
    }

    /** Items fetched per request by list operations (the server caps projects at 100). */
    public void setPageSize(int pageSize) {
        this.pageSize = pageSize;
    }

    public long getMaxResults() {
        return maxResults;
    }

    /** The most items a list operation returns; 0 returns all. */
    public void setMaxResults(long maxResults) {
        this.maxResults = maxResults;
    }

    public boolean isPrefetch() {
        return prefetch;
    }

    /**
     * Whether the task list fetches the next page in the background while the route works on the current one (with
     * split().streaming()), so the server and the route work at the same time. At most two pages are held; closing
     * the iteration stops the fetch.
     */
    public void setPrefetch(boolean prefetch) {
        this.prefetch = prefetch;
    }

    public int getParallelPages() {
        return parallelPages;
    }

    /**
     * With prefetch, how many pages of the task list are fetched in the background at the same time, each by one of
     * the server's workers; the route still gets the tasks in order. Besides the route's page, at most parallelPages
     * pages are held. The default, 2, listed 1.8 times as fast as one page at a time against a production Label
     * Studio with an idle core; 1 asks the server for one page at a time.
     */
    public void setParallelPages(int parallelPages) {
        this.parallelPages = parallelPages;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    /** How long to wait for a connection to the server (30s, or milliseconds). */
    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getResponseTimeout() {
        return responseTimeout;
    }

    /**
     * How long to wait for data on an open connection (10m, or milliseconds); 0 waits forever. The 10 minute default leaves room for large
     * synchronous requests, which the server works through before it answers.
     */
    public void setResponseTimeout(long responseTimeout) {
        this.responseTimeout = responseTimeout;
    }

    public boolean isCompression() {
        return compression;
    }

    /**
     * Whether to ask the server for gzip-compressed answers (Accept-Encoding). Label Studio's nginx compresses JSON
     * about 30 times, which saves most of the transfer over a network at some server CPU; turn it off for a server on
     * the same host. Compressed answers are decompressed as they are read, never held whole.
     */
    public void setCompression(boolean compression) {
        this.compression = compression;
    }

    public long getServerTimeLimit() {
        return serverTimeLimit;
    }

    /**
     * How long the server lets one request run (30s, or milliseconds): gunicorn, Label Studio's application server, kills a request after
     * its worker timeout, 30 s by default. A 5xx answer or a lost connection after at least this long is reported as
     * that limit (with what it means for the request) and not retried.
     */
    public void setServerTimeLimit(long serverTimeLimit) {
        this.serverTimeLimit = serverTimeLimit;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    /**
     * Retries of idempotent requests (GET, PUT, PATCH, DELETE; never POST) after a connection error or HTTP 408, 429
     * or 5xx; 0 disables them.
     */
    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getRetryInitialDelay() {
        return retryInitialDelay;
    }

    /** Backoff before the first retry (500ms, or milliseconds); doubled for each further retry, with jitter. */
    public void setRetryInitialDelay(long retryInitialDelay) {
        this.retryInitialDelay = retryInitialDelay;
    }

    public long getRetryMaxDelay() {
        return retryMaxDelay;
    }

    /** The longest backoff between two retries (10s, or milliseconds). */
    public void setRetryMaxDelay(long retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }

    public long getRetryAfterMaxDelay() {
        return retryAfterMaxDelay;
    }

    /** The longest a server's Retry-After header may make a retry wait (30s, or milliseconds). */
    public void setRetryAfterMaxDelay(long retryAfterMaxDelay) {
        this.retryAfterMaxDelay = retryAfterMaxDelay;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    /** Size of the HTTP connection pool of the client that endpoints with the same connection options share. */
    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    /**
     * TLS settings (trust store, key store) for an https server, e.g. to trust a self-signed or private-CA certificate;
     * the JVM's default trust store when unset (see also the component's useGlobalSslContextParameters).
     */
    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public String getProxyHost() {
        return proxyHost;
    }

    /** Host of an HTTP proxy to reach the server through. */
    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public Integer getProxyPort() {
        return proxyPort;
    }

    /** Port of the HTTP proxy. */
    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public TaskEvent getEvent() {
        return event;
    }

    /**
     * What the tasks consumer emits: created (each new task once, in id order), updated (a task whose data or
     * annotations changed; new tasks count as changed) or completed (a task that became labeled, once per task).
     */
    public void setEvent(TaskEvent event) {
        this.event = event;
    }

    public String getStartFrom() {
        return startFrom;
    }

    /**
     * Where a consumer starts when its state repository holds no mark yet: now (only what appears after the route
     * starts), beginning (everything), a task or export id (that id and later ones), or an ISO-8601 instant such as
     * 2026-01-31T12:00:00Z (the updated and completed events: changes at or after it). Ignored once a mark is
     * stored.
     */
    public void setStartFrom(String startFrom) {
        this.startFrom = startFrom;
    }

    public StateRepository<String, String> getStateRepository() {
        return stateRepository;
    }

    /**
     * Where a consumer keeps its mark (the last task or export it delivered), so that a restart resumes where the last
     * run stopped and loses nothing: any Camel StateRepository that persists, e.g. a FileStateRepository or a shared
     * one. In memory when not set (a restart then begins again at startFrom). An item processed just before a crash
     * can come once more; an idempotent repository in the route keeps it from being processed twice.
     */
    public void setStateRepository(StateRepository<String, String> stateRepository) {
        this.stateRepository = stateRepository;
    }

    public String getStateKey() {
        return stateKey;
    }

    /**
     * The key of this consumer's mark in the state repository. By default labelstudio:tasks:projectId:ID:event:EVENT
     * (e.g. labelstudio:tasks:projectId:5:event:created) or labelstudio:exports:projectId:ID; the exports consumer
     * keeps its createSnapshots fingerprint under the key followed by :fingerprint. Set a key of its own for each
     * route when two routes consume the same project (and event) with one repository. A FileStateRepository refuses
     * keys containing = or line breaks.
     */
    public void setStateKey(String stateKey) {
        this.stateKey = stateKey;
    }

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    /**
     * The most tasks or exports one poll delivers; 0 for no limit (a poll then holds every new item in memory).
     * With greedy=true the next poll follows at once while there is more.
     */
    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    public long getPollOverlap() {
        return pollOverlap;
    }

    /**
     * How long (10s, or milliseconds) the updated and completed events look back behind their mark, so that a change committed late
     * with an earlier timestamp is not missed; what was already delivered in that window is not delivered again.
     */
    public void setPollOverlap(long pollOverlap) {
        this.pollOverlap = pollOverlap;
    }

    public long getLateCommitWindow() {
        return lateCommitWindow;
    }

    /**
     * How long event=created waits for a task id that was skipped when a higher id was delivered (in milliseconds,
     * or a duration such as 2m). On PostgreSQL a task created by a storage sync or a single-task create can commit
     * after a task with a higher id was listed; it is delivered when it appears within this time (counted from the
     * creation of the task above it), after the higher ids. Skipped ids where nothing appears in time are given up (most never fill: other
     * projects' ids, rolled-back inserts). 0 turns the wait off.
     */
    public void setLateCommitWindow(long lateCommitWindow) {
        this.lateCommitWindow = lateCommitWindow;
    }

    public boolean isDownload() {
        return download;
    }

    /**
     * The exports consumer: the body of a completed snapshot is the export itself in exportType (a stream, closed when
     * the exchange completes, or a file in exportLocation) instead of the snapshot metadata. A failed snapshot keeps
     * its metadata as the body.
     */
    public void setDownload(boolean download) {
        this.download = download;
    }

    public boolean isCreateSnapshots() {
        return createSnapshots;
    }

    /**
     * The exports consumer creates a snapshot at a poll when the project changed since the last snapshot it created
     * (its tasks, their data, annotations or predictions), and none while nothing changed, so that every finished
     * batch of labels flows downstream. The snapshot holds the annotated tasks, or all with downloadAllTasks=true.
     */
    public void setCreateSnapshots(boolean createSnapshots) {
        this.createSnapshots = createSnapshots;
    }

    public String getEvents() {
        return events;
    }

    /**
     * Webhook events, comma-separated, e.g. ANNOTATION_CREATED,TASKS_CREATED; empty for all events of the project.
     * The webhooks consumer registers for them; create of the webhooks producer uses them when the body names no
     * actions. Unknown names and events a project webhook never receives fail naming this option.
     */
    public void setEvents(String events) {
        this.events = events;
    }

    public String getWebhookUrl() {
        return webhookUrl;
    }

    /**
     * The address Label Studio posts webhook events to, as Label Studio sees it, e.g.
     * http://camel-host:8080/labelstudio/events (absolute http or https). The webhooks consumer serves its path
     * through Camel's platform-http; create of the webhooks producer uses it when the body has no url.
     */
    public void setWebhookUrl(String webhookUrl) {
        this.webhookUrl = webhookUrl;
    }

    public String getWebhookSecret() {
        return webhookSecret;
    }

    /**
     * The secret Label Studio sends in the X-LabelStudio-Webhook-Secret header with every webhook delivery; the
     * webhooks consumer answers 401 to requests without it. The consumer generates one at each start when not set,
     * which suits one node only: nodes that serve one webhookUrl together need this secret, the same on each (see
     * sharedWebhook). Kept secret.
     */
    public void setWebhookSecret(String webhookSecret) {
        this.webhookSecret = webhookSecret;
    }

    public boolean isSharedWebhook() {
        return sharedWebhook;
    }

    /**
     * Whether several nodes serve webhookUrl (behind one load balancer) and share one webhook. Needs webhookSecret,
     * the same on every node, and the same events. A node then uses the webhook registered with the same url, secret
     * and events as it is, never changes or takes over one with another secret or other events (its start fails
     * naming the difference), and leaves the webhook registered at stop because the other nodes still serve it;
     * delete it (operation=delete) when the last node is retired. False (the default): one consumer owns the
     * webhook of its url: it takes over one left by an earlier run, restores it when changed and deletes it at stop.
     */
    public void setSharedWebhook(boolean sharedWebhook) {
        this.sharedWebhook = sharedWebhook;
    }

    public Long getWebhookId() {
        return webhookId;
    }

    /** The webhook to get, update or delete. */
    public void setWebhookId(Long webhookId) {
        this.webhookId = webhookId;
    }

    public long getMaxDeliveryBytes() {
        return maxDeliveryBytes;
    }

    /**
     * The webhooks consumer: the largest delivery it accepts, in bytes (default 4 MiB). A request announcing more
     * (Content-Length) is answered 413 before its body is read; a chunked one is read no further than the limit. Raise it
     * when events carry many or large tasks (a TASKS_CREATED event of a big import holds every task). Refused requests are counted (getRefusedRequests on the consumer) and logged at most
     * once a minute.
     */
    public void setMaxDeliveryBytes(long maxDeliveryBytes) {
        this.maxDeliveryBytes = maxDeliveryBytes;
    }

    public LabelStudioClient getClient() {
        return client;
    }

    /**
     * A ready Label Studio client to use instead of building one from these options; found in the registry when it
     * holds exactly one. The endpoint does not close a client it was given.
     */
    public void setClient(LabelStudioClient client) {
        this.client = client;
    }

    /** A copy for one endpoint, so endpoint options never change the component's defaults. */
    public LabelStudioConfiguration copy() {
        try {
            return (LabelStudioConfiguration) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }
}
