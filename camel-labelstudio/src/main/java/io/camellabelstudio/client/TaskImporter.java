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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;

import io.camellabelstudio.client.error.LabelStudioException;
import io.camellabelstudio.client.error.TaskImportException;
import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.http.ApiTransport;
import io.camellabelstudio.client.http.BackgroundThreads;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.model.LongList;

/**
 * Imports tasks in bounded batches: each batch is one {@code POST /api/projects/{id}/import}; an asynchronous answer
 * ({@code {"import": id}}, Enterprise) is polled with Fibonacci backoff until it completes, fails or times out. With an
 * import key, each batch first asks the server which keys exist and drops those tasks, holding its project's
 * {@link ImportKeyLocks permit} from the check until the server answered the import, so that concurrent imports in this
 * JVM create a key once. Import POSTs are never retried: a lost answer must not create the tasks twice (replay with an
 * import key instead).
 */
final class TaskImporter {

    private static final Logger LOG = LoggerFactory.getLogger(TaskImporter.class);

    private final ApiTransport transport;
    private final Clock clock;
    private final Duration pollUnit;
    /** Carries import requests while the caller reads the next batch: one task per import running. */
    private final ExecutorService senders;

    TaskImporter(ApiTransport transport, Clock clock, Duration pollUnit, ExecutorService senders) {
        this.transport = transport;
        this.clock = clock;
        this.pollUnit = pollUnit;
        this.senders = senders;
    }

    /**
     * Imports the tasks in batches, one request at a time and in order. While a batch's request is on its way, the
     * caller's thread reads and serializes the next batch, so the server does not wait for the client between
     * requests.
     */
    ImportResult importTasks(long projectId, Iterator<? extends Map<String, ?>> source, ImportOptions options) {
        Progress progress = new Progress();
        try {
            return importTasks(projectId, source, options, progress);
        } finally {
            report(projectId, progress);
        }
    }

    private ImportResult importTasks(
            long projectId, Iterator<? extends Map<String, ?>> source, ImportOptions options, Progress progress) {
        ImportKeys keys =
                options.importKey() == null ? null : new ImportKeys(transport, projectId, options.importKey());
        BatchReader reader = new BatchReader(source, options, keys);
        InFlight inFlight = null;
        try {
            while (true) {
                ImportBatch batch = reader.next(); // while the previous request is on its way
                if (inFlight != null) {
                    InFlight previous = inFlight;
                    inFlight = null;
                    previous.finish(progress);
                    logProgress(projectId, reader, progress);
                }
                if (batch == null) {
                    break;
                }
                if (keys == null) {
                    inFlight = send(projectId, batch, options, null, null);
                    continue;
                }
                // after the previous request, and while no other import of this JVM checks or imports into the
                // project: from the check until the server's answer, so a key found absent is not created twice
                ImportKeyLocks.Permit permit = ImportKeyLocks.acquire(transport.baseUrl(), projectId);
                try {
                    batch = withoutExistingKeys(keys, batch, progress);
                    if (batch.isEmpty()) {
                        logProgress(projectId, reader, progress);
                    } else {
                        inFlight = send(projectId, batch, options, keys, permit);
                    }
                } finally {
                    if (inFlight == null) {
                        permit.release(); // else the sending thread releases it with the answer
                    }
                }
            }
            if (reader.position == 0) {
                throw new IllegalArgumentException(
                        "Nothing to import into project " + projectId + ": the task list is empty");
            }
            return progress.result();
        } catch (RuntimeException e) {
            if (inFlight != null) {
                // the error is the caller's (e.g. a bad task read ahead): the request on its way still counts
                try {
                    inFlight.finish(progress);
                } catch (RuntimeException lost) {
                    e.addSuppressed(lost);
                }
            }
            if (progress.requests == 0 && progress.skipped == 0) {
                throw e; // nothing happened on the server: the plain error says it all
            }
            throw new TaskImportException(
                    "Import into project " + projectId + " stopped after " + progress.taskCount + " created and "
                            + progress.skipped + " skipped task(s) in " + progress.requests + " request(s)"
                            + (progress.lostAnswer == null ? "" : "; " + progress.lostAnswer) + ": " + e.getMessage(),
                    progress.result(),
                    e);
        }
    }

    private static void logProgress(long projectId, BatchReader reader, Progress progress) {
        LOG.info(
                "Import into project {}: {} task(s) read, {} created, {} skipped, {} request(s)",
                projectId,
                reader.position,
                progress.taskCount,
                progress.skipped,
                progress.requests);
    }

    ImportResult importFile(long projectId, Path file, ImportOptions options) {
        if (options.importKey() != null) {
            throw new IllegalArgumentException("importKey works with task lists (List, Map, JSON), not with file"
                    + " uploads; read the file into a JSON list first, or import it without importKey");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("Cannot import " + file + ": not a readable file");
        }
        String name = file.getFileName().toString();
        MultipartEntityBuilder multipart =
                MultipartEntityBuilder.create().addBinaryBody("file", file.toFile(), contentTypeOf(name), name);
        Progress progress = new Progress();
        try {
            sendNow(projectId, ApiRequest.postEntity(importPath(projectId), multipart.build()), options, progress);
        } finally {
            report(projectId, progress);
        }
        return progress.result();
    }

    /** Tells the client's listener what an import did, also when it failed part way. */
    private void report(long projectId, Progress progress) {
        if (progress.taskCount > 0 || progress.skipped > 0) {
            transport.listener().tasksImported(projectId, progress.taskCount, progress.skipped);
        }
    }

    private static ImportBatch withoutExistingKeys(ImportKeys keys, ImportBatch batch, Progress progress) {
        List<ImportKeys.Key> batchKeys = batch.keys();
        Set<String> existing = keys.existing(batchKeys);
        Set<String> seen = new HashSet<>();
        Set<Integer> dropped = new HashSet<>();
        for (int i = 0; i < batchKeys.size(); i++) {
            String identity = batchKeys.get(i).identity();
            if (existing.contains(identity) || !seen.add(identity)) {
                dropped.add(i);
            }
        }
        progress.skipped += dropped.size();
        return dropped.isEmpty() ? batch : batch.without(dropped);
    }

    private static String importPath(long projectId) {
        return "/api/projects/" + projectId + "/import";
    }

    /**
     * Sends one batch on a background thread; {@link InFlight#finish} waits for its answer. A permit (null without
     * import key) is released when the answer is in, or when the request cannot start.
     */
    private InFlight send(
            long projectId, ImportBatch batch, ImportOptions options, ImportKeys keys, ImportKeyLocks.Permit permit) {
        ApiRequest request = ApiRequest.postEntity(importPath(projectId), batch.entity());
        int size = batch.size();
        List<ImportKeys.Key> batchKeys = batch.keys(); // not the batch: its tasks' JSON need not stay in memory
        Future<ImportAnswer> answer = senders.submit(() -> {
            try {
                return answerOf(projectId, request, options);
            } catch (RuntimeException failure) {
                // settled while the permit is held: no other import of this JVM creates these keys meanwhile
                throw LostImportAnswer.isLost(failure)
                        ? new LostAnswer(
                                failure, LostImportAnswer.settle(size, keys, options.importKey(), batchKeys, failure))
                        : failure;
            } finally {
                if (permit != null) {
                    permit.release();
                }
            }
        });
        return new InFlight(answer, size, projectId);
    }

    private void sendNow(long projectId, ApiRequest post, ImportOptions options, Progress progress) {
        progress.add(answerOf(projectId, post, options));
        progress.requests++;
    }

    private ImportAnswer answerOf(long projectId, ApiRequest post, ImportOptions options) {
        ApiRequest request = post.query("return_task_ids", "true");
        if (!options.preannotatedFromFields().isEmpty()) {
            request = request.query("preannotated_from_fields", String.join(",", options.preannotatedFromFields()));
        }
        ImportAnswer answer = transport.execute(request, ImportAnswer.class);
        if (answer == null) {
            throw new LabelStudioException(request + " answered without a body");
        }
        if (answer.importId != null) {
            answer = poll(projectId, answer.importId, options.importTimeout());
        }
        return answer;
    }

    /** Polls an asynchronous import with Fibonacci delays (1, 1, 2, 3, 5, 8, 13, 13, ... poll units) until done. */
    private ImportAnswer poll(long projectId, long importId, Duration timeout) {
        ApiRequest status = ApiRequest.get("/api/projects/" + projectId + "/imports/" + importId + "/");
        return Waiting.until(
                clock,
                timeout,
                Waiting.fibonacci(pollUnit, 13),
                "an import to finish",
                () -> {
                    ImportAnswer answer = transport.execute(status, ImportAnswer.class);
                    String state =
                            answer == null || answer.status == null ? "" : answer.status.toLowerCase(Locale.ROOT);
                    if (state.equals("failed")) {
                        throw new LabelStudioException("Import " + importId + " into project " + projectId + " failed: "
                                + (answer.error == null ? "(the server gave no reason)" : answer.error));
                    }
                    return state.equals("completed")
                            ? Waiting.Poll.done(answer)
                            : Waiting.Poll.running(state.isEmpty() ? "unknown" : state);
                },
                state -> "Import " + importId + " into project " + projectId + " did not finish within importTimeout "
                        + timeout + " (last status: " + state + ")");
    }

    private static ContentType contentTypeOf(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) {
            return ContentType.APPLICATION_JSON;
        } else if (lower.endsWith(".csv")) {
            return ContentType.create("text/csv");
        } else if (lower.endsWith(".tsv")) {
            return ContentType.create("text/tab-separated-values");
        } else if (lower.endsWith(".txt")) {
            return ContentType.TEXT_PLAIN;
        }
        return ContentType.APPLICATION_OCTET_STREAM;
    }

    private static final class Progress {
        final LongList ids = new LongList();
        long taskCount;
        long annotationCount;
        long predictionCount;
        long skipped;
        int requests;
        /** Tasks sent in a request whose answer was lost and whose outcome is unknown. */
        long unknown;
        /** What became of a request whose answer was lost; null when none was. */
        String lostAnswer;

        void add(ImportAnswer answer) {
            taskCount += answer.taskCount;
            annotationCount += answer.annotationCount;
            predictionCount += answer.predictionCount;
            if (answer.taskIds != null) {
                answer.taskIds.forEach(ids::addLong);
            }
        }

        ImportResult result() {
            return new ImportResult(ids, taskCount, annotationCount, predictionCount, skipped, requests, unknown);
        }
    }

    /** The answer of an import, synchronous (Community) or as polled (Enterprise). */
    static final class ImportAnswer {
        @JsonProperty("import")
        Long importId;

        @JsonProperty("status")
        String status;

        @JsonProperty("error")
        String error;

        @JsonProperty("task_count")
        long taskCount;

        @JsonProperty("annotation_count")
        long annotationCount;

        @JsonProperty("prediction_count")
        long predictionCount;

        @JsonProperty("task_ids")
        List<Long> taskIds;
    }

    /** A failed import request whose answer was lost, with what the server did with it (see {@link LostImportAnswer}). */
    private static final class LostAnswer extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient LostImportAnswer outcome;

        LostAnswer(RuntimeException failure, LostImportAnswer outcome) {
            super(failure.getMessage(), failure, false, false);
            this.outcome = outcome;
        }
    }

    /** An import request on its way. */
    private record InFlight(Future<ImportAnswer> answer, int size, long projectId) {

        /**
         * Waits for the answer (not interruptible, like the socket read it waits for) and adds it to the progress; a
         * lost answer is counted as exactly as the server allows before its error is thrown.
         */
        void finish(Progress progress) {
            ImportAnswer result;
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        result = answer.get();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException e) {
                        RuntimeException failure = BackgroundThreads.failure(e.getCause());
                        if (failure instanceof LostAnswer lost) {
                            progress.requests++;
                            progress.taskCount += lost.outcome.created();
                            progress.unknown += lost.outcome.unknown();
                            progress.lostAnswer = lost.outcome.note();
                            throw (RuntimeException) lost.getCause();
                        }
                        throw failure;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            progress.add(result);
            progress.requests++;
            if (result.taskCount != size) {
                LOG.warn(
                        "Import into project {}: sent {} task(s), the server reports {} created",
                        projectId,
                        size,
                        result.taskCount);
            }
        }
    }

    /** Reads the source into batches of at most batchSize tasks and maxBatchBytes bytes of JSON. */
    private static final class BatchReader {
        private final Iterator<? extends Map<String, ?>> source;
        private final int batchSize;
        private final long maxBytes;
        private final ImportKeys keys;
        /** How many tasks were read so far: the position of the last one, counting from 1. */
        long position;
        /** A task read that did not fit into the previous batch. */
        private byte[] pendingJson;

        private ImportKeys.Key pendingKey;

        BatchReader(Iterator<? extends Map<String, ?>> source, ImportOptions options, ImportKeys keys) {
            this.source = source;
            this.batchSize = options.batchSize();
            this.maxBytes = options.maxBatchBytes();
            this.keys = keys;
        }

        /** The next batch, or null when the source is used up. */
        ImportBatch next() {
            ImportBatch batch = new ImportBatch();
            if (pendingJson != null) {
                batch.add(pendingJson, pendingKey);
                pendingJson = null;
                pendingKey = null;
            }
            while (batch.size() < batchSize && source.hasNext()) {
                Map<String, ?> task = source.next();
                position++;
                if (task == null) {
                    throw new IllegalArgumentException("Task #" + position + " is null");
                }
                ImportKeys.Key key = keys == null ? null : keys.keyOf(task, position);
                byte[] json = json(task);
                if (!batch.fits(json, maxBytes)) {
                    pendingJson = json;
                    pendingKey = key;
                    break;
                }
                batch.add(json, key);
            }
            return batch.isEmpty() ? null : batch;
        }

        private byte[] json(Map<String, ?> task) {
            try {
                return Json.mapper().writeValueAsBytes(task);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        "Task #" + position + " cannot be written as JSON: " + e.getOriginalMessage(), e);
            }
        }
    }
}
