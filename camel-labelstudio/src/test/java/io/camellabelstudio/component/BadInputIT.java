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

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.StubLabelStudio;
import io.camellabelstudio.client.StubResponse;
import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.error.AuthenticationException;
import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.error.TaskImportException;
import io.camellabelstudio.client.error.ValidationException;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.TaskFilesResult;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;
import io.camellabelstudio.it.LabelStudioServer;

/**
 * The bad-input cases that need Label Studio's answer: each sends one kind of bad input through a Camel route to the
 * real server and asserts the exception's type and that its message names the option, header, id or field at fault.
 * Import cases also check that the project holds no task the exception does not report. The cases the component
 * refuses before sending a request, and those of a misbehaving server, are unit tests: {@link BadInputTest}.
 */
class BadInputIT extends LabelStudioIT {

    private static final long MISSING = 987_654_321L;

    private final List<DynamicTest> cases = new ArrayList<>();
    private final AtomicInteger passed = new AtomicInteger();
    private final AtomicInteger run = new AtomicInteger();
    private LabelStudioServer server;
    private Project project;
    private long taskId;

    @BeforeAll
    void fixture(LabelStudioServer server) {
        this.server = server;
        project = ls.project("Bad input", LabelConfigs.TEXT_CLASSIFICATION);
        ImportResult imported = ls.client()
                .tasks()
                .importTasks(
                        project.id(),
                        List.of(Map.of("text", "the one task")).iterator(),
                        io.camellabelstudio.client.ImportOptions.defaults());
        taskId = imported.taskIds().get(0);
    }

    @AfterAll
    void summary() {
        System.out.println("bad-input cases=" + run.get() + " passed=" + passed.get());
    }

    @TestFactory
    Stream<DynamicTest> badInput() {
        importCases();
        serverValidationCases();
        notFoundCases();
        connectionCases();
        fileNameCases();
        return cases.stream();
    }

    private void add(String name, Executable test) {
        cases.add(DynamicTest.dynamicTest(name, () -> {
            run.incrementAndGet();
            test.execute();
            passed.incrementAndGet();
        }));
    }

    private String uri(String resource, String options) {
        return "labelstudio:" + resource + "?" + options;
    }

    private Exception failure(String uri, Object body) {
        return ls.failure(uri, body, Map.of());
    }

    private Exception failure(String uri, Object body, Map<String, Object> headers) {
        return ls.failure(uri, body, headers);
    }

    /** A fresh project for a case that imports, so the count of its tasks tells what the failed import left. */
    private Project emptyProject() {
        return ls.project("Bad import", LabelConfigs.TEXT_CLASSIFICATION);
    }

    private Set<Long> taskIdsOf(long projectId) {
        Set<Long> ids = new HashSet<>();
        ls.client().tasks().listIds(projectId, TaskQuery.all()).forEach(ids::add);
        return ids;
    }

    private void importCases() {
        add("import: a task without the label config's data key", () -> {
            Project target = emptyProject();
            Exception e = failure(
                    uri("tasks", "operation=import&projectId=" + target.id()),
                    List.of(Map.of("text", "fine"), Map.of("txt", "misspelt key")));
            assertThat(e).isInstanceOf(ValidationException.class).hasMessageContaining("text");
            assertThat(taskIdsOf(target.id())).isEmpty();
        });
        add("import: stops part-way on a bad task, reports what was imported", () -> {
            Project target = emptyProject();
            Exception e = failure(
                    uri("tasks", "operation=import&batchSize=2&projectId=" + target.id()),
                    List.of(Map.of("text", "one"), Map.of("text", "two"), Map.of("txt", "three")));
            assertThat(e)
                    .isInstanceOf(TaskImportException.class)
                    .hasMessageContaining("Import into project " + target.id() + " stopped after 2 created")
                    .hasCauseInstanceOf(ValidationException.class);
            ImportResult partial = ((TaskImportException) e).partialResult();
            assertThat(partial.taskIds()).hasSize(2);
            assertThat(taskIdsOf(target.id())).isEqualTo(new HashSet<>(partial.taskIds()));
        });
        add("import: JSON stream breaks after a batch, reports what was imported", () -> {
            Project target = emptyProject();
            byte[] json =
                    "[{\"text\": \"one\"}, {\"text\": \"two\"}, {\"text\": \"three\"".getBytes(StandardCharsets.UTF_8);
            Exception e = failure(
                    uri("tasks", "operation=import&batchSize=2&projectId=" + target.id()),
                    new ByteArrayInputStream(json));
            assertThat(e)
                    .isInstanceOf(TaskImportException.class)
                    .hasMessageContaining("stopped after 2 created")
                    .hasMessageContaining("not valid JSON");
            ImportResult partial = ((TaskImportException) e).partialResult();
            assertThat(partial.taskIds()).hasSize(2);
            assertThat(taskIdsOf(target.id())).isEqualTo(new HashSet<>(partial.taskIds()));
        });
        add("import: an iterator yields a non-task after a batch, reports what was imported", () -> {
            Project target = emptyProject();
            Iterator<Object> tasks = List.<Object>of(Map.of("text", "one"), 7).iterator();
            Exception e = failure(uri("tasks", "operation=import&batchSize=1&projectId=" + target.id()), tasks);
            assertThat(e)
                    .isInstanceOf(TaskImportException.class)
                    .hasMessageContaining("stopped after 1 created")
                    .hasMessageContaining("task #2 must be a Map");
            ImportResult partial = ((TaskImportException) e).partialResult();
            assertThat(partial.taskIds()).hasSize(1);
            assertThat(taskIdsOf(target.id())).isEqualTo(new HashSet<>(partial.taskIds()));
        });
        add(
                "import: non-existent project",
                () -> assertThat(failure(
                                uri("tasks", "operation=import&projectId=" + MISSING), List.of(Map.of("text", "x"))))
                        .isInstanceOf(NotFoundException.class)
                        .hasMessageContaining("/api/projects/" + MISSING + "/import")
                        .hasMessageContaining("404"));
    }

    private void serverValidationCases() {
        add(
                // the project's label config is read first, to turn plain labels into results
                "predictions createMany: an element without task",
                () -> assertThat(failure(
                                uri("predictions", "operation=createMany&projectId=" + project.id()),
                                List.of(Map.of("result", "Positive"))))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("task"));
        add("invalid label config: create project", () -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("title", "Broken config");
            fields.put("label_config", LabelConfigs.BROKEN);
            Exception e = failure(uri("projects", "operation=create"), fields);
            assertThat(e).isInstanceOf(ValidationException.class).hasMessageContaining("label_config");
            assertThat(((ValidationException) e).getFieldErrors()).containsKey("label_config");
        });
        add(
                "invalid label config: validateConfig",
                () -> assertThat(failure(uri("projects", "operation=validateConfig"), LabelConfigs.BROKEN))
                        .isInstanceOf(ValidationException.class)
                        .hasMessageContaining("label_config"));
        add(
                "unknown prediction label",
                () -> assertThat(failure(uri("predictions", "operation=create&taskId=" + taskId), "Neutral"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("Neutral")
                        .hasMessageContaining("Positive"));
        add(
                "prediction for a control the config lacks",
                () -> assertThat(failure(
                                uri("predictions", "operation=create&fromName=mood&taskId=" + taskId), "Positive"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("mood"));
    }

    private void notFoundCases() {
        Map<String, String> missing = new LinkedHashMap<>();
        missing.put("project", uri("projects", "operation=get&projectId=" + MISSING));
        missing.put("task", uri("tasks", "operation=get&taskId=" + MISSING));
        missing.put("annotation", uri("annotations", "operation=get&annotationId=" + MISSING));
        missing.put("prediction", uri("predictions", "operation=get&predictionId=" + MISSING));
        missing.put(
                "export",
                uri("exports", "operation=status&maxRetries=0&projectId=" + project.id() + "&exportId=" + MISSING));
        missing.put("storage", uri("storages", "operation=get&storageType=s3&storageId=" + MISSING));
        missing.put("view", uri("views", "operation=get&viewId=" + MISSING));
        missing.put("webhook", uri("webhooks", "operation=get&webhookId=" + MISSING));
        missing.forEach((what, uri) -> add(
                "non-existent " + what,
                () -> assertThat(failure(uri, null))
                        .isInstanceOf(NotFoundException.class)
                        .hasMessageContaining("/" + MISSING)
                        .hasMessageContaining("HTTP 404")));
        add(
                "tasks of a non-existent project",
                () -> assertThat(failure(uri("tasks", "operation=list&projectId=" + MISSING), null))
                        .isInstanceOf(NotFoundException.class)
                        .hasMessageContaining(String.valueOf(MISSING)));
    }

    private void connectionCases() {
        add("wrong key", () -> {
            String key = "0123456789abcdef0123456789abcdef01234567";
            Exception e = failure(
                    uri(
                            "projects",
                            "operation=get&authScheme=legacyToken&apiKey=" + key + "&projectId=" + project.id()),
                    null);
            assertThat(e)
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("HTTP 401")
                    .hasMessageNotContaining(key);
        });
    }

    private void fileNameCases() {
        add("task files with traversal names stay in the download directory", () -> {
            Path root = Files.createTempDirectory("bad-input-files");
            Path out = root.resolve("out");
            try (StubLabelStudio files = StubLabelStudio.start()) {
                for (int i = 0; i < 4; i++) {
                    files.enqueue(StubResponse.body(200, "text/plain", "content " + i));
                }
                Project target = emptyProject();
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("text", "files");
                data.put("a", files.url() + "/f/..%2F..%2Fescape.txt");
                data.put("../../b", files.url() + "/f/..%5C..%5Cwin.ini");
                data.put("c", files.url() + "/f/%2e%2e");
                data.put("d", files.url() + "/f/a%00b.txt");
                ls.client().tasks().importTasks(target.id(), List.of(data).iterator(), ImportOptions.defaults());

                Exchange done = ls.request(
                        // the file server is a stub on loopback, which downloads refuse unless allowed
                        uri(
                                "tasks",
                                "operation=downloadFiles&downloadFromPrivateAddresses=true&projectId=" + target.id()
                                        + "&downloadDirectory=" + out),
                        null,
                        Map.of());

                TaskFilesResult result = done.getMessage().getBody(TaskFilesResult.class);
                assertThat(result.failed()).isEmpty();
                assertThat(result.downloaded()).hasSize(4);
                try (Stream<Path> all = Files.walk(root)) {
                    List<Path> written = all.filter(Files::isRegularFile).toList();
                    assertThat(written)
                            .hasSize(4)
                            .allSatisfy(file -> assertThat(file.getParent()).isEqualTo(out.toAbsolutePath()));
                    assertThat(written)
                            .extracting(file -> file.getFileName().toString().replaceFirst("^[0-9]+_", ""))
                            .containsExactlyInAnyOrder("a_escape.txt", "b_win.ini", "c_file", "d_a_b.txt");
                }
            } finally {
                try (Stream<Path> all = Files.walk(root)) {
                    all.sorted(java.util.Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
        });
    }
}
