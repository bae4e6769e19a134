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

import static io.camellabelstudio.client.ClientTestSupport.PROJECTS;
import static io.camellabelstudio.client.ClientTestSupport.clientFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.http.RetrySettings;

/**
 * Deleting a project stays a sequence of bounded requests: a production server (gunicorn) kills a request after 30 s,
 * and deleting a project of tens of thousands of tasks in one request takes longer.
 */
class ProjectDeleteTest {

    private static final String TASKS = "/api/tasks/";
    private static final String ACTIONS = "/api/dm/actions/";

    private StubLabelStudio stub;
    private LabelStudioClient client;

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        client = clientFor(stub).retrySettings(RetrySettings.NONE).build();
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
    }

    private void serveProject(long taskNumber) {
        stub.when(
                "GET",
                PROJECTS + "3/",
                StubResponse.json(200, "{\"id\": 3, \"title\": \"p\", \"task_number\": " + taskNumber + "}"));
        stub.when("DELETE", PROJECTS + "3/", StubResponse.status(204));
    }

    @Test
    void aSmallProjectIsDeletedInOneRequest() {
        serveProject(1000);

        client.projects().delete(3);

        assertThat(stub.requests().stream().map(r -> r.method() + " " + r.path()))
                .containsExactly("GET " + PROJECTS + "3/", "DELETE " + PROJECTS + "3/");
    }

    @Test
    void aBigProjectLosesItsTasksAThousandAtATimeBeforeTheProjectIsDeleted() {
        serveProject(2001);
        stub.when("GET", TASKS, request -> {
            String query = request.queryParam("query");
            long after = Long.parseLong(query.replaceAll(".*\"value\":(\\d+).*", "$1"));
            String tasks = LongStream.rangeClosed(after + 1, Math.min(2001, after + 1000))
                    .mapToObj(id -> "{\"id\": " + id + "}")
                    .collect(Collectors.joining(", "));
            return StubResponse.json(200, "{\"total\": 0, \"tasks\": [" + tasks + "]}");
        });
        stub.when("POST", ACTIONS, StubResponse.json(200, "{\"processed_items\": 1000}"));

        client.projects().delete(3);

        List<String> calls =
                stub.requests().stream().map(r -> r.method() + " " + r.path()).toList();
        assertThat(calls)
                .containsExactly(
                        "GET " + PROJECTS + "3/",
                        "GET " + TASKS,
                        "POST " + ACTIONS,
                        "GET " + TASKS,
                        "POST " + ACTIONS,
                        "GET " + TASKS,
                        "POST " + ACTIONS,
                        "GET " + TASKS,
                        "DELETE " + PROJECTS + "3/");
        assertThat(stub.requests("POST", ACTIONS))
                .allSatisfy(r -> assertThat(r.bodyAsString()).contains("\"all\":false"));
    }
}
