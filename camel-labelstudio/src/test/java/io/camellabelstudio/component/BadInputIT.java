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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.apache.camel.ResolveEndpointFailedException;
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
import io.camellabelstudio.client.error.LabelStudioConnectionException;
import io.camellabelstudio.client.error.LabelStudioException;
import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.client.error.TaskImportException;
import io.camellabelstudio.client.error.ValidationException;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.TaskFilesResult;
import io.camellabelstudio.it.HugeAnswerServer;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;
import io.camellabelstudio.it.LabelStudioServer;

/**
 * The bad-input matrix: each case sends one kind of bad input through a Camel route to the real Label Studio (or, for
 * a misbehaving server, to a stub) and asserts the exception's type and that its message names the option, header,
 * id or field at fault. Import cases also check that the project holds no task the exception does not report.
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
        endpointCases();
        idCases();
        bodyTypeCases();
        jsonCases();
        importCases();
        serverValidationCases();
        notFoundCases();
        connectionCases();
        misbehavingServerCases();
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

    private void endpointCases() {
        add(
                "unknown resource",
                () -> assertThatThrownBy(
                                () -> ls.template().requestBody("labelstudio:taskz?operation=list", (Object) null))
                        .isInstanceOf(ResolveEndpointFailedException.class)
                        .rootCause()
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("Unknown Label Studio resource 'taskz'")
                        .hasMessageContaining("valid resources: projects, tasks"));
        add(
                "unknown operation option",
                () -> assertThatThrownBy(() -> ls.template()
                                .requestBody(uri("tasks", "operation=imprt&projectId=" + project.id()), (Object) null))
                        .rootCause()
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("'imprt' is not one of: list, get, create, update, delete, validateConfig, import,"
                                + " deleteMany, deleteAll, downloadFiles, assignAnnotators, assignReviewers,"
                                + " unassignAnnotators, unassignReviewers, assignAnnotatorsBySampling,"
                                + " assignReviewersBySampling, parseConfig, listModelVersions, predictionsCoverage,"
                                + " listMembers, addMember, createFromPredictions, createMany, export, run, status,"
                                + " download, formats, validate, sync"));
        add(
                "unknown operation header",
                () -> assertThat(failure(
                                uri("projects", "projectId=" + project.id()),
                                null,
                                Map.of(LabelStudioConstants.OPERATION, "fetch")))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("The " + LabelStudioConstants.OPERATION + " header 'fetch' is not an"
                                + " operation of labelstudio:projects")
                        .hasMessageContaining("valid operations: list, get"));
        add(
                "operation of another resource",
                () -> assertThat(failure(
                                uri("views", "projectId=" + project.id()),
                                List.of(),
                                Map.of(LabelStudioConstants.OPERATION, "import")))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("header 'import' is not an operation of labelstudio:views"));
        add(
                "missing operation",
                () -> assertThat(failure("labelstudio:projects", null))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("No operation for labelstudio:projects")
                        .hasMessageContaining("operation option or the " + LabelStudioConstants.OPERATION + " header"));
        add(
                "misspelt option",
                () -> assertThatThrownBy(() -> ls.template()
                                .requestBody(uri("tasks", "operation=list&projektId=" + project.id()), (Object) null))
                        .isInstanceOf(ResolveEndpointFailedException.class)
                        .hasMessageContaining("projektId"));
        add(
                "unknown fields value",
                () -> assertThatThrownBy(() -> ls.template()
                                .requestBody(
                                        uri("tasks", "operation=list&fields=everything&projectId=" + project.id()),
                                        (Object) null))
                        .isInstanceOf(ResolveEndpointFailedException.class)
                        .hasMessageContaining("(fields=everything)")
                        .rootCause()
                        .hasMessage("'everything' is not one of: task_only, all"));
        add(
                "unknown storage type",
                () -> assertThatThrownBy(() -> ls.template()
                                .requestBody(
                                        uri("storages", "operation=list&storageType=ftp&projectId=" + project.id()),
                                        (Object) null))
                        .isInstanceOf(ResolveEndpointFailedException.class)
                        .hasMessageContaining("(storageType=ftp)")
                        .rootCause()
                        .hasMessage("'ftp' is not one of: s3, s3s, gcs, azure, redis, localfiles"));
        add(
                "unknown storage direction",
                () -> assertThatThrownBy(() -> ls.template()
                                .requestBody(
                                        uri(
                                                "storages",
                                                "operation=list&storageType=s3&direction=sideways&projectId="
                                                        + project.id()),
                                        (Object) null))
                        .isInstanceOf(ResolveEndpointFailedException.class)
                        .hasMessageContaining("(direction=sideways)")
                        .rootCause()
                        .hasMessage("'sideways' is not one of: import, export"));
        add(
                "invalid filters JSON",
                () -> assertThat(failure(
                                uri(
                                        "tasks",
                                        "operation=list&projectId=" + project.id() + "&filters=RAW({\"items\": [)"),
                                null))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("the filters option is invalid"));
    }

    private void idCases() {
        add(
                "missing project id",
                () -> assertThat(failure(uri("tasks", "operation=import"), List.of(Map.of("text", "x"))))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("labelstudio:tasks operation 'import' needs a project id")
                        .hasMessageContaining(
                                "projectId option or the " + LabelStudioConstants.PROJECT_ID + " header"));
        add(
                "missing task id",
                () -> assertThat(failure(uri("tasks", "operation=get"), null))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(
                                "needs a task id: set the taskId option or the " + LabelStudioConstants.TASK_ID));
        add(
                "missing export id",
                () -> assertThat(failure(uri("exports", "operation=status&projectId=" + project.id()), null))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("needs an export id: set the exportId option"));
        add(
                "missing storage id",
                () -> assertThat(failure(uri("storages", "operation=get&storageType=s3"), null))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("needs a storage id: set the storageId option"));
        add(
                "non-numeric id header",
                () -> assertThat(failure(
                                uri("tasks", "operation=get"), null, Map.of(LabelStudioConstants.TASK_ID, "abc")))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("the " + LabelStudioConstants.TASK_ID + " header must be a numeric id")
                        .hasMessageContaining("'abc'"));
        add(
                "fractional id header",
                () -> assertThat(failure(
                                uri("tasks", "operation=get"), null, Map.of(LabelStudioConstants.TASK_ID, 1.5d)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("the " + LabelStudioConstants.TASK_ID + " header must be a numeric id")
                        .hasMessageContaining("'1.5'"));
        add(
                "non-numeric id option",
                () -> assertThatThrownBy(() ->
                                ls.template().requestBody(uri("tasks", "operation=get&taskId=abc"), (Object) null))
                        .isInstanceOf(ResolveEndpointFailedException.class)
                        .rootCause()
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("The taskId option of labelstudio:tasks must be a numeric id, but was 'abc'"));
        add(
                "non-numeric id in a list header",
                () -> assertThat(failure(
                                uri("tasks", "operation=deleteMany&projectId=" + project.id()),
                                null,
                                Map.of(LabelStudioConstants.TASK_IDS, taskId + ",x")))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(
                                "the " + LabelStudioConstants.TASK_IDS + " header must hold numeric ids, but has 'x'"));
    }

    private void bodyTypeCases() {
        add("import: wrong body type", () -> {
            Project target = emptyProject();
            assertThat(failure(uri("tasks", "operation=import&projectId=" + target.id()), 42))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("labelstudio:tasks operation 'import' needs tasks as body")
                    .hasMessageContaining("java.lang.Integer");
            assertThat(taskIdsOf(target.id())).isEmpty();
        });
        add("import: a list element that is not a task", () -> {
            Project target = emptyProject();
            assertThat(failure(
                            uri("tasks", "operation=import&batchSize=1&projectId=" + target.id()),
                            List.of(Map.of("text", "fine"), "not a task")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("task #2 must be a Map")
                    .hasMessageContaining("java.lang.String");
            assertThat(taskIdsOf(target.id())).isEmpty(); // checked before the first batch was sent
        });
        add(
                "task update: wrong body type",
                () -> assertThat(failure(uri("tasks", "operation=update&taskId=" + taskId), 42))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("labelstudio:tasks operation 'update' needs a Map, a JSON object")
                        .hasMessageContaining("java.lang.Integer"));
        add(
                "project create: a list body",
                () -> assertThat(failure(uri("projects", "operation=create"), List.of("x")))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("labelstudio:projects operation 'create' needs a Map")
                        .hasMessageContaining("List"));
        add(
                "annotation create: plain text body",
                () -> assertThat(failure(uri("annotations", "operation=create&taskId=" + taskId), "Positive"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("labelstudio:annotations operation 'create' needs a JSON object ({...})")
                        .hasMessageContaining("starts with 'P'"));
        add(
                "prediction create: wrong body type",
                () -> assertThat(failure(uri("predictions", "operation=create&taskId=" + taskId), 42))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("labelstudio:predictions operation 'create'")
                        .hasMessageContaining("java.lang.Integer"));
        add(
                "predictions createMany: wrong body type",
                () -> assertThat(failure(uri("predictions", "operation=createMany&projectId=" + project.id()), 42))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("needs a List of predictions")
                        .hasMessageContaining("java.lang.Integer"));
        add(
                "predictions createMany: an element without task",
                () -> assertThat(failure(
                                uri("predictions", "operation=createMany&projectId=" + project.id()),
                                List.of(Map.of("result", "Positive"))))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("task"));
        add(
                "storage create: wrong body type",
                () -> assertThat(failure(
                                uri("storages", "operation=create&storageType=s3&projectId=" + project.id()), 42))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("labelstudio:storages operation 'create' needs a Map")
                        .hasMessageContaining("java.lang.Integer"));
        add(
                "view create: a list body",
                () -> assertThat(failure(uri("views", "operation=create&projectId=" + project.id()), List.of(1, 2)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("labelstudio:views operation 'create' needs a Map"));
        add(
                "webhook create: wrong body type",
                () -> assertThat(failure(uri("webhooks", "operation=create&projectId=" + project.id()), 42))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("labelstudio:webhooks operation 'create' needs a Map"));
        add(
                "parseConfig: a Map body",
                () -> assertThat(failure(uri("projects", "operation=parseConfig"), Map.of("label_config", "<View/>")))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("needs the label config XML as body"));
        add(
                "validateConfig: fields without label_config",
                () -> assertThat(failure(uri("projects", "operation=validateConfig"), Map.of("title", "x")))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("needs the field label_config in the body"));
        add(
                "deleteMany: a Map where ids are needed",
                () -> assertThat(failure(
                                uri("tasks", "operation=deleteMany&projectId=" + project.id()),
                                Map.of("ids", List.of(taskId))))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("the body must hold task ids")
                        .hasMessageContaining("Map"));
    }

    private void jsonCases() {
        add(
                "invalid JSON body",
                () -> assertThat(failure(uri("projects", "operation=update&projectId=" + project.id()), "{\"title\": "))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("labelstudio:projects operation 'update': the body is not valid JSON"));
        add(
                "JSON object where a list of ids is needed",
                () -> assertThat(failure(
                                uri("tasks", "operation=deleteMany&projectId=" + project.id()),
                                "{\"ids\": [" + taskId + "]}"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("the body must hold")
                        .hasMessageContaining("JSON object"));
        add(
                "JSON list where an object is needed",
                () -> assertThat(failure(uri("annotations", "operation=create&taskId=" + taskId), "[{\"result\": []}]"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("needs a JSON object ({...}) as body, but the body starts with '['"));
        add(
                "prediction create: invalid JSON",
                () -> assertThat(failure(
                                uri("predictions", "operation=create&taskId=" + taskId), "{\"choices\": [\"Positive\""))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("the body is not valid JSON"));
    }

    private void importCases() {
        add("import: empty list", () -> {
            Project target = emptyProject();
            assertThat(failure(uri("tasks", "operation=import&projectId=" + target.id()), List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Nothing to import into project " + target.id() + ": the task list is empty");
            assertThat(taskIdsOf(target.id())).isEmpty();
        });
        add("import: empty JSON list", () -> {
            Project target = emptyProject();
            assertThat(failure(uri("tasks", "operation=import&projectId=" + target.id()), "[]"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Nothing to import into project " + target.id() + ": the task list is empty");
            assertThat(taskIdsOf(target.id())).isEmpty();
        });
        add("import: no body", () -> {
            Project target = emptyProject();
            assertThat(failure(uri("tasks", "operation=import&projectId=" + target.id()), null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("needs tasks as body")
                    .hasMessageContaining("the body was empty");
            assertThat(taskIdsOf(target.id())).isEmpty();
        });
        add("import: invalid JSON", () -> {
            Project target = emptyProject();
            assertThat(failure(
                            uri("tasks", "operation=import&projectId=" + target.id()),
                            "[{\"text\": \"a\"}, {\"text\": "))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("The tasks are not valid JSON");
            assertThat(taskIdsOf(target.id())).isEmpty();
        });
        add("import: a JSON scalar", () -> {
            Project target = emptyProject();
            assertThat(failure(uri("tasks", "operation=import&projectId=" + target.id()), "\"just text\""))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Tasks must be a JSON list of objects")
                    .hasMessageContaining("\"just text\"");
            assertThat(taskIdsOf(target.id())).isEmpty();
        });
        add("import: a JSON list of numbers", () -> {
            Project target = emptyProject();
            assertThat(failure(uri("tasks", "operation=import&projectId=" + target.id()), "[1, 2]"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Task #1 of the JSON list is not an object but 1");
            assertThat(taskIdsOf(target.id())).isEmpty();
        });
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
                "invalid label config: parseConfig",
                () -> assertThat(failure(uri("projects", "operation=parseConfig"), LabelConfigs.BROKEN))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("label config"));
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
        add(
                "webhook without url",
                () -> assertThat(failure(
                                uri("webhooks", "operation=create&projectId=" + project.id()),
                                Map.of("send_payload", true)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("needs the webhookUrl option"));
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
        add("unreachable server", () -> {
            int port;
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            Exception e = failure(
                    uri("projects", "operation=get&maxRetries=0&url=http://127.0.0.1:" + port + "&projectId=1"), null);
            assertThat(e)
                    .isInstanceOf(LabelStudioConnectionException.class)
                    .hasMessageContaining("GET /api/projects/1/")
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("Connect");
        });
    }

    private void misbehavingServerCases() {
        add("HTML error page from a proxy", () -> {
            try (StubLabelStudio proxy = StubLabelStudio.start()) {
                proxy.enqueue(StubResponse.html(
                        502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"));
                Exception e =
                        failure(uri("projects", "operation=get&maxRetries=0&projectId=1&url=" + proxy.url()), null);
                assertThat(e)
                        .isInstanceOf(ServerErrorException.class)
                        .hasMessageContaining("HTTP 502")
                        .hasMessageContaining("HTML page instead of JSON")
                        .hasMessageContaining("502 Bad Gateway");
            }
        });
        add("HTML page with 200 (a login page of a proxy)", () -> {
            try (StubLabelStudio proxy = StubLabelStudio.start()) {
                proxy.enqueue(StubResponse.html(200, "<html><head><title>Sign in</title></head><body/></html>"));
                Exception e = failure(uri("projects", "operation=get&projectId=1&url=" + proxy.url()), null);
                assertThat(e)
                        .isInstanceOf(LabelStudioException.class)
                        .hasMessageContaining("GET /api/projects/1/")
                        .hasMessageContaining("instead of JSON")
                        .hasMessageContaining("Sign in");
            }
        });
        add("invalid JSON answer", () -> {
            try (StubLabelStudio proxy = StubLabelStudio.start()) {
                proxy.enqueue(StubResponse.json(200, "{\"id\": 1, \"title\": oops}"));
                Exception e = failure(uri("projects", "operation=get&projectId=1&url=" + proxy.url()), null);
                assertThat(e)
                        .isInstanceOf(LabelStudioException.class)
                        .hasMessageContaining("GET /api/projects/1/")
                        .hasMessageContaining("not valid JSON");
            }
        });
        add("truncated answer", () -> {
            try (StubLabelStudio proxy = StubLabelStudio.start()) {
                proxy.enqueue(StubResponse.json(200, "{\"id\": 1, \"title\": \"A project with a long title\"}")
                        .truncatedAfter(20));
                Exception e =
                        failure(uri("projects", "operation=get&maxRetries=0&projectId=1&url=" + proxy.url()), null);
                assertThat(e)
                        .isInstanceOf(LabelStudioConnectionException.class)
                        .hasMessageContaining("GET /api/projects/1/")
                        .hasMessageContaining("Premature end of Content-Length delimited message body");
            }
        });
        add("huge HTML error page", () -> {
            try (HugeAnswerServer huge = new HugeAnswerServer(
                    500,
                    "text/html",
                    "<html><head><title>Out of memory</title></head><body>",
                    "<p>trace</p>\n",
                    200_000_000L,
                    "</body></html>")) {
                long started = System.nanoTime();
                Exception e =
                        failure(uri("projects", "operation=get&maxRetries=0&projectId=1&url=" + huge.url()), null);
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(e)
                        .isInstanceOf(ServerErrorException.class)
                        .hasMessageContaining("HTTP 500")
                        .hasMessageContaining("Out of memory");
                assertThat(e.getMessage()).hasSizeLessThan(2_000);
                System.out.println("huge error page: body=" + huge.bodyLength() + " bytes, sent before the client hung"
                        + " up=" + huge.bytesSent() + " bytes, " + millis + " ms");
                assertThat(huge.bytesSent()).isLessThan(huge.bodyLength() / 20);
            }
        });
        add("huge JSON list is streamed", () -> {
            String prediction = "{\"id\": 1, \"task\": 1, \"result\": [], \"score\": 0.5},";
            try (HugeAnswerServer huge =
                    new HugeAnswerServer(200, "application/json", "[", prediction, 50_000_000L, "{\"id\": 2}]")) {
                Object body = ls.request(
                                uri("predictions", "operation=list&projectId=1&url=" + huge.url()), null, Map.of())
                        .getMessage()
                        .getBody();
                assertThat(body).isInstanceOf(Iterable.class);
                Iterator<?> it = ((Iterable<?>) body).iterator();
                int read = 0;
                while (read < 1000 && it.hasNext()) {
                    it.next();
                    read++;
                }
                ((java.io.Closeable) it).close();
                System.out.println("huge list: body=" + huge.bodyLength() + " bytes, read " + read
                        + " elements, sent before the client hung up=" + huge.bytesSent() + " bytes");
                assertThat(read).isEqualTo(1000);
                assertThat(huge.bytesSent()).isLessThan(huge.bodyLength() / 20);
            }
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
