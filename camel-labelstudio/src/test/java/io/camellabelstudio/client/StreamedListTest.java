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
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Closeable;
import java.util.Iterator;

import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.error.LabelStudioConnectionException;
import io.camellabelstudio.client.error.LabelStudioException;
import io.camellabelstudio.client.export.ExportDownload;
import io.camellabelstudio.client.http.RetrySettings;
import io.camellabelstudio.client.model.Prediction;
import io.camellabelstudio.it.HugeAnswerServer;

/**
 * Answers read as streams (an unpaged list, an export download) are read as they are consumed, and closing them early
 * does not read a long rest.
 */
class StreamedListTest {

    private static final String PREDICTION = "{\"id\": 1, \"task\": 1, \"result\": [], \"score\": 0.5},";

    @Test
    void closingAHugeListEarlyDropsTheRestInsteadOfReadingIt() throws Exception {
        try (HugeAnswerServer huge =
                        new HugeAnswerServer(200, "application/json", "[", PREDICTION, 50_000_000L, "{\"id\": 2}]");
                LabelStudioClient client = LabelStudioClient.builder()
                        .url(huge.url())
                        .apiKey(LEGACY_KEY)
                        .retrySettings(RetrySettings.NONE)
                        .build()) {
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
    void closingAHugeExportDownloadEarlyDropsTheRestInsteadOfReadingIt() throws Exception {
        try (HugeAnswerServer huge = new HugeAnswerServer(
                        200, "application/json", "[", "{\"id\": 1, \"data\": {}},", 50_000_000L, "{}]");
                LabelStudioClient client = LabelStudioClient.builder()
                        .url(huge.url())
                        .apiKey(LEGACY_KEY)
                        .retrySettings(RetrySettings.NONE)
                        .build()) {
            // a route that stops after the first tasks (or fails), then the exchange's completion closes the stream
            ExportDownload download = client.exports().download(1, 7, "JSON");
            byte[] start = download.body().readNBytes(1000);
            download.close();

            assertThat(start).hasSize(1000);
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
    void aListReadToItsEndEndsTheIteration() throws Exception {
        try (HugeAnswerServer small =
                        new HugeAnswerServer(200, "application/json", "[", PREDICTION, 3, "{\"id\": 2}]");
                LabelStudioClient client = LabelStudioClient.builder()
                        .url(small.url())
                        .apiKey(LEGACY_KEY)
                        .retrySettings(RetrySettings.NONE)
                        .build()) {
            long count = 0;
            for (Prediction prediction : client.predictions().listForProject(1)) {
                count += prediction.id();
            }
            assertThat(count).isEqualTo(1 + 1 + 1 + 2);
        }
    }

    @Test
    void aListThatBreaksOffOrIsNoListFailsNamingTheRequest() throws Exception {
        try (HugeAnswerServer cut = new HugeAnswerServer(200, "application/json", "[", PREDICTION, 2, "{\"id\": ");
                LabelStudioClient client = LabelStudioClient.builder()
                        .url(cut.url())
                        .apiKey(LEGACY_KEY)
                        .retrySettings(RetrySettings.NONE)
                        .build()) {
            Iterator<Prediction> predictions =
                    client.predictions().listForProject(1).iterator();
            assertThat(predictions.next().id()).isEqualTo(1L);
            assertThat(predictions.next().id()).isEqualTo(1L);
            assertThatThrownBy(predictions::next) // the element starts, then the answer ends
                    .isInstanceOf(LabelStudioConnectionException.class)
                    .hasMessageContaining("the list answer broke off");
            assertThat(predictions.hasNext()).as("closed after the failure").isFalse();
        }
        try (HugeAnswerServer object = new HugeAnswerServer(200, "application/json", "{", "\"a\": 1", 1, "}");
                LabelStudioClient client = LabelStudioClient.builder()
                        .url(object.url())
                        .apiKey(LEGACY_KEY)
                        .retrySettings(RetrySettings.NONE)
                        .build()) {
            assertThatThrownBy(() -> client.predictions().listForProject(1).iterator())
                    .isInstanceOf(LabelStudioException.class)
                    .hasMessageContaining("answered with something other than a JSON list");
        }
    }
}
