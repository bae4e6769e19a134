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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.camellabelstudio.client.StubResponse;

/**
 * The component page's snapshot-lifecycle YAML route, run as printed (project and file changed to the test's),
 * downloads a snapshot only once its status is completed, and downloads nothing when the snapshot failed.
 */
class SnapshotLifecycleExampleTest extends StubCamelTestSupport {

    private static final String EXPORTS = "/api/projects/1/exports/";
    private static final String SNAPSHOT_7 = "/api/projects/1/exports/7";
    private static final String DOWNLOAD_7 = "/api/projects/1/exports/7/download";

    @TempDir
    Path dir;

    private static String snapshot(String status) {
        return "{\"title\": \"t\", \"id\": 7, \"status\": \"" + status + "\", \"counters\": {\"task_number\": 2}}";
    }

    @BeforeEach
    void loadThePageExample() throws Exception {
        String page = Files.readString(Path.of("src/main/docs/labelstudio-component.adoc"));
        String yaml = ComponentPageExamplesTest.examples(page).stream()
                .filter(e -> e.language().equals("yaml") && e.text().contains("uri: direct:snapshot-lifecycle"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no YAML snapshot-lifecycle example on the page"))
                .text();
        String route = yaml.replace("projectId: 42", "projectId: 1")
                .replace("/data/exports/latest.json", dir.resolve("latest.json").toString());
        assertThat(route).isNotEqualTo(yaml);
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("lifecycle.yaml", route));
    }

    private List<String> requests() {
        return stub.requests().stream().map(r -> r.method() + " " + r.path()).toList();
    }

    @Test
    void downloadsOnlyOnceTheSnapshotIsCompleted() throws Exception {
        stub.when("POST", EXPORTS, StubResponse.json(201, snapshot("created")));
        stub.enqueue(
                "GET",
                SNAPSHOT_7,
                StubResponse.json(200, snapshot("in_progress")),
                StubResponse.json(200, snapshot("completed")));
        stub.when(
                "GET",
                DOWNLOAD_7,
                StubResponse.body(200, "application/json", "[{\"id\": 1}]")
                        .withHeader("Content-Disposition", "attachment; filename=\"project-1.json\""));
        stub.when("DELETE", SNAPSHOT_7, StubResponse.status(204));

        Exchange done = success("direct:snapshot-lifecycle", null, Map.of());

        assertThat(requests())
                .containsExactly(
                        "POST " + EXPORTS,
                        "GET " + SNAPSHOT_7,
                        "GET " + SNAPSHOT_7,
                        "GET " + DOWNLOAD_7,
                        "DELETE " + SNAPSHOT_7);
        assertThat(Files.readString(dir.resolve("latest.json"))).isEqualTo("[{\"id\": 1}]");
        assertThat(done.getMessage().getBody()).isEqualTo(true);
    }

    @Test
    void aFailedSnapshotIsNotDownloaded() {
        stub.when("POST", EXPORTS, StubResponse.json(201, snapshot("in_progress")));
        stub.when("GET", SNAPSHOT_7, StubResponse.json(200, snapshot("failed")));

        Throwable error = failure("direct:snapshot-lifecycle", null, Map.of());

        assertThat(error).isInstanceOf(IllegalStateException.class).hasMessage("Snapshot 7 is failed, not completed");
        assertThat(requests()).containsExactly("POST " + EXPORTS, "GET " + SNAPSHOT_7);
    }
}
