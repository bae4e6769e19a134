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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camellabelstudio.client.ExportsApi;
import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.model.ExportSnapshot;
import io.camellabelstudio.component.ExportBodies;
import io.camellabelstudio.component.LabelStudioConfiguration;
import io.camellabelstudio.component.LabelStudioConstants;
import io.camellabelstudio.component.LabelStudioEndpoint;

/**
 * {@code from("labelstudio:exports?projectId=…")}: one exchange per snapshot that reached {@code completed} or
 * {@code failed}, once each, in id order. The mark (the highest export id delivered) advances only past exchanges
 * that completed without an exception, so a failed one comes again at the next poll. With createSnapshots=true it
 * first creates a snapshot when the project changed since the last one it created.
 */
public class LabelStudioExportsConsumer extends OrderedBatchConsumer<ExportSnapshot> {

    private static final Logger LOG = LoggerFactory.getLogger(LabelStudioExportsConsumer.class);
    /** GET /api/projects/{id}/exports/ answers the newest 100 snapshots, no more, without paging. */
    private static final int LISTED_AT_MOST = 100;

    private final LabelStudioEndpoint endpoint;
    private final LabelStudioConfiguration config;
    private final long projectId;
    private final StartFrom startFrom;
    private final MarkStore mark;
    private final MarkStore fingerprint;

    public LabelStudioExportsConsumer(LabelStudioEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
        if (config.getProjectId() == null) {
            throw new IllegalArgumentException(
                    "The labelstudio:exports consumer needs the projectId option: the project whose exports it watches");
        }
        this.projectId = config.getProjectId();
        this.startFrom = StartFrom.parse(config.getStartFrom());
        if (startFrom.kind() == StartFrom.Kind.INSTANT) {
            throw new IllegalArgumentException("startFrom=" + config.getStartFrom() + " is an instant, which"
                    + " labelstudio:exports does not take: use now (only exports made after the first poll),"
                    + " beginning, or an export id");
        }
        String key = config.getStateKey() == null || config.getStateKey().isBlank()
                ? MarkStore.defaultKey("exports", projectId, null)
                : config.getStateKey();
        this.mark = new MarkStore(config.getStateRepository(), key);
        this.fingerprint = new MarkStore(config.getStateRepository(), key + ":fingerprint");
        setMaxMessagesPerPoll(config.getMaxMessagesPerPoll());
    }

    @Override
    protected void doStart() throws Exception {
        ServiceHelper.startService(mark, fingerprint);
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        ServiceHelper.stopService(fingerprint, mark);
    }

    @Override
    protected List<ExportSnapshot> fetch() {
        LabelStudioClient client = endpoint.getClient();
        long delivered = currentMark(client.exports());
        if (config.isCreateSnapshots()) {
            snapshotIfChanged(client);
        }
        return due(client.exports().list(projectId), delivered);
    }

    /** The stored mark; at the first poll without one, startFrom resolved and stored (so a restart keeps it). */
    private long currentMark(ExportsApi exports) {
        String stored = mark.get();
        if (stored != null) {
            try {
                return Long.parseLong(stored.strip());
            } catch (NumberFormatException e) {
                throw new IllegalStateException("The state repository holds \"" + stored + "\" under " + mark.key()
                        + ", which is not an export id; remove it or set another stateKey");
            }
        }
        long resolved = switch (startFrom.kind()) {
            case NOW -> newestId(exports.list(projectId));
            case ID -> startFrom.id() - 1;
            default -> 0; // beginning (an instant is refused at creation)
        };
        mark.set(Long.toString(resolved));
        LOG.info(
                "labelstudio:exports of project {} starts after export {} (startFrom={})",
                projectId,
                resolved,
                config.getStartFrom());
        return resolved;
    }

    private static long newestId(List<ExportSnapshot> snapshots) {
        return snapshots.stream().mapToLong(ExportSnapshot::id).max().orElse(0);
    }

    /**
     * The snapshots to deliver now: after the mark, ascending, finished ones up to the first still running (it comes
     * at a later poll, and nothing after it overtakes it), at most maxMessagesPerPoll.
     */
    List<ExportSnapshot> due(List<ExportSnapshot> listed, long after) {
        warnOfAGap(listed, after);
        List<ExportSnapshot> newer = new ArrayList<>(listed.stream()
                .filter(s -> s.id() != null && s.id() > after)
                .sorted(Comparator.comparing(ExportSnapshot::id))
                .toList());
        List<ExportSnapshot> due = new ArrayList<>();
        for (ExportSnapshot snapshot : newer) {
            if (!snapshot.completed() && !snapshot.failed()) {
                LOG.debug(
                        "Export {} of project {} is {}; it and later ones wait for the next poll",
                        snapshot.id(),
                        projectId,
                        snapshot.status());
                break;
            }
            if (maxMessagesPerPoll > 0 && due.size() >= maxMessagesPerPoll) {
                break;
            }
            due.add(snapshot);
        }
        return due;
    }

    /** The server lists only the newest snapshots: a full list that starts past the mark may have hidden some. */
    private void warnOfAGap(List<ExportSnapshot> listed, long after) {
        if (listed.size() < LISTED_AT_MOST) {
            return;
        }
        long oldest = listed.stream().mapToLong(ExportSnapshot::id).min().orElse(0);
        if (oldest > after + 1) {
            LOG.warn(
                    "Label Studio lists only the newest {} exports of project {}: exports {} to {}, if any belong to"
                            + " it, cannot be delivered. Poll more often or delete old exports.",
                    LISTED_AT_MOST,
                    projectId,
                    after + 1,
                    oldest - 1);
        }
    }

    /** createSnapshots: a snapshot when the project changed since the one this consumer created last. */
    private void snapshotIfChanged(LabelStudioClient client) {
        ProjectFingerprint now = ProjectFingerprint.of(client, projectId);
        String last = fingerprint.get();
        if (now.value().equals(last)) {
            return;
        }
        if (last == null && now.taskCount() == 0) {
            fingerprint.set(now.value()); // an empty project: nothing to export yet
            return;
        }
        Map<String, Object> options = config.isDownloadAllTasks()
                ? Map.of()
                : Map.of("task_filter_options", Map.of("only_with_annotations", true));
        ExportSnapshot created = client.exports().create(projectId, options, config.getInterpolateKeyFrames());
        // the fingerprint was taken before the snapshot: a change in between gives one more snapshot, never none
        fingerprint.set(now.value());
        LOG.info(
                "labelstudio:exports of project {} created export {} ({}): the project changed",
                projectId,
                created.id(),
                created.status());
    }

    /** Headers and metadata body; with download=true a completed snapshot's export, opened only now. */
    @Override
    protected void fill(Exchange exchange, ExportSnapshot snapshot) {
        Message message = exchange.getMessage();
        message.setHeader(LabelStudioConstants.PROJECT_ID, projectId);
        message.setHeader(LabelStudioConstants.EXPORT_ID, snapshot.id());
        message.setHeader(LabelStudioConstants.EXPORT_STATUS, snapshot.status());
        message.setHeader(LabelStudioConstants.EVENT_TYPE, snapshot.status());
        if (snapshot.taskNumber() != null) {
            message.setHeader(LabelStudioConstants.TASK_COUNT, snapshot.taskNumber());
        }
        message.setBody(snapshot);
        if (config.isDownload() && snapshot.completed()) {
            // one at a time: a batch holds no more than one connection
            ExportBodies.deliver(
                    exchange,
                    message,
                    endpoint.getClient()
                            .exports()
                            .downloadConverted(
                                    projectId,
                                    snapshot.id(),
                                    config.getExportType(),
                                    Duration.ofMillis(config.getExportTimeout())),
                    config.getExportLocation(),
                    false);
        }
    }

    @Override
    protected void delivered(ExportSnapshot snapshot) {
        mark.set(Long.toString(snapshot.id()));
    }

    @Override
    protected String describe(ExportSnapshot snapshot) {
        return "export " + snapshot.id();
    }

    @Override
    protected String describe() {
        return "The labelstudio:exports consumer of project " + projectId;
    }
}
