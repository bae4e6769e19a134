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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camellabelstudio.client.ExportsApi;
import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.error.LabelStudioException;
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
public class LabelStudioExportsConsumer extends ScheduledBatchPollingConsumer {

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
    protected int poll() throws Exception {
        try {
            LabelStudioClient client = endpoint.getClient();
            long delivered = currentMark(client.exports());
            if (config.isCreateSnapshots()) {
                snapshotIfChanged(client);
            }
            List<ExportSnapshot> due = due(client.exports().list(projectId), delivered);
            Queue<Object> exchanges = new ArrayDeque<>(due.size());
            for (ExportSnapshot snapshot : due) {
                exchanges.add(exchangeOf(snapshot));
            }
            return processBatch(exchanges);
        } catch (LabelStudioException e) {
            throw new LabelStudioPollException("The labelstudio:exports consumer of project " + projectId, e);
        }
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
        long resolved = startFrom.resolve(() -> newestId(exports.list(projectId)));
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

    private Exchange exchangeOf(ExportSnapshot snapshot) {
        Exchange exchange = createExchange(false);
        Message message = exchange.getMessage();
        message.setHeader(LabelStudioConstants.PROJECT_ID, projectId);
        message.setHeader(LabelStudioConstants.EXPORT_ID, snapshot.id());
        message.setHeader(LabelStudioConstants.EXPORT_STATUS, snapshot.status());
        message.setHeader(LabelStudioConstants.EVENT_TYPE, snapshot.status());
        if (snapshot.taskNumber() != null) {
            message.setHeader(LabelStudioConstants.TASK_COUNT, snapshot.taskNumber());
        }
        message.setBody(snapshot);
        return exchange;
    }

    /**
     * One exchange after the other, synchronously, in id order; the mark is stored after each that completed without
     * an exception. The first failure goes to the exception handler and ends the batch, so it comes again next poll.
     */
    @Override
    public int processBatch(Queue<Object> exchanges) throws Exception {
        int total = exchanges.size();
        int delivered = 0;
        try {
            for (int index = 0; index < total && isBatchAllowed(); index++) {
                Exchange exchange = (Exchange) exchanges.poll();
                exchange.setProperty(ExchangePropertyKey.BATCH_INDEX, index);
                exchange.setProperty(ExchangePropertyKey.BATCH_SIZE, total);
                exchange.setProperty(ExchangePropertyKey.BATCH_COMPLETE, index == total - 1);
                pendingExchanges = total - index - 1;
                ExportSnapshot snapshot = exchange.getMessage().getBody(ExportSnapshot.class);
                if (!deliver(exchange, snapshot)) {
                    break;
                }
                mark.set(Long.toString(snapshot.id()));
                delivered++;
            }
        } finally {
            pendingExchanges = 0;
            for (Object left = exchanges.poll(); left != null; left = exchanges.poll()) {
                releaseExchange((Exchange) left, false);
            }
        }
        return delivered;
    }

    /** Routes one snapshot; true when the exchange completed without an exception. */
    private boolean deliver(Exchange exchange, ExportSnapshot snapshot) throws Exception {
        try {
            if (config.isDownload() && snapshot.completed()) {
                // opened only now, one at a time: a batch holds no more than one connection
                ExportBodies.deliver(
                        exchange,
                        exchange.getMessage(),
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
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                getExceptionHandler()
                        .handleException(
                                "Export " + snapshot.id() + " of project " + projectId
                                        + " failed in the route; it comes again at the next poll",
                                exchange,
                                exchange.getException());
                return false;
            }
            return true;
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /** The startFrom option of the exports consumer: now, beginning or an export id. */
    record StartFrom(String text, Long firstId) {

        static StartFrom parse(String text) {
            String value = text == null || text.isBlank() ? "now" : text.strip();
            if (value.equals("now") || value.equals("beginning")) {
                return new StartFrom(value, null);
            }
            try {
                long id = Long.parseLong(value);
                if (id >= 1) {
                    return new StartFrom(value, id);
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("startFrom=" + text + " is not valid for labelstudio:exports: use now"
                    + " (only exports made after the first poll), beginning, or an export id (1 or more)");
        }

        /** The mark to start from: the newest existing id for now, 0 for beginning, the id before the given one. */
        long resolve(java.util.function.LongSupplier newestExisting) {
            if (firstId != null) {
                return firstId - 1;
            }
            return text.equals("now") ? newestExisting.getAsLong() : 0;
        }
    }
}
