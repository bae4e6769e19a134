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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.camellabelstudio.client.error.LabelStudioException;
import io.camellabelstudio.client.error.TaskImportException;
import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.http.ApiTransport;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.model.LongList;

/**
 * Imports tasks in bounded batches: each batch is one {@code POST /api/projects/{id}/import}; an asynchronous answer
 * ({@code {"import": id}}, Enterprise) is polled with Fibonacci backoff until it completes, fails or times out. With an
 * import key, each batch first asks the server which keys exist and drops those tasks. Import POSTs are never retried:
 * a lost answer must not create the tasks twice (replay with an import key instead).
 */
final class TaskImporter {

    private static final Logger LOG = LoggerFactory.getLogger(TaskImporter.class);

    private final ApiTransport transport;
    private final TasksApi tasks;
    private final Clock clock;
    private final Duration pollUnit;

    TaskImporter(ApiTransport transport, TasksApi tasks, Clock clock, Duration pollUnit) {
        this.transport = transport;
        this.tasks = tasks;
        this.clock = clock;
        this.pollUnit = pollUnit;
    }

    ImportResult importTasks(long projectId, Iterator<? extends Map<String, ?>> source, ImportOptions options) {
        Progress progress = new Progress();
        ImportKeys keys = options.importKey() == null ? null : new ImportKeys(tasks, options.importKey());
        long position = 0;
        try {
            while (source.hasNext()) {
                List<Map<String, ?>> batch = new ArrayList<>(Math.min(options.batchSize(), 1024));
                List<Object> batchKeys = keys == null ? null : new ArrayList<>();
                while (batch.size() < options.batchSize() && source.hasNext()) {
                    Map<String, ?> task = source.next();
                    position++;
                    if (task == null) {
                        throw new IllegalArgumentException("Task #" + position + " is null");
                    }
                    batch.add(task);
                    if (keys != null) {
                        batchKeys.add(keys.keyOf(task, position));
                    }
                }
                if (keys != null) {
                    batch = withoutExistingKeys(projectId, keys, batch, batchKeys, progress);
                }
                if (!batch.isEmpty()) {
                    send(projectId, ApiRequest.post(importPath(projectId), batch), batch.size(), options, progress);
                }
                if (progress.requests > 0 || progress.skipped > 0) {
                    LOG.info(
                            "Import into project {}: {} task(s) read, {} created, {} skipped, {} request(s)",
                            projectId,
                            position,
                            progress.taskCount,
                            progress.skipped,
                            progress.requests);
                }
            }
            if (position == 0) {
                throw new IllegalArgumentException(
                        "Nothing to import into project " + projectId + ": the task list is empty");
            }
            return progress.result();
        } catch (RuntimeException e) {
            if (progress.requests == 0 && progress.skipped == 0) {
                throw e; // nothing happened on the server: the plain error says it all
            }
            throw new TaskImportException(
                    "Import into project " + projectId + " stopped after " + progress.taskCount + " created and "
                            + progress.skipped + " skipped task(s) in " + progress.requests + " request(s): "
                            + e.getMessage(),
                    progress.result(),
                    e);
        }
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
        send(projectId, ApiRequest.postEntity(importPath(projectId), multipart.build()), -1, options, progress);
        return progress.result();
    }

    private List<Map<String, ?>> withoutExistingKeys(
            long projectId, ImportKeys keys, List<Map<String, ?>> batch, List<Object> batchKeys, Progress progress) {
        Set<String> existing = keys.existing(projectId, batchKeys);
        Set<String> seen = new HashSet<>();
        List<Map<String, ?>> kept = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            String identity = ImportKeys.identity(batchKeys.get(i));
            if (existing.contains(identity) || !seen.add(identity)) {
                progress.skipped++;
            } else {
                kept.add(batch.get(i));
            }
        }
        return kept;
    }

    private static String importPath(long projectId) {
        return "/api/projects/" + projectId + "/import";
    }

    private void send(long projectId, ApiRequest post, int batchSize, ImportOptions options, Progress progress) {
        ApiRequest request = post.query("return_task_ids", "true");
        if (!options.preannotatedFromFields().isEmpty()) {
            request = request.query("preannotated_from_fields", String.join(",", options.preannotatedFromFields()));
        }
        ImportAnswer answer = transport.execute(request, ImportAnswer.class);
        progress.requests++;
        if (answer == null) {
            throw new LabelStudioException(request + " answered without a body");
        }
        if (answer.importId != null) {
            answer = poll(projectId, answer.importId, options.importTimeout());
        }
        progress.add(answer);
        if (batchSize >= 0 && answer.taskCount != batchSize) {
            LOG.warn(
                    "Import into project {}: sent {} task(s), the server reports {} created",
                    projectId,
                    batchSize,
                    answer.taskCount);
        }
    }

    /** Polls an asynchronous import with Fibonacci delays (1, 1, 2, 3, 5, 8, 13, 13, ... poll units) until done. */
    private ImportAnswer poll(long projectId, long importId, Duration timeout) {
        ApiRequest status = ApiRequest.get("/api/projects/" + projectId + "/imports/" + importId + "/");
        Instant deadline = clock.instant().plus(timeout);
        long previous = 0;
        long current = 1;
        while (true) {
            ImportAnswer answer = transport.execute(status, ImportAnswer.class);
            String state = answer == null || answer.status == null ? "" : answer.status.toLowerCase(Locale.ROOT);
            if (state.equals("completed")) {
                return answer;
            }
            if (state.equals("failed")) {
                throw new LabelStudioException("Import " + importId + " into project " + projectId + " failed: "
                        + (answer.error == null ? "(the server gave no reason)" : answer.error));
            }
            Duration delay = pollUnit.multipliedBy(current);
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new LabelStudioException("Import " + importId + " into project " + projectId
                        + " did not finish within importTimeout " + timeout + " (last status: "
                        + (state.isEmpty() ? "unknown" : state) + ")");
            }
            Waiting.pause(delay.compareTo(left) < 0 ? delay : left, "an import to finish");
            long next = Math.min(previous + current, 13);
            previous = current;
            current = next;
        }
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

        void add(ImportAnswer answer) {
            taskCount += answer.taskCount;
            annotationCount += answer.annotationCount;
            predictionCount += answer.predictionCount;
            if (answer.taskIds != null) {
                answer.taskIds.forEach(ids::addLong);
            }
        }

        ImportResult result() {
            return new ImportResult(ids, taskCount, annotationCount, predictionCount, skipped, requests);
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
}
