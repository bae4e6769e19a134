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

import static io.camellabelstudio.client.ClientTestSupport.REFRESH;
import static io.camellabelstudio.client.ClientTestSupport.clientFor;
import static io.camellabelstudio.client.ClientTestSupport.fastRetries;
import static io.camellabelstudio.client.ClientTestSupport.projectJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.client.export.ExportDownload;

/** The client tells its {@link ClientListener} of retries, token renewals, imports and export downloads. */
class ClientListenerTest {

    private static final String PROJECT_1 = "/api/projects/1/";
    private static final StubResponse UNAVAILABLE = StubResponse.json(503, "{\"detail\": \"Service Unavailable\"}");

    /** Every event as one line of text. */
    private final List<String> events = new CopyOnWriteArrayList<>();

    private final ClientListener recorder = new ClientListener() {
        @Override
        public void requestRetried(String method, String path, int attempt, String reason) {
            events.add("retry " + method + " " + path + " attempt " + attempt + " after " + reason);
        }

        @Override
        public void accessTokenRenewed() {
            events.add("token renewed");
        }

        @Override
        public void tasksImported(long projectId, long created, long skipped) {
            events.add("imported into " + projectId + ": " + created + " created, " + skipped + " skipped");
        }

        @Override
        public void exportDownloaded(long projectId, long bytes, Duration duration) {
            events.add("export of " + projectId + ": " + bytes + " bytes in " + (duration.isNegative() ? "-" : "+"));
        }
    };

    private StubLabelStudio stub;
    private LabelStudioClient client;

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        stub.close();
        assertThat(stub.errors()).as("problems of the stub server itself").isEmpty();
    }

    @Test
    void retriesAreReportedWithAttemptAndReason() {
        client =
                clientFor(stub).retrySettings(fastRetries(3)).listener(recorder).build();
        stub.enqueue(UNAVAILABLE, StubResponse.reset(), StubResponse.json(200, projectJson(1)));

        assertThat(client.projects().get(1).id()).isEqualTo(1L);

        assertThat(events)
                .containsExactly(
                        "retry GET /api/projects/1/ attempt 2 after 503",
                        "retry GET /api/projects/1/ attempt 3 after SocketException");
    }

    @Test
    void exhaustedRetriesReportEachRetryAndPostsNone() {
        client =
                clientFor(stub).retrySettings(fastRetries(2)).listener(recorder).build();
        stub.when("GET", PROJECT_1, UNAVAILABLE);
        stub.when("POST", ClientTestSupport.PROJECTS, UNAVAILABLE);

        assertThatThrownBy(() -> client.projects().get(1)).isInstanceOf(ServerErrorException.class);
        assertThatThrownBy(() -> client.projects().create("P", "<View/>")).isInstanceOf(ServerErrorException.class);

        assertThat(events)
                .containsExactly(
                        "retry GET /api/projects/1/ attempt 2 after 503",
                        "retry GET /api/projects/1/ attempt 3 after 503");
    }

    @Test
    void accessTokenRenewalsAreReported() {
        MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
        stub.when(
                "POST",
                REFRESH,
                request -> StubResponse.json(
                        200,
                        "{\"access\": \"" + TestJwts.accessToken(clock.instant().plusSeconds(300)) + "\"}"));
        stub.when("GET", PROJECT_1, StubResponse.json(200, projectJson(1)));
        client = clientFor(stub)
                .apiKey(TestJwts.personalAccessToken())
                .clock(clock)
                .listener(recorder)
                .build();

        client.projects().get(1);
        client.projects().get(1); // the same access token
        clock.advance(Duration.ofMinutes(5)); // past its expiry: renewed
        client.projects().get(1);

        assertThat(events).containsExactly("token renewed", "token renewed");
        assertThat(client.accessTokenRenewals()).isEqualTo(2);
    }

    @Test
    void importsReportCreatedTasks() {
        client = clientFor(stub).listener(recorder).build();
        stub.when(
                "POST",
                "/api/projects/4/import",
                StubResponse.json(201, "{\"task_count\": 2, \"annotation_count\": 0, \"prediction_count\": 0}"));

        client.tasks().importTasks(4, List.of(Map.of("text", "a"), Map.of("text", "b")), ImportOptions.defaults());

        assertThat(events).containsExactly("imported into 4: 2 created, 0 skipped");
    }

    @Test
    void exportDownloadsReportTheBytesReadOnceWhenClosed() throws IOException {
        client = clientFor(stub).listener(recorder).build();
        String body = "[{\"id\": 1}, {\"id\": 2}]";
        stub.when("GET", "/api/projects/3/export", StubResponse.body(200, "application/json", body));

        ExportDownload download = client.exports().export(3, "JSON", true, false, null);
        try (InputStream in = download.body()) {
            assertThat(in.readAllBytes()).hasSize(body.length());
        }
        assertThat(events).containsExactly("export of 3: " + body.length() + " bytes in +");
        download.close(); // the end is reported once
        assertThat(events).hasSize(1);
    }
}
