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
package io.camellabelstudio.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JavaType;

import io.camellabelstudio.client.error.LabelStudioException;
import io.camellabelstudio.client.export.ExportDownload;
import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.http.ApiTransport;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.ExportFormat;
import io.camellabelstudio.client.model.ExportSnapshot;
import io.camellabelstudio.client.model.View;

/**
 * Exports, streamed: the one-shot export, export snapshots (create, list, status, download, delete) and
 * {@link #run}, the full flow with filters. Downloads are never read into memory: they are {@link ExportDownload}s
 * to stream, write to a file, or iterate task by task.
 */
public final class ExportsApi {

    private static final Logger LOG = LoggerFactory.getLogger(ExportsApi.class);
    private static final JavaType SNAPSHOTS =
            Json.mapper().getTypeFactory().constructCollectionType(List.class, ExportSnapshot.class);
    private static final JavaType FORMATS =
            Json.mapper().getTypeFactory().constructCollectionType(List.class, ExportFormat.class);

    private final ApiTransport transport;
    private final ViewsApi views;
    private final EditionGuard edition;
    private final Clock clock;
    private final Duration pollInterval;

    ExportsApi(ApiTransport transport, ViewsApi views, EditionGuard edition, Clock clock, Duration pollInterval) {
        this.transport = transport;
        this.views = views;
        this.edition = edition;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    /**
     * The one-shot export ({@code GET /api/projects/{id}/export}); Label Studio prepares it before it answers.
     *
     * @param exportType       JSON, JSON_MIN, CSV, TSV, COCO, YOLO, ... (see {@link #formats})
     * @param downloadAllTasks all tasks, not only annotated ones
     * @param downloadResources include the media files (for formats that bundle them)
     * @param taskIds          only these tasks; empty for all
     */
    public ExportDownload export(
            long projectId,
            String exportType,
            boolean downloadAllTasks,
            boolean downloadResources,
            List<Long> taskIds) {
        long start = System.nanoTime();
        String type = exportType(exportType);
        ApiRequest request = ApiRequest.get("/api/projects/" + projectId + "/export")
                .withAccept("*/*")
                .query("exportType", type)
                .query("download_all_tasks", downloadAllTasks)
                .query("download_resources", downloadResources);
        if (taskIds != null) {
            for (Long id : taskIds) {
                // Label Studio reads request.GET.getlist('ids[]'): a plain "ids" is ignored and exports every task
                request = request.query("ids[]", id);
            }
        }
        return downloadOf(request, fallbackName(projectId, null, type), projectId, start);
    }

    /** The export formats the project's label config supports. */
    public List<ExportFormat> formats(long projectId) {
        List<ExportFormat> formats =
                transport.execute(ApiRequest.get("/api/projects/" + projectId + "/export/formats"), FORMATS);
        return formats == null ? List.of() : formats;
    }

    /**
     * Creates a snapshot. {@code options} are the server's fields: {@code title}, {@code task_filter_options}
     * ({@code view}, {@code skipped}, {@code finished}, {@code annotated}, {@code only_with_annotations}),
     * {@code annotation_filter_options} ({@code usual}, {@code ground_truth}, {@code skipped}),
     * {@code serialization_options} ({@code drafts}, {@code predictions}, {@code annotations__completed_by},
     * {@code interpolate_key_frames}).
     *
     * <p>What {@code options} leave out gets the Python SDK's defaults ({@code export_snapshot_create}), key by key
     * inside the nested objects: {@code task_filter_options} {@code {}}, {@code annotation_filter_options}
     * {@code usual}, {@code ground_truth} and {@code skipped} true, {@code serialization_options} {@code drafts},
     * {@code predictions} and {@code annotations__completed_by} {@code {"only_id": true}} and
     * {@code interpolate_key_frames} false.
     *
     * @param interpolateKeyFrames when not null, {@code serialization_options.interpolate_key_frames} unless
     *     {@code options} set it: Label Studio reads it from there only (it is also sent as a query parameter, as the
     *     SDK does)
     */
    public ExportSnapshot create(long projectId, Map<String, ?> options, Boolean interpolateKeyFrames) {
        Objects.requireNonNull(options, "options");
        Map<String, Object> body = snapshotBody(options, interpolateKeyFrames);
        return transport.execute(
                ApiRequest.post("/api/projects/" + projectId + "/exports/", body)
                        .query(
                                "interpolate_key_frames",
                                interpolateKeyFrames != null
                                                && body.get("serialization_options") instanceof Map<?, ?> serialization
                                        ? serialization.get("interpolate_key_frames")
                                        : null),
                ExportSnapshot.class);
    }

    /** {@code options} over the SDK's defaults, nested objects merged key by key. */
    static Map<String, Object> snapshotBody(Map<String, ?> options, Boolean interpolateKeyFrames) {
        Map<String, Object> serialization = new LinkedHashMap<>();
        serialization.put("drafts", Map.of("only_id", true));
        serialization.put("predictions", Map.of("only_id", true));
        serialization.put("annotations__completed_by", Map.of("only_id", true));
        serialization.put("interpolate_key_frames", interpolateKeyFrames != null && interpolateKeyFrames);
        Map<String, Object> annotationFilter = new LinkedHashMap<>();
        annotationFilter.put("usual", true);
        annotationFilter.put("ground_truth", true);
        annotationFilter.put("skipped", true);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("serialization_options", serialization);
        body.put("task_filter_options", new LinkedHashMap<String, Object>());
        body.put("annotation_filter_options", annotationFilter);
        options.forEach((key, value) -> {
            if (body.get(key) instanceof Map<?, ?> defaults && value instanceof Map<?, ?> given) {
                Map<String, Object> merged = new LinkedHashMap<>();
                defaults.forEach((k, v) -> merged.put(String.valueOf(k), v));
                given.forEach((k, v) -> merged.put(String.valueOf(k), v));
                body.put(key, merged);
            } else {
                body.put(key, value);
            }
        });
        return body;
    }

    /** The project's snapshots (the server lists the newest 100). */
    public List<ExportSnapshot> list(long projectId) {
        List<ExportSnapshot> snapshots =
                transport.execute(ApiRequest.get("/api/projects/" + projectId + "/exports/"), SNAPSHOTS);
        return snapshots == null ? List.of() : snapshots;
    }

    public ExportSnapshot status(long projectId, long exportId) {
        return transport.execute(ApiRequest.get(snapshotPath(projectId, exportId)), ExportSnapshot.class);
    }

    /** Downloads a completed snapshot in {@code exportType} (converted on the fly by Community servers). */
    public ExportDownload download(long projectId, long exportId, String exportType) {
        return download(projectId, exportId, exportType, System.nanoTime());
    }

    /** @param start when the export began (System.nanoTime), for the duration the listener is told */
    private ExportDownload download(long projectId, long exportId, String exportType, long start) {
        String type = exportType(exportType);
        ApiRequest request = ApiRequest.get(snapshotPath(projectId, exportId) + "/download")
                .withAccept("*/*")
                .query("exportType", type);
        return downloadOf(request, fallbackName(projectId, exportId, type), projectId, start);
    }

    /** Opens a download that tells the client's listener its size and duration when it ends. */
    private ExportDownload downloadOf(ApiRequest request, String fallbackName, long projectId, long start) {
        ClientListener listener = transport.listener();
        return new ExportDownload(
                transport.open(request),
                fallbackName,
                bytes -> listener.exportDownloaded(projectId, bytes, Duration.ofNanos(System.nanoTime() - start)));
    }

    /**
     * Downloads a completed snapshot in {@code exportType}, converting it first where the server needs that: Enterprise
     * servers convert explicitly (awaited up to {@code timeout}), Community servers while downloading.
     */
    public ExportDownload downloadConverted(long projectId, long exportId, String exportType, Duration timeout) {
        return downloadConverted(projectId, exportId, exportType, timeout, System.nanoTime());
    }

    private ExportDownload downloadConverted(
            long projectId, long exportId, String exportType, Duration timeout, long start) {
        String type = exportType(exportType);
        if (!type.equals("JSON") && edition.isEnterprise()) {
            convert(projectId, exportId, type, timeout);
        }
        return download(projectId, exportId, type, start);
    }

    public void delete(long projectId, long exportId) {
        transport.execute(ApiRequest.delete(snapshotPath(projectId, exportId)));
    }

    /**
     * Waits until a snapshot is {@code completed}, polling its status; a {@code failed} snapshot raises with the
     * server's reason, and so does one still unfinished after {@code timeout}.
     */
    public ExportSnapshot awaitCompleted(long projectId, long exportId, Duration timeout) {
        return Waiting.until(
                clock,
                timeout,
                Waiting.every(pollInterval),
                "an export",
                () -> {
                    ExportSnapshot snapshot = status(projectId, exportId);
                    if (snapshot.failed()) {
                        Object reason = snapshot.field("traceback");
                        throw new LabelStudioException("Export " + exportId + " of project " + projectId + " failed"
                                + (reason == null ? "" : ": " + reason));
                    }
                    return snapshot.completed() ? Waiting.Poll.done(snapshot) : Waiting.Poll.running(snapshot.status());
                },
                status -> "Export " + exportId + " of project " + projectId + " did not complete within exportTimeout "
                        + timeout + " (status: " + status + ")");
    }

    /**
     * The whole export flow, as the Python SDK's {@code export()}: with filters, a temporary view selects the tasks;
     * a snapshot of it is created and awaited, and the download is opened. The temporary view is deleted once the
     * snapshot exists, and also when any step fails; the snapshot is kept (delete it when done, or let it be).
     *
     * @param filters Data Manager filters (Map, JSON String or JsonNode); null for all tasks
     */
    public RunResult run(
            long projectId,
            Object filters,
            Map<String, ?> snapshotOptions,
            String exportType,
            Duration timeout,
            Boolean interpolateKeyFrames) {
        long start = System.nanoTime();
        View view =
                filters == null ? null : views.create(projectId, "camel-labelstudio export (temporary)", filters, null);
        ExportSnapshot snapshot;
        try {
            Map<String, Object> options = new java.util.LinkedHashMap<>();
            if (snapshotOptions != null) {
                options.putAll(snapshotOptions);
            }
            options.putIfAbsent("title", "camel-labelstudio export");
            if (view != null) {
                Map<String, Object> taskFilter = new java.util.LinkedHashMap<>();
                if (options.get("task_filter_options") instanceof Map<?, ?> given) {
                    given.forEach((k, v) -> taskFilter.put(String.valueOf(k), v));
                }
                taskFilter.put("view", view.id());
                options.put("task_filter_options", taskFilter);
            }
            snapshot = create(projectId, options, interpolateKeyFrames);
            Instant deadline = clock.instant().plus(timeout);
            snapshot = awaitCompleted(projectId, snapshot.id(), timeout);
            ExportDownload download = downloadConverted(
                    projectId, snapshot.id(), exportType, Duration.between(clock.instant(), deadline), start);
            return new RunResult(snapshot, download);
        } finally {
            if (view != null) {
                deleteQuietly(view);
            }
        }
    }

    /**
     * Converts a snapshot to another format and waits for it (Label Studio Enterprise; Community servers convert while
     * downloading and need no conversion).
     */
    public void convert(long projectId, long exportId, String exportType, Duration timeout) {
        String type = exportType(exportType);
        transport.execute(
                ApiRequest.post(snapshotPath(projectId, exportId) + "/convert", Map.of("export_type", type)),
                com.fasterxml.jackson.databind.JsonNode.class);
        Waiting.until(
                clock,
                timeout,
                Waiting.every(pollInterval),
                "an export",
                () -> {
                    String state = conversionStatus(status(projectId, exportId), type);
                    if ("failed".equals(state)) {
                        throw new LabelStudioException("Converting export " + exportId + " of project " + projectId
                                + " to " + type + " failed");
                    }
                    return "completed".equals(state) ? Waiting.Poll.done(type) : Waiting.Poll.running(state);
                },
                status -> "Converting export " + exportId + " of project " + projectId + " to " + type
                        + " did not finish within exportTimeout " + timeout);
    }

    private static String conversionStatus(ExportSnapshot snapshot, String type) {
        if (snapshot.field("converted_formats") instanceof List<?> formats) {
            for (Object format : formats) {
                if (format instanceof Map<?, ?> entry
                        && type.equalsIgnoreCase(String.valueOf(entry.get("export_type")))) {
                    return String.valueOf(entry.get("status"));
                }
            }
        }
        return null;
    }

    /** A snapshot made by {@link #run} and its open download. */
    public record RunResult(ExportSnapshot snapshot, ExportDownload download) {}

    private void deleteQuietly(View view) {
        try {
            views.delete(view.id());
        } catch (RuntimeException e) {
            LOG.warn("Could not delete the temporary export view {}: {}", view.id(), e.getMessage());
        }
    }

    private static String exportType(String exportType) {
        return exportType == null || exportType.isBlank()
                ? "JSON"
                : exportType.strip().toUpperCase(Locale.ROOT);
    }

    private static String fallbackName(long projectId, Long exportId, String type) {
        String extension = switch (type) {
            case "JSON", "JSON_MIN" -> ".json";
            case "CSV" -> ".csv";
            case "TSV" -> ".tsv";
            default -> ".zip";
        };
        return "project-" + projectId + (exportId == null ? "" : "-export-" + exportId) + extension;
    }

    private static String snapshotPath(long projectId, long exportId) {
        return "/api/projects/" + projectId + "/exports/" + exportId;
    }
}
