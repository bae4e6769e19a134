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

import java.io.Closeable;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

import io.camellabelstudio.client.StubLabelStudio;
import io.camellabelstudio.client.StubResponse;
import io.camellabelstudio.client.error.LabelStudioConnectionException;
import io.camellabelstudio.client.error.LabelStudioException;
import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.it.HugeAnswerServer;
import io.camellabelstudio.it.LabelConfigs;

/**
 * The bad-input cases that never reach Label Studio: bad options, ids, bodies and JSON that the component refuses
 * before it sends a request, and the answers of a misbehaving server or none (each from a stub of its own). Each case
 * asserts the exception's type and that its message names the option, header, id or field at fault, and that the
 * component's stub server saw no request at all. The cases that need a real server's answer are in {@link BadInputIT}.
 */
class BadInputTest extends StubCamelTestSupport {

    /** Ids of a project and a task that exist nowhere: no case may get as far as asking the server for them. */
    private static final long PROJECT = 7;

    private static final long TASK = 11;

    private final List<DynamicTest> cases = new ArrayList<>();

    @TestFactory
    Stream<DynamicTest> badInput() {
        endpointCases();
        idCases();
        bodyTypeCases();
        jsonCases();
        importCases();
        localValidationCases();
        connectionCases();
        misbehavingServerCases();
        return cases.stream();
    }

    /** A case, and that it sent nothing to the component's server. */
    private void add(String name, Executable test) {
        cases.add(DynamicTest.dynamicTest(name, () -> {
            int before = stub.requestCount();
            test.execute();
            assertThat(stub.requests().subList(before, stub.requestCount()))
                    .as("requests to the server")
                    .isEmpty();
        }));
    }

    private static String uri(String resource, String options) {
        return "labelstudio:" + resource + "?" + options;
    }

    private Throwable failure(String uri, Object body) {
        return failure(uri, body, Map.of());
    }

    private Exchange request(String uri, Object body, Map<String, Object> headers) {
        return success(uri, body, headers);
    }

    private void endpointCases() {
        add(
                "unknown resource",
                () -> assertThatThrownBy(() -> template.requestBody("labelstudio:taskz?operation=list", (Object) null))
                        .isInstanceOf(ResolveEndpointFailedException.class)
                        .rootCause()
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("Unknown Label Studio resource 'taskz'")
                        .hasMessageContaining("valid resources: projects, tasks"));
        add(
                "unknown operation option",
                () -> assertThatThrownBy(() -> template.requestBody(
                                uri("tasks", "operation=imprt&projectId=" + PROJECT), (Object) null))
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
                                uri("projects", "projectId=" + PROJECT),
                                null,
                                Map.of(LabelStudioConstants.OPERATION, "fetch")))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("The " + LabelStudioConstants.OPERATION + " header 'fetch' is not an"
                                + " operation of labelstudio:projects")
                        .hasMessageContaining("valid operations: list, get"));
        add(
                "operation of another resource",
                () -> assertThat(failure(
                                uri("views", "projectId=" + PROJECT),
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
                () -> assertThatThrownBy(() -> template.requestBody(
                                uri("tasks", "operation=list&projektId=" + PROJECT), (Object) null))
                        .isInstanceOf(ResolveEndpointFailedException.class)
                        .hasMessageContaining("projektId"));
        add(
                "unknown fields value",
                () -> assertThatThrownBy(() -> template.requestBody(
                                uri("tasks", "operation=list&fields=everything&projectId=" + PROJECT), (Object) null))
                        .isInstanceOf(ResolveEndpointFailedException.class)
                        .hasMessageContaining("(fields=everything)")
                        .rootCause()
                        .hasMessage("'everything' is not one of: task_only, all"));
        add(
                "unknown storage type",
                () -> assertThatThrownBy(() -> template.requestBody(
                                uri("storages", "operation=list&storageType=ftp&projectId=" + PROJECT), (Object) null))
                        .isInstanceOf(ResolveEndpointFailedException.class)
                        .hasMessageContaining("(storageType=ftp)")
                        .rootCause()
                        .hasMessage("'ftp' is not one of: s3, s3s, gcs, azure, redis, localfiles"));
        add(
                "unknown storage direction",
                () -> assertThatThrownBy(() -> template.requestBody(
                                uri(
                                        "storages",
                                        "operation=list&storageType=s3&direction=sideways&projectId=" + PROJECT),
                                (Object) null))
                        .isInstanceOf(ResolveEndpointFailedException.class)
                        .hasMessageContaining("(direction=sideways)")
                        .rootCause()
                        .hasMessage("'sideways' is not one of: import, export"));
        add(
                "invalid filters JSON",
                () -> assertThat(failure(
                                uri("tasks", "operation=list&projectId=" + PROJECT + "&filters=RAW({\"items\": [)"),
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
                () -> assertThat(failure(uri("exports", "operation=status&projectId=" + PROJECT), null))
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
                () -> assertThatThrownBy(
                                () -> template.requestBody(uri("tasks", "operation=get&taskId=abc"), (Object) null))
                        .isInstanceOf(ResolveEndpointFailedException.class)
                        .rootCause()
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("The taskId option of labelstudio:tasks must be a numeric id, but was 'abc'"));
        add(
                "non-numeric id in a list header",
                () -> assertThat(failure(
                                uri("tasks", "operation=deleteMany&projectId=" + PROJECT),
                                null,
                                Map.of(LabelStudioConstants.TASK_IDS, TASK + ",x")))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(
                                "the " + LabelStudioConstants.TASK_IDS + " header must hold numeric ids, but has 'x'"));
    }

    private void bodyTypeCases() {
        add("import: wrong body type", () -> {
            assertThat(failure(uri("tasks", "operation=import&projectId=" + PROJECT), 42))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("labelstudio:tasks operation 'import' needs tasks as body")
                    .hasMessageContaining("java.lang.Integer");
        });
        add("import: a list element that is not a task", () -> {
            assertThat(failure(
                            uri("tasks", "operation=import&batchSize=1&projectId=" + PROJECT),
                            List.of(Map.of("text", "fine"), "not a task")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("task #2 must be a Map")
                    .hasMessageContaining("java.lang.String");
        });
        add(
                "task update: wrong body type",
                () -> assertThat(failure(uri("tasks", "operation=update&taskId=" + TASK), 42))
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
                () -> assertThat(failure(uri("annotations", "operation=create&taskId=" + TASK), "Positive"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("labelstudio:annotations operation 'create' needs a JSON object ({...})")
                        .hasMessageContaining("starts with 'P'"));
        add(
                "prediction create: wrong body type",
                () -> assertThat(failure(uri("predictions", "operation=create&taskId=" + TASK), 42))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("labelstudio:predictions operation 'create'")
                        .hasMessageContaining("java.lang.Integer"));
        add(
                "predictions createMany: wrong body type",
                () -> assertThat(failure(uri("predictions", "operation=createMany&projectId=" + PROJECT), 42))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("needs a List of predictions")
                        .hasMessageContaining("java.lang.Integer"));
        add(
                "storage create: wrong body type",
                () -> assertThat(failure(uri("storages", "operation=create&storageType=s3&projectId=" + PROJECT), 42))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("labelstudio:storages operation 'create' needs a Map")
                        .hasMessageContaining("java.lang.Integer"));
        add(
                "view create: a list body",
                () -> assertThat(failure(uri("views", "operation=create&projectId=" + PROJECT), List.of(1, 2)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("labelstudio:views operation 'create' needs a Map"));
        add(
                "webhook create: wrong body type",
                () -> assertThat(failure(uri("webhooks", "operation=create&projectId=" + PROJECT), 42))
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
                                uri("tasks", "operation=deleteMany&projectId=" + PROJECT),
                                Map.of("ids", List.of(TASK))))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("the body must hold task ids")
                        .hasMessageContaining("Map"));
    }

    private void jsonCases() {
        add(
                "invalid JSON body",
                () -> assertThat(failure(uri("projects", "operation=update&projectId=" + PROJECT), "{\"title\": "))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("labelstudio:projects operation 'update': the body is not valid JSON"));
        add(
                "JSON object where a list of ids is needed",
                () -> assertThat(failure(
                                uri("tasks", "operation=deleteMany&projectId=" + PROJECT), "{\"ids\": [" + TASK + "]}"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("the body must hold")
                        .hasMessageContaining("JSON object"));
        add(
                "JSON list where an object is needed",
                () -> assertThat(failure(uri("annotations", "operation=create&taskId=" + TASK), "[{\"result\": []}]"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("needs a JSON object ({...}) as body, but the body starts with '['"));
        add(
                "prediction create: invalid JSON",
                () -> assertThat(failure(
                                uri("predictions", "operation=create&taskId=" + TASK), "{\"choices\": [\"Positive\""))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("the body is not valid JSON"));
    }

    private void importCases() {
        add("import: empty list", () -> {
            assertThat(failure(uri("tasks", "operation=import&projectId=" + PROJECT), List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Nothing to import into project " + PROJECT + ": the task list is empty");
        });
        add("import: empty JSON list", () -> {
            assertThat(failure(uri("tasks", "operation=import&projectId=" + PROJECT), "[]"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Nothing to import into project " + PROJECT + ": the task list is empty");
        });
        add("import: no body", () -> {
            assertThat(failure(uri("tasks", "operation=import&projectId=" + PROJECT), null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("needs tasks as body")
                    .hasMessageContaining("the body was empty");
        });
        add("import: invalid JSON", () -> {
            assertThat(failure(
                            uri("tasks", "operation=import&projectId=" + PROJECT), "[{\"text\": \"a\"}, {\"text\": "))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("The tasks are not valid JSON");
        });
        add("import: a JSON scalar", () -> {
            assertThat(failure(uri("tasks", "operation=import&projectId=" + PROJECT), "\"just text\""))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Tasks must be a JSON list of objects")
                    .hasMessageContaining("\"just text\"");
        });
        add("import: a JSON list of numbers", () -> {
            assertThat(failure(uri("tasks", "operation=import&projectId=" + PROJECT), "[1, 2]"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Task #1 of the JSON list is not an object but 1");
        });
    }

    private void localValidationCases() {
        add(
                "invalid label config: parseConfig",
                () -> assertThat(failure(uri("projects", "operation=parseConfig"), LabelConfigs.BROKEN))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("label config"));
        add(
                "webhook without url",
                () -> assertThat(failure(
                                uri("webhooks", "operation=create&projectId=" + PROJECT), Map.of("send_payload", true)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("needs the webhookUrl option"));
    }

    private void connectionCases() {
        add("unreachable server", () -> {
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            Throwable e = failure(
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
                Throwable e =
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
                Throwable e = failure(uri("projects", "operation=get&projectId=1&url=" + proxy.url()), null);
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
                Throwable e = failure(uri("projects", "operation=get&projectId=1&url=" + proxy.url()), null);
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
                Throwable e =
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
                Throwable e =
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
                Object body = request(
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
                ((Closeable) it).close();
                System.out.println("huge list: body=" + huge.bodyLength() + " bytes, read " + read
                        + " elements, sent before the client hung up=" + huge.bytesSent() + " bytes");
                assertThat(read).isEqualTo(1000);
                assertThat(huge.bytesSent()).isLessThan(huge.bodyLength() / 20);
            }
        });
    }
}
