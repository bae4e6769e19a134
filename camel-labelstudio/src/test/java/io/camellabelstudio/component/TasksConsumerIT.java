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
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.it.DevelopmentSmoke;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;

/** The {@code labelstudio:tasks} polling consumer against a real Label Studio. */
@DevelopmentSmoke
class TasksConsumerIT extends LabelStudioIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Several polls (delay=200): long enough for a repeat or a stray delivery to show. */
    private static final Duration QUIET = Duration.ofSeconds(1);

    /** What a route saw: one entry per exchange, in arrival order. */
    record Delivery(long taskId, int batchIndex, int batchSize, boolean batchComplete, Object body) {}

    private final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());
    private final List<String> routes = new ArrayList<>();

    @AfterEach
    void removeRoutes() throws Exception {
        ls.removeRoutes(routes);
        deliveries.clear();
    }

    private void consume(String routeId, String uri, org.apache.camel.Processor extra) throws Exception {
        ls.camel().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(routeId).process(e -> {
                    if (extra != null) {
                        extra.process(e);
                    }
                    deliveries.add(new Delivery(
                            e.getIn().getHeader(LabelStudioConstants.TASK_ID, Long.class),
                            e.getProperty(ExchangePropertyKey.BATCH_INDEX, Integer.class),
                            e.getProperty(ExchangePropertyKey.BATCH_SIZE, Integer.class),
                            e.getProperty(ExchangePropertyKey.BATCH_COMPLETE, Boolean.class),
                            e.getIn().getBody()));
                });
            }
        });
        routes.add(routeId);
    }

    private List<Long> deliveredIds() {
        synchronized (deliveries) {
            return deliveries.stream().map(Delivery::taskId).toList();
        }
    }

    private static void waitFor(String what, Callable<Boolean> condition) {
        await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(condition);
    }

    /** Waits for {@code count} exchanges, then checks that no more come for several polls. */
    private void waitForExactly(int count) {
        waitFor(count + " exchanges", () -> deliveries.size() >= count);
        await("no more than " + count + " exchanges")
                .during(QUIET)
                .atMost(QUIET.plusSeconds(5))
                .until(() -> deliveries.size() == count);
    }

    /** A memory repository of marks bound under {@code name}, to see when the consumer has taken its mark. */
    private MemoryStateRepository marks(String name) {
        MemoryStateRepository marks = new MemoryStateRepository();
        ls.camel().getRegistry().bind(name, marks);
        return marks;
    }

    private static String key(Project project, String event) {
        return "labelstudio:tasks:projectId:" + project.id() + ":event:" + event;
    }

    private List<Long> importTasks(long projectId, int from, int to) {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int i = from; i < to; i++) {
            tasks.add(Map.of("text", "Text " + i));
        }
        return ls.client()
                .tasks()
                .importTasks(projectId, tasks, io.camellabelstudio.client.ImportOptions.defaults())
                .taskIds();
    }

    private String uri(Project project, String options) {
        return "labelstudio:tasks?projectId=" + project.id() + "&delay=200&initialDelay=0" + options;
    }

    @Test
    void createdDeliversEachTaskImportedWhileRunningOnceInIdOrder() throws Exception {
        Project project = ls.project("Consume created", LabelConfigs.TEXT_CLASSIFICATION);
        List<Long> before = importTasks(project.id(), 0, 3);
        MemoryStateRepository marks = marks("createdMarks");
        consume("created", uri(project, "&stateRepository=#createdMarks"), null);
        // startFrom=now: the tasks imported after the route stored its first mark are new
        waitFor("the first mark", () -> marks.getState(key(project, "created")) != null);
        assertThat(marks.getState(key(project, "created"))).isEqualTo(String.valueOf(before.get(2)));

        List<Long> imported = new ArrayList<>();
        for (int batch = 0; batch < 5; batch++) {
            imported.addAll(importTasks(project.id(), batch * 100, batch * 100 + 100));
        }
        waitForExactly(500);

        List<Long> ids = deliveredIds();
        assertThat(ids).hasSize(500).doesNotHaveDuplicates().isSorted();
        assertThat(ids).containsExactlyElementsOf(imported);
        assertThat(ids).doesNotContainAnyElementsOf(before);
    }

    @Test
    void startFromBeginningDeliversTasksThatExistedBeforeTheStart() throws Exception {
        Project project = ls.project("Consume beginning", LabelConfigs.TEXT_CLASSIFICATION);
        List<Long> existing = importTasks(project.id(), 0, 7);
        consume("beginning", uri(project, "&startFrom=beginning"), null);
        waitFor("7 exchanges", () -> deliveries.size() >= 7);
        assertThat(deliveredIds()).containsExactlyElementsOf(existing);
        assertThat(deliveries.get(0).body()).isInstanceOf(Task.class);

        // startFrom=<id>: that id and later ones
        consume("fromId", uri(project, "&startFrom=" + existing.get(4)), null);
        waitForExactly(10);
        assertThat(deliveredIds().subList(7, deliveredIds().size())).containsExactlyElementsOf(existing.subList(4, 7));
    }

    @Test
    void fileStateRepositoryResumesAfterRestartWithoutRepeats(@TempDir Path dir) throws Exception {
        Project project = ls.project("Consume restart", LabelConfigs.TEXT_CLASSIFICATION);
        Path stateFile = dir.resolve("labelstudio-state.dat");
        List<Long> imported = importTasks(project.id(), 0, 500);
        ls.camel().getRegistry().bind("marks1", FileStateRepository.fileStateRepository(stateFile.toFile()));
        String options = "&startFrom=beginning&maxMessagesPerPoll=20&stateRepository=#marks1";
        consume("restart1", uri(project, options), e -> Thread.sleep(2));
        waitFor("about half", () -> deliveries.size() >= 250);
        ls.camel().getRouteController().stopRoute("restart1");
        ls.camel().removeRoute("restart1");
        routes.remove("restart1");
        int firstRun = deliveries.size();
        assertThat(firstRun).isBetween(250, 499);

        // a new repository instance on the same file, as after a JVM restart
        ls.camel().getRegistry().bind("marks2", FileStateRepository.fileStateRepository(stateFile.toFile()));
        consume("restart2", uri(project, options.replace("marks1", "marks2")), null);
        waitForExactly(500);

        List<Long> ids = deliveredIds();
        assertThat(ids).hasSize(500).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(new HashSet<>(imported));
        System.out.printf("restart: %d delivered before the stop, %d after, 0 repeated%n", firstRun, 500 - firstRun);
    }

    @Test
    void aFailedTaskComesAgainAndNoLaterTaskIsLost() throws Exception {
        Project project = ls.project("Consume failure", LabelConfigs.TEXT_CLASSIFICATION);
        List<Long> imported = importTasks(project.id(), 0, 30);
        long poison = imported.get(10);
        AtomicBoolean failing = new AtomicBoolean(true);
        List<Long> attempts = Collections.synchronizedList(new ArrayList<>());
        consume("failure", uri(project, "&startFrom=beginning&maxMessagesPerPoll=8"), e -> {
            long id = e.getIn().getHeader(LabelStudioConstants.TASK_ID, Long.class);
            attempts.add(id);
            if (id == poison && failing.get()) {
                throw new IllegalStateException("simulated failure on task " + id);
            }
        });
        waitFor("three attempts on the failing task", () -> Collections.frequency(attempts, poison) >= 3);
        // nothing after the failing task was delivered while it failed
        assertThat(deliveredIds()).containsExactlyElementsOf(imported.subList(0, 10));

        failing.set(false);
        waitForExactly(30);
        assertThat(deliveredIds()).containsExactlyElementsOf(imported);
        System.out.printf(
                "failure: task %d attempted %d times, %d tasks delivered%n",
                poison, Collections.frequency(attempts, poison), deliveries.size());
    }

    @Test
    void maxMessagesPerPollBoundsEachBatchAndSetsTheBatchProperties() throws Exception {
        Project project = ls.project("Consume batches", LabelConfigs.TEXT_CLASSIFICATION);
        List<Long> imported = importTasks(project.id(), 0, 95);
        consume("batches", uri(project, "&startFrom=beginning&maxMessagesPerPoll=10&pageSize=7"), null);
        waitForExactly(95);

        assertThat(deliveredIds()).containsExactlyElementsOf(imported);
        int batches = 0;
        synchronized (deliveries) {
            for (int i = 0; i < deliveries.size(); i++) {
                Delivery d = deliveries.get(i);
                assertThat(d.batchSize()).isBetween(1, 10);
                assertThat(d.batchComplete()).isEqualTo(d.batchIndex() == d.batchSize() - 1);
                if (d.batchIndex() == 0) {
                    batches++;
                    // a batch is delivered whole and in order
                    for (int j = 0; j < d.batchSize(); j++) {
                        assertThat(deliveries.get(i + j).batchIndex()).isEqualTo(j);
                    }
                }
            }
        }
        assertThat(batches).isGreaterThanOrEqualTo(10);
    }

    @Test
    void updatedDeliversChangedTasks() throws Exception {
        Project project = ls.project("Consume updated", LabelConfigs.TEXT_CLASSIFICATION);
        List<Long> ids = importTasks(project.id(), 0, 10);
        MemoryStateRepository marks = marks("updatedMarks");
        consume("updated", uri(project, "&event=updated&stateRepository=#updatedMarks"), null);
        // startFrom=now: the existing tasks are not changes
        waitFor("the first mark", () -> marks.getState(key(project, "updated")) != null);

        List<Long> changed = ids.subList(2, 7);
        for (Long id : changed) {
            ls.client().tasks().update(id, Map.of("data", Map.of("text", "changed " + id)));
        }
        waitForExactly(5); // several polls inside the overlap window: no repeats
        assertThat(deliveredIds()).containsExactlyInAnyOrderElementsOf(changed);
        Task body = (Task) deliveries.get(0).body();
        assertThat(body.data().get("text").toString()).startsWith("changed ");
    }

    @Test
    void completedDeliversEachNewlyLabeledTaskOnceWithItsAnnotations() throws Exception {
        Project project = ls.project("Consume completed", LabelConfigs.TEXT_CLASSIFICATION);
        List<Long> ids = importTasks(project.id(), 0, 25);
        ls.annotate(ids.get(0), "Positive"); // labeled before the route starts: not delivered with startFrom=now
        MemoryStateRepository marks = marks("completedMarks");
        consume("completed", uri(project, "&event=completed&fields=all&stateRepository=#completedMarks"), null);
        waitFor("the first mark", () -> marks.getState(key(project, "completed")) != null);

        List<Long> labeled = ids.subList(1, 21);
        for (Long id : labeled) {
            ls.annotate(id, "Positive");
        }
        waitFor("20 exchanges", () -> deliveries.size() >= 20);
        // a second annotation on an already delivered task does not make it complete again
        ls.annotate(ids.get(1), "Positive");
        ls.annotate(ids.get(0), "Positive");
        waitForExactly(20);

        assertThat(deliveredIds()).hasSize(20).containsExactlyInAnyOrderElementsOf(labeled);
        for (Delivery d : deliveries) {
            Task task = (Task) d.body();
            assertThat(task.annotations()).hasSize(1);
            assertThat(task.labeled()).isTrue();
        }
        long labeledOnServer = ls.client()
                .tasks()
                .list(project.id(), TaskQuery.all().withLabeled(true))
                .total();
        assertThat(labeledOnServer).isEqualTo(21);
    }

    @Test
    void aTaskFailingAfterThreadsComesAgainInOrder() throws Exception {
        failingAfterAHandOff("threads", false);
    }

    @Test
    void aTaskFailingAfterASedaHandOffComesAgainInOrder() throws Exception {
        failingAfterAHandOff("seda", true);
    }

    /**
     * The route hands each exchange on ({@code .threads(1, 1)} or a {@code seda} queue) and the other side fails once
     * on the 11th task: the mark waits for the exchange, so that task comes again, every task comes at least once, and
     * the first deliveries keep id order.
     */
    private void failingAfterAHandOff(String name, boolean seda) throws Exception {
        Project project = ls.project("Consume after " + name, LabelConfigs.TEXT_CLASSIFICATION);
        List<Long> imported = importTasks(project.id(), 0, 30);
        long failing = imported.get(10);
        AtomicBoolean failed = new AtomicBoolean();
        List<Long> attempts = Collections.synchronizedList(new ArrayList<>());
        MemoryStateRepository marks = marks(name + "Marks");
        String queue = "seda:consume-" + project.id();
        String uri = uri(project, "&startFrom=beginning&maxMessagesPerPoll=8&stateRepository=#" + name + "Marks");
        ls.camel().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                if (seda) {
                    from(uri).routeId(name).to(queue);
                    from(queue).routeId(name + "-after").process(e -> attempt(e, attempts, failing, failed));
                } else {
                    from(uri).routeId(name).threads(1, 1).process(e -> attempt(e, attempts, failing, failed));
                }
            }
        });
        routes.add(name);
        if (seda) {
            routes.add(name + "-after");
        }
        long last = imported.get(imported.size() - 1);
        waitFor("the mark past the last task", () -> highestDelivered(marks.getState(key(project, "created"))) == last);
        synchronized (attempts) {
            assertThat(new ArrayList<>(new LinkedHashSet<>(attempts)))
                    .as("first deliveries")
                    .containsExactlyElementsOf(imported);
            assertThat(Collections.frequency(attempts, failing)).isEqualTo(2);
            assertThat(attempts).containsSubsequence(List.of(failing, failing));
            System.out.printf(
                    "%s: task %d failed once after the hand-off, %d deliveries for %d tasks%n",
                    name, failing, attempts.size(), imported.size());
        }
    }

    /** The highest task id of an event=created mark: the plain id, or "max" of the JSON that keeps gaps. */
    private static long highestDelivered(String mark) throws Exception {
        if (mark == null) {
            return 0;
        }
        return mark.startsWith("{")
                ? io.camellabelstudio.client.http.Json.mapper()
                        .readTree(mark)
                        .path("max")
                        .asLong()
                : Long.parseLong(mark);
    }

    /** The step after the hand-off: records the task, and fails the first time it sees {@code failing}. */
    private static void attempt(org.apache.camel.Exchange e, List<Long> attempts, long failing, AtomicBoolean failed) {
        long id = e.getIn().getHeader(LabelStudioConstants.TASK_ID, Long.class);
        attempts.add(id);
        if (id == failing && failed.compareAndSet(false, true)) {
            throw new IllegalStateException("simulated failure on task " + id + " after the hand-off");
        }
    }

    @Test
    void stateKeyDefaultsToResourceProjectAndEvent() throws Exception {
        Project project = ls.project("Consume key", LabelConfigs.TEXT_CLASSIFICATION);
        consume("key", uri(project, "&event=updated"), null);
        var consumer = (io.camellabelstudio.component.consumer.LabelStudioTasksConsumer)
                ls.camel().getRoute("key").getConsumer();
        assertThat(consumer.getStateKey()).isEqualTo("labelstudio:tasks:projectId:" + project.id() + ":event:updated");
    }
}
