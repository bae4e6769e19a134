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
package io.camellabelstudio.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.error.LabelStudioConnectionException;
import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.client.error.TaskImportException;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;

/**
 * Requests that run into gunicorn's 30 s worker timeout on the production layout, provoked for real: a one-shot export
 * of 20,000 tasks (Label Studio spends milliseconds per task on it), and an import batch kept waiting by a transaction
 * that holds the project's row lock (psql). Each fails with an error that names the limit and is sent once; the import
 * counts exactly what the server holds, and a replay with the import key imports the rest. Takes about 1.5 minutes
 * (importing the export's tasks, then two requests of 30 s each).
 */
@ExtendWith(LabelStudioServerExtension.class)
class ServerTimeLimitIT {

    private static final int EXPORT_TASKS = 20_000;
    private static final int IMPORT_TASKS = 10;
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @Test
    void aOneShotExportOfABigProjectRunsIntoTheLimitOnceAndSaysSo(LabelStudioServer server) throws IOException {
        assumeTrue(server.isProduction(), "gunicorn's worker timeout exists only in the production layout");
        try (LabelStudioClient client = client(server)) {
            Project project =
                    client.projects().create("Time limit export " + suffix(), LabelConfigs.TEXT_CLASSIFICATION);
            List<Map<String, ?>> tasks = new ArrayList<>();
            for (int i = 0; i < EXPORT_TASKS; i++) {
                tasks.add(Map.of("text", "Task number " + i));
            }
            ImportResult imported = client.tasks().importTasks(project.id(), tasks, ImportOptions.defaults());
            assertThat(imported.taskCount()).isEqualTo(EXPORT_TASKS);
            Path accessLog = Paths.get(server.env("LABEL_STUDIO_NGINX_ACCESS_LOG"));
            long logFrom = Files.size(accessLog); // the log is the whole build's: count only what comes now

            long started = System.nanoTime();
            Throwable thrown = catchThrowable(() -> client.exports()
                    .export(project.id(), "JSON", true, false, List.of())
                    .close());
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            System.out.printf(
                    "ServerTimeLimitIT: one-shot export of %,d tasks failed after %.1f s: %s%n",
                    EXPORT_TASKS, took.toMillis() / 1000.0, thrown);
            assertThat(thrown)
                    .isInstanceOf(ServerErrorException.class)
                    .hasMessageContaining("GET /api/projects/" + project.id() + "/export failed with HTTP 5")
                    .hasMessageContaining("probably stopped the request at its time limit")
                    .hasMessageContaining("not retried");
            assertThat(took).isGreaterThanOrEqualTo(LIMIT);
            // nginx writes a request's log line once its answer is sent, which may be after the client saw the answer;
            // a repeat would have been sent and answered before the failure above
            long exports = await("nginx's log line of the export")
                    .atMost(Duration.ofSeconds(10))
                    .until(
                            () -> requestsTo(accessLog, logFrom, "GET /api/projects/" + project.id() + "/export"),
                            n -> n >= 1);
            assertThat(exports)
                    .as("export requests nginx saw: retries are configured, but a repeat would meet the same limit")
                    .isEqualTo(1);
            // the project stays: deleting 20,000 tasks is itself a request of 15-25 s on this layout
        }
    }

    @Test
    void anImportBatchHeldPastTheLimitFailsAndCountsWhatTheServerHolds(LabelStudioServer server) throws Exception {
        assumeTrue(server.isProduction(), "gunicorn's worker timeout exists only in the production layout");
        try (LabelStudioClient client = client(server)) {
            Project project =
                    client.projects().create("Time limit import " + suffix(), LabelConfigs.TEXT_CLASSIFICATION);
            List<Map<String, ?>> tasks = new ArrayList<>();
            for (int i = 0; i < IMPORT_TASKS; i++) {
                tasks.add(Map.of("text", "Task number " + i, "key", "k-" + i));
            }
            ImportOptions options = ImportOptions.defaults().withImportKey("key");

            // The import locks the project row (select_for_update) before it creates tasks: a transaction holding that
            // lock keeps the request waiting until gunicorn kills it, deterministically and without load.
            Process lock = holdProjectRowLock(server, project.id());
            Throwable thrown;
            Duration took;
            try {
                long started = System.nanoTime();
                thrown = catchThrowable(() -> client.tasks().importTasks(project.id(), tasks, options));
                took = Duration.ofNanos(System.nanoTime() - started);
            } finally {
                lock.destroy(); // psql's session ends, its transaction is rolled back, the lock goes
                lock.waitFor();
            }

            System.out.printf(
                    "ServerTimeLimitIT: import held by a lock failed after %.1f s: %s%n",
                    took.toMillis() / 1000.0, thrown);
            assertThat(took).isGreaterThanOrEqualTo(LIMIT);
            assertThat(thrown).isInstanceOf(TaskImportException.class);
            assertThat(thrown.getCause())
                    .isInstanceOfAny(ServerErrorException.class, LabelStudioConnectionException.class)
                    .hasMessageContaining("POST /api/projects/" + project.id() + "/import")
                    .hasMessageContaining("probably stopped the request at its time limit")
                    .hasMessageContaining("what the server committed before that stays committed");
            assertThat(thrown.getMessage())
                    .contains("checked by import key 'key': 0 of " + IMPORT_TASKS + " were created");
            ImportResult partial = ((TaskImportException) thrown).partialResult();
            assertThat(partial.taskCount()).isZero().isEqualTo(tasksIn(client, project.id()));
            assertThat(partial.unknownCount())
                    .as("the server is done with the request")
                    .isZero();
            assertThat(partial.requests()).isEqualTo(1);

            ImportResult replay = client.tasks().importTasks(project.id(), tasks, options);

            assertThat(replay.taskCount()).isEqualTo(IMPORT_TASKS).isEqualTo(tasksIn(client, project.id()));
            client.projects().delete(project.id());
        }
    }

    /** Starts psql holding the project's row lock for 60 s; returns once the lock is held. */
    private static Process holdProjectRowLock(LabelStudioServer server, long projectId) throws Exception {
        Process psql = new ProcessBuilder(
                        server.env("LABEL_STUDIO_PSQL"),
                        "-h",
                        server.env("LABEL_STUDIO_PG_HOST"),
                        "-p",
                        server.env("LABEL_STUDIO_PG_PORT"),
                        "-U",
                        server.env("LABEL_STUDIO_PG_USER"),
                        "-d",
                        server.env("LABEL_STUDIO_PG_DATABASE"),
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-c",
                        "BEGIN",
                        "-c",
                        "SELECT 'locked', id FROM project WHERE id = " + projectId + " FOR UPDATE",
                        "-c",
                        "SELECT pg_sleep(60)",
                        "-c",
                        "COMMIT")
                .redirectErrorStream(true)
                .start();
        var out = new java.io.BufferedReader(
                new java.io.InputStreamReader(psql.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.contains("locked")) {
                return psql;
            }
        }
        throw new IllegalStateException(
                "psql did not take the lock of project " + projectId + " (exit " + psql.waitFor() + ")");
    }

    private static long tasksIn(LabelStudioClient client, long projectId) {
        long count = 0;
        for (Long id : client.tasks().listIds(projectId, TaskQuery.all().withPageSize(1000))) {
            count += id > 0 ? 1 : 0;
        }
        return count;
    }

    private static LabelStudioClient client(LabelStudioServer server) {
        return LabelStudioClient.builder()
                .url(server.url())
                .apiKey(server.legacyToken())
                .responseTimeout(Duration.ofMinutes(5))
                .build();
    }

    /** Requests logged after {@code from} (a byte offset) whose request line starts with {@code requestStart}. */
    private static long requestsTo(Path accessLog, long from, String requestStart) throws IOException {
        String needle = "\"request\":\"" + requestStart;
        byte[] all = Files.readAllBytes(accessLog);
        String logged = new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8);
        return logged.lines().filter(line -> line.contains(needle)).count();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
