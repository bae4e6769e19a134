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

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;
import io.camellabelstudio.it.LabelStudioServer;

/**
 * {@code labelstudio:tasks?event=created} on PostgreSQL when task ids become visible out of order. The late commit is
 * made deterministic with psql: a transaction inserts a task row and stays open (psql waits on its stdin), so the
 * task's id is taken but invisible; then a task created through {@code POST /api/tasks} gets a higher id and commits
 * at once (Label Studio runs without ATOMIC_REQUESTS, and the task table's foreign keys are checked only at commit,
 * so the open transaction blocks nothing). The higher id is delivered first; the test then commits (or rolls back)
 * the held transaction. This is what a storage sync or a single-task create racing another writer does, with the
 * timing pinned down. Needs the production layout (PostgreSQL and psql); skipped otherwise.
 */
class LateCommitIT extends LabelStudioIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Several polls (delay=200): long enough for a stray delivery to show. */
    private static final Duration QUIET = Duration.ofSeconds(1);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LabelStudioServer server;
    private final MemoryStateRepository marks = new MemoryStateRepository();
    private final List<String> routes = new ArrayList<>();
    /** Every exchange the consumer emitted, by task id, before the idempotent consumer. */
    private final Map<Long, AtomicInteger> emitted = new ConcurrentHashMap<>();
    /** Every exchange that passed the idempotent consumer, by task id. */
    private final Map<Long, AtomicInteger> processed = new ConcurrentHashMap<>();
    /** The ids that passed the idempotent consumer, in arrival order. */
    private final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void requirePostgres(LabelStudioServer server) {
        this.server = server;
        String reason = null;
        if (!server.isProduction()) {
            reason = "the server's layout is " + server.layout() + ", not production (PostgreSQL)";
        } else if (server.env("LABEL_STUDIO_PSQL") == null || server.env("LABEL_STUDIO_PG_PORT") == null) {
            reason = "the server's env file has no LABEL_STUDIO_PSQL / LABEL_STUDIO_PG_* values";
        }
        if (reason != null) {
            System.out.println("LateCommitIT skipped: " + reason);
        }
        Assumptions.assumeTrue(reason == null, reason);
        marks.start();
        ls.camel().getRegistry().bind("lateMarks", marks);
    }

    @AfterEach
    void removeRoutes() throws Exception {
        ls.removeRoutes(routes);
        emitted.clear();
        processed.clear();
        arrivals.clear();
    }

    private String consume(Project project, String options) throws Exception {
        String routeId = "late-" + project.id();
        ls.camel().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("labelstudio:tasks?projectId=" + project.id() + "&startFrom=beginning&delay=200&initialDelay=0"
                                + "&stateRepository=#lateMarks" + options)
                        .routeId(routeId)
                        .process(e -> count(emitted, e.getIn().getHeader(LabelStudioConstants.TASK_ID, Long.class)))
                        .idempotentConsumer(
                                header(LabelStudioConstants.TASK_ID),
                                MemoryIdempotentRepository.memoryIdempotentRepository(10_000))
                        .process(e -> {
                            long id = e.getIn().getHeader(LabelStudioConstants.TASK_ID, Long.class);
                            count(processed, id);
                            arrivals.add(id);
                        });
            }
        });
        routes.add(routeId);
        return "labelstudio:tasks:projectId:" + project.id() + ":event:created";
    }

    private static void count(Map<Long, AtomicInteger> counts, long id) {
        counts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    }

    @Test
    void aTaskCommittedAfterAHigherIdIsDeliveredExactlyOnce() throws Exception {
        Project project = ls.project("Late commit", LabelConfigs.TEXT_CLASSIFICATION);
        String key = consume(project, "");
        long first = createTask(project, "first");
        await("task " + first, () -> arrivals.contains(first));

        long late;
        long higher;
        try (HeldInsert held = HeldInsert.open(server, project.id())) {
            late = held.taskId();
            higher = createTask(project, "committed first");
            assertThat(higher).as("the API's task takes the next id").isGreaterThan(late);
            await("task " + higher, () -> arrivals.contains(higher));
            // a few polls: the late task is not visible, the mark keeps its id as a gap
            stays("the late task not delivered while its insert is open", () -> !arrivals.contains(late));
            assertThat(gaps(marks.getState(key)))
                    .anySatisfy(
                            gap -> assertThat(gap[0] <= late && late <= gap[1]).isTrue());
            held.commit();
        }
        await("the late task " + late, () -> arrivals.contains(late));
        long after = createTask(project, "after");
        await("task " + after, () -> arrivals.contains(after));
        stays("nothing more", () -> arrivals.size() == 4);

        assertThat(arrivals).containsExactly(first, higher, late, after);
        assertThat(processed)
                .allSatisfy((id, n) -> assertThat(n.get()).as("task " + id).isEqualTo(1));
        assertThat(emitted.keySet()).containsExactlyInAnyOrder(first, higher, late, after);
        assertThat(gaps(marks.getState(key)))
                .noneSatisfy(gap -> assertThat(gap[0] <= late && late <= gap[1]).isTrue());
    }

    @Test
    void aRolledBackInsertIsGivenUpAfterTheWindowAndBlocksNothing() throws Exception {
        Project project = ls.project("Late commit hole", LabelConfigs.TEXT_CLASSIFICATION);
        String key = consume(project, "&lateCommitWindow=5s");
        long hole;
        long higher;
        try (HeldInsert held = HeldInsert.open(server, project.id())) {
            hole = held.taskId();
            higher = createTask(project, "committed first");
            await("task " + higher, () -> arrivals.contains(higher));
            // the mark is stored when the exchange completes, just after the route saw the task
            await(
                    "a gap below task " + higher + " in the stored mark",
                    () -> !gaps(marks.getState(key)).isEmpty());
            held.rollback();
        }
        // the window (5 s from when the task above the gap was created: time for a loaded machine to deliver that
        // task) runs out: the mark is a plain id again
        await("the hole to be given up", () -> gaps(marks.getState(key)).isEmpty());
        assertThat(Long.parseLong(marks.getState(key))).isGreaterThanOrEqualTo(higher);
        long after = createTask(project, "after");
        await("task " + after, () -> arrivals.contains(after));
        stays("nothing more", () -> arrivals.size() == 2);
        assertThat(arrivals).containsExactly(higher, after).doesNotContain(hole);
        assertThat(emitted)
                .allSatisfy((id, n) -> assertThat(n.get()).as("task " + id).isEqualTo(1));
    }

    @Test
    void withoutTheWindowTheLateTaskIsLostAsBefore() throws Exception {
        // shows that the held insert reproduces the loss: lateCommitWindow=0 is the cursor without gaps
        Project project = ls.project("Late commit off", LabelConfigs.TEXT_CLASSIFICATION);
        String key = consume(project, "&lateCommitWindow=0");
        long late;
        long higher;
        try (HeldInsert held = HeldInsert.open(server, project.id())) {
            late = held.taskId();
            higher = createTask(project, "committed first");
            await("task " + higher, () -> arrivals.contains(higher));
            held.commit();
        }
        long after = createTask(project, "after");
        await("task " + after, () -> arrivals.contains(after));
        stays("nothing more", () -> arrivals.size() == 2);
        assertThat(ls.client().tasks().get(late).id()).isEqualTo(late); // it exists
        assertThat(arrivals).containsExactly(higher, after).doesNotContain(late);
        assertThat(marks.getState(key)).isEqualTo(Long.toString(after));
    }

    /** The open gaps of a stored mark, as [from, to] pairs; none for a plain id. */
    private static List<long[]> gaps(String mark) {
        List<long[]> gaps = new ArrayList<>();
        if (mark == null || !mark.startsWith("{")) {
            return gaps;
        }
        try {
            for (JsonNode gap : Json.mapper().readTree(mark).path("gaps")) {
                gaps.add(new long[] {gap.get(0).asLong(), gap.get(1).asLong()});
            }
        } catch (IOException e) {
            throw new AssertionError("The mark is not JSON: " + mark, e);
        }
        return gaps;
    }

    /** {@code POST /api/tasks}: one task, in its own transaction, without the import API's project lock. */
    private long createTask(Project project, String text) throws Exception {
        String body = Json.mapper().writeValueAsString(Map.of("project", project.id(), "data", Map.of("text", text)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/api/tasks/"))
                .header("Authorization", "Token " + server.legacyToken())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("POST /api/tasks/: %s", response.body())
                .isEqualTo(201);
        return Json.mapper().readTree(response.body()).path("id").asLong();
    }

    private static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what)
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(50))
                .until(condition);
    }

    /** Checks that the condition holds for several polls. */
    private static void stays(String what, Callable<Boolean> condition) {
        Awaitility.await(what).during(QUIET).atMost(QUIET.plusSeconds(5)).until(condition);
    }

    /**
     * A psql session that inserted a task row in a transaction it keeps open until {@link #commit()} or
     * {@link #rollback()}: the id is taken from the table's identity sequence at once, the row is visible only after
     * the commit.
     */
    private static final class HeldInsert implements AutoCloseable {

        private final Process psql;
        private final Writer stdin;
        private final BufferedReader stdout;
        private final long taskId;

        private HeldInsert(Process psql, long projectId) throws IOException {
            this.psql = psql;
            this.stdin = psql.outputWriter(StandardCharsets.UTF_8);
            this.stdout = new BufferedReader(new InputStreamReader(psql.getInputStream(), StandardCharsets.UTF_8));
            // the task table's NOT NULL columns (\d task) without database defaults, as Label Studio fills them
            send("BEGIN;\n"
                    + "INSERT INTO task (data, created_at, updated_at, is_labeled, project_id, overlap, inner_id,"
                    + " total_annotations, cancelled_annotations, total_predictions, comment_count,"
                    + " unresolved_comment_count, allow_skip)"
                    + " VALUES ('{\"text\": \"committed late\"}', now(), now(), false, " + projectId + ", 1,"
                    + " (SELECT COALESCE(MAX(inner_id), 0) + 1 FROM task WHERE project_id = " + projectId + "),"
                    + " 0, 0, 0, 0, 0, true) RETURNING id;\n");
            String line = stdout.readLine();
            try {
                this.taskId = Long.parseLong(line == null ? "" : line.strip());
            } catch (NumberFormatException e) {
                psql.destroy();
                throw new AssertionError("psql did not insert a task: " + line);
            }
        }

        static HeldInsert open(LabelStudioServer server, long projectId) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(
                            server.env("LABEL_STUDIO_PSQL"),
                            "-X",
                            "-q",
                            "-A",
                            "-t",
                            "-v",
                            "ON_ERROR_STOP=1",
                            "-h",
                            server.env("LABEL_STUDIO_PG_HOST"),
                            "-p",
                            server.env("LABEL_STUDIO_PG_PORT"),
                            "-U",
                            server.env("LABEL_STUDIO_PG_USER"),
                            "-d",
                            server.env("LABEL_STUDIO_PG_DATABASE"))
                    .redirectErrorStream(true);
            return new HeldInsert(builder.start(), projectId);
        }

        long taskId() {
            return taskId;
        }

        void commit() throws Exception {
            end("COMMIT");
        }

        void rollback() throws Exception {
            end("ROLLBACK");
        }

        private void end(String command) throws Exception {
            send(command + ";\n");
            stdin.close();
            assertThat(psql.waitFor(30, TimeUnit.SECONDS))
                    .as("psql ends after " + command)
                    .isTrue();
            assertThat(psql.exitValue()).as("psql's exit code after " + command).isZero();
        }

        private void send(String sql) throws IOException {
            stdin.write(sql);
            stdin.flush();
        }

        @Override
        public void close() {
            if (psql.isAlive()) {
                psql.destroy(); // a failed test: the transaction rolls back with the connection
            }
        }
    }
}
