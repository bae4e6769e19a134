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

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.camellabelstudio.client.ExportsApi;
import io.camellabelstudio.client.export.ExportDownload;
import io.camellabelstudio.client.model.ExportSnapshot;
import io.camellabelstudio.component.ExportBodies;
import io.camellabelstudio.component.LabelStudioConfiguration;
import io.camellabelstudio.component.LabelStudioConstants;

/**
 * The operations of {@code labelstudio:exports}. Downloads are never held in memory: the body is an InputStream that
 * is closed when the exchange completes, the File written to exportLocation, or (split=true) a lazy iterator of
 * tasks.
 */
public final class ExportOperations {

    public void process(OperationContext ctx) {
        ExportsApi exports = ctx.client().exports();
        LabelStudioConfiguration config = ctx.configuration();
        switch (ctx.operation()) {
            case EXPORT -> {
                List<Long> ids = ctx.idList(LabelStudioConstants.TASK_IDS, "selectedIds", config.getSelectedIds());
                deliver(
                        ctx,
                        exports.export(
                                ctx.requiredId(IdOption.PROJECT),
                                config.getExportType(),
                                config.isDownloadAllTasks(),
                                config.isDownloadResources(),
                                ids));
            }
            case FORMATS -> ctx.out().setBody(exports.formats(ctx.requiredId(IdOption.PROJECT)));
            case LIST -> ctx.out().setBody(exports.list(ctx.requiredId(IdOption.PROJECT)));
            case CREATE ->
                snapshot(
                        ctx,
                        exports.create(
                                ctx.requiredId(IdOption.PROJECT),
                                snapshotOptions(ctx),
                                config.getInterpolateKeyFrames()));
            case STATUS ->
                snapshot(ctx, exports.status(ctx.requiredId(IdOption.PROJECT), ctx.requiredId(IdOption.EXPORT)));
            case DOWNLOAD -> {
                long exportId = ctx.requiredId(IdOption.EXPORT);
                ctx.out().setHeader(LabelStudioConstants.EXPORT_ID, exportId);
                deliver(ctx, exports.download(ctx.requiredId(IdOption.PROJECT), exportId, config.getExportType()));
            }
            case DELETE -> {
                long exportId = ctx.requiredId(IdOption.EXPORT);
                exports.delete(ctx.requiredId(IdOption.PROJECT), exportId);
                ctx.out().setHeader(LabelStudioConstants.EXPORT_ID, exportId);
                ctx.out().setBody(true);
            }
            case RUN -> run(ctx, exports, config);
            default -> throw new IllegalArgumentException("Operation " + ctx.describe() + " is not supported");
        }
    }

    /** Body: snapshot options (title, task_filter_options, ...) as Map/JSON, or none for the defaults. */
    private static Map<String, Object> snapshotOptions(OperationContext ctx) {
        return ctx.in().getBody() == null ? Map.of() : ctx.bodyAsFields();
    }

    /** filters option (or none) → temporary view → snapshot → wait → download; the view is always deleted. */
    private static void run(OperationContext ctx, ExportsApi exports, LabelStudioConfiguration config) {
        Object filters = config.getFilters() == null || config.getFilters().isBlank() ? null : config.getFilters();
        ExportsApi.RunResult result = exports.run(
                ctx.requiredId(IdOption.PROJECT),
                filters,
                snapshotOptions(ctx),
                config.getExportType(),
                Duration.ofMillis(config.getExportTimeout()),
                config.getInterpolateKeyFrames());
        snapshot(ctx, result.snapshot());
        deliver(ctx, result.download());
    }

    private static void snapshot(OperationContext ctx, ExportSnapshot snapshot) {
        ctx.out().setHeader(LabelStudioConstants.EXPORT_ID, snapshot.id());
        ctx.out().setHeader(LabelStudioConstants.EXPORT_STATUS, snapshot.status());
        if (snapshot.taskNumber() != null) {
            ctx.out().setHeader(LabelStudioConstants.TASK_COUNT, snapshot.taskNumber());
        }
        ctx.out().setBody(snapshot);
    }

    /** Hands the download over as a file, a task iterator or a stream; it is closed at the latest on completion. */
    private static void deliver(OperationContext ctx, ExportDownload download) {
        LabelStudioConfiguration config = ctx.configuration();
        ExportBodies.deliver(ctx.exchange(), ctx.out(), download, config.getExportLocation(), config.isSplit());
    }
}
