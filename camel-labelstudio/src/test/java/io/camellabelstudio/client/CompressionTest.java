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

import static io.camellabelstudio.client.ClientTestSupport.LEGACY_KEY;
import static io.camellabelstudio.client.ClientTestSupport.clientFor;
import static io.camellabelstudio.client.ClientTestSupport.projectJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.client.export.ExportDownload;
import io.camellabelstudio.client.http.RetrySettings;
import io.camellabelstudio.client.model.Prediction;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.it.HugeAnswerServer;

/**
 * The {@code compression} option: with it the client asks for gzip and reads gzipped answers (as nginx in front of
 * Label Studio sends them), as a stream; without it, it asks for nothing and reads plain answers.
 */
class CompressionTest {

    private static final String PROJECT_1 = "/api/projects/1/";
    private static final String TASKS = "/api/tasks/";
    private static final String PREDICTION = "{\"id\": 1, \"task\": 1, \"result\": [], \"score\": 0.5},";

    private StubLabelStudio stub;
    private final List<LabelStudioClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
    }

    @AfterEach
    void stop() {
        clients.forEach(LabelStudioClient::close);
        stub.close();
        assertThat(stub.errors()).as("problems of the stub server itself").isEmpty();
    }

    private LabelStudioClient client(boolean compression) {
        LabelStudioClient client = clientFor(stub).compression(compression).build();
        clients.add(client);
        return client;
    }

    private static LabelStudioClient hugeClient(HugeAnswerServer huge) {
        return LabelStudioClient.builder()
                .url(huge.url())
                .apiKey(LEGACY_KEY)
                .retrySettings(RetrySettings.NONE)
                .build(); // compression is on by default
    }

    @Test
    void withCompressionRequestsAskForGzipAndAGzippedAnswerIsRead() {
        stub.enqueue(StubResponse.json(200, projectJson(1)).gzipped());

        assertThat(client(true).projects().get(1).title()).isEqualTo("Project 1");

        String acceptEncoding = stub.requests("GET", PROJECT_1).get(0).header("Accept-Encoding");
        assertThat(acceptEncoding).contains("gzip");
    }

    @Test
    void withoutCompressionRequestsAskForNothingAndThePlainAnswerIsRead() {
        stub.enqueue(StubResponse.json(200, projectJson(1)));

        assertThat(client(false).projects().get(1).title()).isEqualTo("Project 1");

        assertThat(stub.requests("GET", PROJECT_1).get(0).header("Accept-Encoding"))
                .isNull();
    }

    @Test
    void compressionIsOnByDefault() {
        stub.enqueue(StubResponse.json(200, projectJson(1)).gzipped());
        LabelStudioClient client = clientFor(stub).build();
        clients.add(client);

        assertThat(client.projects().get(1).id()).isEqualTo(1L);

        assertThat(stub.requests().get(0).header("Accept-Encoding")).contains("gzip");
    }

    @Test
    void aGzippedTaskPageIsRead() {
        stub.when(
                "GET",
                TASKS,
                request -> "1".equals(request.queryParam("page"))
                        ? StubResponse.json(
                                        200,
                                        "{\"total\": 2, \"tasks\": [{\"id\": 7, \"data\": {\"text\": \"a\"}},"
                                                + " {\"id\": 8, \"data\": {\"text\": \"b\"}}]}")
                                .gzipped()
                        : StubResponse.json(404, "{\"detail\": \"Invalid page.\"}")
                                .gzipped());

        List<Long> ids = new ArrayList<>();
        for (Task task : client(true).tasks().list(1, TaskQuery.all())) {
            ids.add(task.id());
        }

        assertThat(ids).containsExactly(7L, 8L);
    }

    @Test
    void aGzippedErrorAnswerIsDescribed() {
        stub.enqueue(StubResponse.html(502, "<html><head><title>502 Bad Gateway</title></head></html>")
                .gzipped());
        LabelStudioClient client =
                clientFor(stub).retrySettings(RetrySettings.NONE).build();
        clients.add(client);

        Throwable thrown = catchThrowable(() -> client.projects().get(1));

        assertThat(thrown).isInstanceOf(ServerErrorException.class).hasMessageContaining("502 Bad Gateway");
    }

    @Test
    void closingAHugeGzippedListEarlyDropsTheRestInsteadOfReadingIt() throws Exception {
        try (HugeAnswerServer huge = new HugeAnswerServer(
                        200, "application/json", "[", PREDICTION, 50_000_000L, "{\"id\": 2}]", true);
                LabelStudioClient client = hugeClient(huge)) {
            Iterator<Prediction> predictions =
                    client.predictions().listForProject(1).iterator();
            int read = 0;
            while (read < 100 && predictions.hasNext()) {
                assertThat(predictions.next().id()).isEqualTo(1L);
                read++;
            }
            ((Closeable) predictions).close();

            assertThat(read).isEqualTo(100);
            assertThat(huge.bodyLength()).isGreaterThan(2_000_000_000L);
            assertThat(huge.bytesSent())
                    .as("bytes the client let the server send")
                    .isLessThan(50_000_000L);
        }
    }

    @Test
    void closingAHugeGzippedExportDownloadEarlyDropsTheRestInsteadOfReadingIt() throws Exception {
        try (HugeAnswerServer huge = new HugeAnswerServer(
                        200, "application/json", "[", "{\"id\": 1, \"data\": {}},", 50_000_000L, "{}]", true);
                LabelStudioClient client = hugeClient(huge)) {
            ExportDownload download = client.exports().download(1, 7, "JSON");
            byte[] start = download.body().readNBytes(1000);
            download.close();

            assertThat(start).startsWith("[{\"id\": 1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(download.contentLength())
                    .as("unknown for a compressed answer")
                    .isEqualTo(-1);
            assertThat(huge.bytesSent())
                    .as("bytes the client let the server send")
                    .isLessThan(50_000_000L);

            ExportDownload unread = client.exports().download(1, 7, "JSON");
            long before = huge.bytesSent();
            unread.close(); // never read at all
            assertThat(huge.bytesSent() - before).isLessThan(50_000_000L);
        }
    }

    @Test
    void aHugeGzippedErrorPageIsReadOnlyAsFarAsTheSummaryNeeds() throws Exception {
        try (HugeAnswerServer huge = new HugeAnswerServer(
                        503,
                        "text/html",
                        "<html><head><title>Service Unavailable</title></head><body>",
                        "<p>upstream trace line</p>\n",
                        100_000_000L,
                        "</body></html>",
                        true);
                LabelStudioClient client = hugeClient(huge)) {
            Throwable thrown = catchThrowable(() -> client.projects().get(1));

            assertThat(thrown).isInstanceOf(ServerErrorException.class).hasMessageContaining("Service Unavailable");
            assertThat(huge.bytesSent())
                    .as("bytes the client let the server send")
                    .isLessThan(50_000_000L);
        }
    }
}
