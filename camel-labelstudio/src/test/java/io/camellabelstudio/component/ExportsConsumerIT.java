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

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.export.ExportDownload;
import io.camellabelstudio.client.model.ExportSnapshot;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;
import io.camellabelstudio.it.LabelStudioServer;

/**
 * {@code from("labelstudio:exports")} against a real Label Studio: a snapshot made through the API arrives once with
 * the same bytes as a direct download; createSnapshots makes one snapshot per change and none without; a failing
 * exchange comes again; a restart with a file state repository repeats nothing.
 */
class ExportsConsumerIT extends LabelStudioIT {

    private static final long DELAY = 200;

    private final AtomicInteger routes = new AtomicInteger();
    private final List<String> started = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void removeRoutes() throws Exception {
        ls.removeRoutes(started);
    }

    // ---- helpers ----

    /** A text-classification project of {@code count} tasks; the first {@code annotated} get an annotation. */
    private Fixture fixture(int count, int annotated) {
        Project project = ls.project("ExportsConsumerIT", LabelConfigs.TEXT_CLASSIFICATION);
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(Map.of("text", "Text number " + i));
        }
        List<Long> ids = ls.client()
                .tasks()
                .importTasks(project.id(), tasks, ImportOptions.defaults())
                .taskIds();
        Fixture fixture = new Fixture(project.id(), ids);
        for (int i = 0; i < annotated; i++) {
            fixture.annotate(i, "Positive");
        }
        return fixture;
    }

    private final class Fixture {
        final long projectId;
        final List<Long> taskIds;

        Fixture(long projectId, List<Long> taskIds) {
            this.projectId = projectId;
            this.taskIds = taskIds;
        }

        String uri(String options) {
            return "labelstudio:exports?projectId=" + projectId + "&initialDelay=0&delay=" + DELAY
                    + "&sendEmptyMessageWhenIdle=true" + options;
        }

        String stateKey() {
            return "labelstudio:exports:projectId:" + projectId;
        }

        long annotate(int task, String choice) {
            return ls.annotate(taskIds.get(task), choice).id();
        }

        ExportSnapshot snapshot() {
            return ls.client().exports().create(projectId, Map.of(), null);
        }

        List<ExportSnapshot> snapshots() {
            return ls.client().exports().list(projectId);
        }
    }

    /** What one route saw: the exports delivered (id and the body's bytes or type) and its idle polls. */
    private static final class Seen {
        final List<Long> ids = new CopyOnWriteArrayList<>();
        final List<Object> bodies = new CopyOnWriteArrayList<>();
        final List<String> eventTypes = new CopyOnWriteArrayList<>();
        final List<String> fileNames = new CopyOnWriteArrayList<>();
        final AtomicInteger idlePolls = new AtomicInteger();

        /** Waits until {@code more} polls found nothing, so that "nothing more came" means something. */
        void awaitIdlePolls(int more) {
            int target = idlePolls.get() + more;
            await(() -> idlePolls.get() >= target, more + " more idle polls");
        }

        void awaitExports(int count) {
            await(() -> ids.size() >= count, count + " exports");
        }
    }

    /** Starts a route on {@code uri} that records each export (reading a stream body), then runs {@code processor}. */
    private Seen route(String uri, Processor processor) throws Exception {
        Seen seen = new Seen();
        String id = "exports-consumer-" + routes.incrementAndGet();
        ls.camel().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(id).streamCache("false").process(e -> {
                    Long exportId = e.getMessage().getHeader(LabelStudioConstants.EXPORT_ID, Long.class);
                    if (exportId == null) {
                        seen.idlePolls.incrementAndGet(); // sendEmptyMessageWhenIdle
                        return;
                    }
                    processor.process(e);
                    Object body = e.getMessage().getBody();
                    seen.bodies.add(body instanceof InputStream in ? in.readAllBytes() : body);
                    seen.eventTypes.add(e.getMessage().getHeader(LabelStudioConstants.EVENT_TYPE, String.class));
                    seen.fileNames.add(
                            e.getMessage().getHeader(LabelStudioConstants.EXPORT_FILE_NAME, "none", String.class));
                    seen.ids.add(exportId);
                });
            }
        });
        started.add(id);
        return seen;
    }

    /** Stops and removes the route started last, as a shutdown would. */
    private void stopLastRoute() throws Exception {
        String id = started.remove(started.size() - 1);
        ls.camel().getRouteController().stopRoute(id);
        ls.camel().removeRoute(id);
    }

    private static void await(Callable<Boolean> condition, String what) {
        Awaitility.await(what)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(condition);
    }

    private byte[] directDownload(long projectId, long exportId) throws Exception {
        try (ExportDownload download = ls.client().exports().download(projectId, exportId, "JSON");
                InputStream in = download.body()) {
            return in.readAllBytes();
        }
    }

    // ---- tests ----

    @Test
    void aSnapshotCreatedThroughTheApiGivesOneExchangeWhoseStreamEqualsADirectDownload() throws Exception {
        Fixture project = fixture(4, 2);
        ExportSnapshot before = project.snapshot();
        MemoryStateRepository state = new MemoryStateRepository();
        ls.camel().getRegistry().bind("exportsState1", state);
        Seen seen = route(project.uri("&download=true&stateRepository=#exportsState1"), e -> {});
        seen.awaitIdlePolls(1);
        assertThat(state.getState(project.stateKey()))
                .as("startFrom=now: the newest snapshot at the first poll")
                .isEqualTo(String.valueOf(before.id()));

        ExportSnapshot made = project.snapshot();
        assertThat(made.completed()).as("Community exports inside the POST").isTrue();
        seen.awaitExports(1);
        seen.awaitIdlePolls(3);

        assertThat(seen.ids).containsExactly(made.id());
        assertThat(seen.eventTypes).containsExactly("completed");
        byte[] direct = directDownload(project.projectId, made.id());
        assertThat(direct).hasSizeGreaterThan(2);
        assertThat((byte[]) seen.bodies.get(0)).isEqualTo(direct);
        try (ExportDownload download = ls.client().exports().download(project.projectId, made.id(), "JSON")) {
            assertThat(seen.fileNames).containsExactly(download.fileName());
        }
        assertThat(state.getState(project.stateKey())).isEqualTo(String.valueOf(made.id()));
    }

    @Test
    void createSnapshotsMakesOneSnapshotPerChangeAndNoneWhenNothingChanged() throws Exception {
        Fixture project = fixture(3, 1);
        Seen seen = route(project.uri("&createSnapshots=true"), e -> {});

        seen.awaitExports(1);
        seen.awaitIdlePolls(3);
        assertThat(project.snapshots())
                .as("one snapshot of the data found at the first poll")
                .hasSize(1);
        assertThat(project.snapshots().get(0).taskNumber())
                .as("downloadAllTasks=false: the annotated tasks only")
                .isEqualTo(1L);

        project.annotate(1, "Negative");
        seen.awaitExports(2);
        seen.awaitIdlePolls(3);
        assertThat(project.snapshots()).as("a new annotation").hasSize(2);
        assertThat(project.snapshots().get(0).taskNumber()).isEqualTo(2L);

        ls.client().tasks().update(project.taskIds.get(0), Map.of("data", Map.of("text", "changed")));
        seen.awaitExports(3);
        seen.awaitIdlePolls(3);
        assertThat(project.snapshots()).as("changed task data").hasSize(3);

        seen.awaitIdlePolls(5);
        assertThat(project.snapshots()).as("nothing changed: no snapshot").hasSize(3);
        List<Long> made =
                project.snapshots().stream().map(ExportSnapshot::id).sorted().toList();
        assertThat(seen.ids).as("each snapshot delivered once, in order").isEqualTo(made);
    }

    @Test
    void anExchangeThatFailsComesAgainAtTheNextPollAndNothingIsLost() throws Exception {
        Fixture project = fixture(2, 1);
        long first = project.snapshot().id();
        long second = project.snapshot().id();
        AtomicBoolean failedOnce = new AtomicBoolean();
        List<Long> attempts = new CopyOnWriteArrayList<>();
        Seen seen = route(project.uri("&startFrom=beginning"), e -> {
            long id = e.getMessage().getHeader(LabelStudioConstants.EXPORT_ID, Long.class);
            attempts.add(id);
            if (id == first && failedOnce.compareAndSet(false, true)) {
                throw new IllegalStateException("downstream refused export " + id);
            }
        });

        seen.awaitExports(2);
        seen.awaitIdlePolls(2);
        assertThat(attempts).containsExactly(first, first, second);
        assertThat(seen.ids).containsExactly(first, second);
    }

    @Test
    void aRestartWithAFileStateRepositoryRepeatsNothingAndMakesNoSnapshotWithoutAChange() throws Exception {
        Fixture project = fixture(3, 2);
        long existing = project.snapshot().id();
        java.io.File stateFile = dir.resolve("exports.state").toFile();
        String uri = project.uri("&startFrom=beginning&createSnapshots=true&stateRepository=#exportsFileState");

        ls.camel().getRegistry().bind("exportsFileState", fileRepository(stateFile));
        Seen firstRun = route(uri, e -> {});
        firstRun.awaitExports(2); // the existing snapshot and the one made for the first fingerprint
        firstRun.awaitIdlePolls(2);
        stopLastRoute();
        assertThat(firstRun.ids.get(0)).isEqualTo(existing);

        long madeWhileStopped = project.snapshot().id();
        ls.camel().getRegistry().bind("exportsFileState", fileRepository(stateFile)); // as after a JVM restart
        Seen secondRun = route(uri, e -> {});
        secondRun.awaitExports(1);
        secondRun.awaitIdlePolls(3);

        assertThat(secondRun.ids)
                .as("only what the first run had not delivered")
                .containsExactly(madeWhileStopped);
        assertThat(project.snapshots())
                .as("the stored fingerprint: no new snapshot without a change")
                .hasSize(3);
        List<Long> all = new ArrayList<>(firstRun.ids);
        all.addAll(secondRun.ids);
        assertThat(all).doesNotHaveDuplicates().hasSize(3);
    }

    @Test
    void anEmptyProjectGetsNoSnapshotUntilItHasTasks() throws Exception {
        Project empty = ls.project("ExportsConsumerIT empty", LabelConfigs.TEXT_CLASSIFICATION);
        Fixture project = new Fixture(empty.id(), List.of());
        Seen seen = route(project.uri("&createSnapshots=true&downloadAllTasks=true"), e -> {});
        seen.awaitIdlePolls(3);
        assertThat(project.snapshots()).as("nothing to export yet").isEmpty();

        ls.client().tasks().importTasks(empty.id(), List.of(Map.of("text", "first")), ImportOptions.defaults());
        seen.awaitExports(1);
        seen.awaitIdlePolls(3);
        assertThat(project.snapshots()).hasSize(1);
        assertThat(project.snapshots().get(0).taskNumber())
                .as("downloadAllTasks=true: unannotated tasks too")
                .isEqualTo(1L);
        assertThat(seen.ids).containsExactly(project.snapshots().get(0).id());
    }

    @Test
    void theYamlExampleOfTheComponentPageWritesEachNewExportToItsDirectory(LabelStudioServer server) throws Exception {
        Fixture project = fixture(3, 2);
        Path exports = Files.createDirectories(dir.resolve("exports"));
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            java.util.Properties properties = new java.util.Properties();
            properties.putAll(Map.of(
                    "labelstudio.url", server.url(),
                    "labelstudio.api-key", server.legacyToken(),
                    "exports.project-id", String.valueOf(project.projectId),
                    "exports.dir", exports.toString(),
                    "exports.state-dir", dir.toString(),
                    "exports.delay", String.valueOf(DELAY)));
            camel.getPropertiesComponent().setInitialProperties(properties);
            PluginHelper.getRoutesLoader(camel)
                    .loadRoutes(ResourceHelper.resolveMandatoryResource(
                            camel, "classpath:routes/exports-consumer-route.yaml"));
            MockEndpoint written = camel.getEndpoint("mock:exports-written", MockEndpoint.class);
            written.expectedMessageCount(1);
            camel.start();

            written.setAssertPeriod(5 * DELAY); // a few more polls: no further snapshot, no further exchange
            written.assertIsSatisfied(30_000);
            File file = written.getExchanges().get(0).getMessage().getBody(File.class);
            long exportId =
                    written.getExchanges().get(0).getMessage().getHeader(LabelStudioConstants.EXPORT_ID, Long.class);
            assertThat(file.toPath().getParent()).isEqualTo(exports);
            assertThat(Files.readAllBytes(file.toPath())).isEqualTo(directDownload(project.projectId, exportId));
            assertThat(project.snapshots()).extracting(ExportSnapshot::id).containsExactly(exportId);
            assertThat(Files.readString(dir.resolve("labelstudio-exports.state")))
                    .as("the mark, in the file of the YAML bean")
                    .contains(project.stateKey() + "=" + exportId);
        }
    }

    private static StateRepository<String, String> fileRepository(java.io.File file) {
        return FileStateRepository.fileStateRepository(file);
    }
}
