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
package io.camellabelstudio.examples.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class BlobCreatedEventTest {

    private static final String EVENT = "{\"topic\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage"
            + "/storageAccounts/acct\", \"subject\": \"/blobServices/default/containers/inbox/blobs/a/b c.txt\","
            + " \"eventType\": \"Microsoft.Storage.BlobCreated\", \"id\": \"1\", \"data\": {\"api\": \"PutBlob\","
            + " \"url\": \"https://acct.blob.core.windows.net/inbox/a/b%20c.txt\"}, \"dataVersion\": \"\","
            + " \"metadataVersion\": \"1\", \"eventTime\": \"2026-01-01T00:00:00Z\"}";

    @Test
    void readsPlainJson() {
        BlobCreatedEvent event = BlobCreatedEvent.parse(EVENT);
        assertThat(event.isBlobCreated()).isTrue();
        assertThat(event.getContainer()).isEqualTo("inbox");
        assertThat(event.getName()).isEqualTo("a/b c.txt");
        assertThat(event.getUrl()).isEqualTo("https://acct.blob.core.windows.net/inbox/a/b%20c.txt");
        assertThat(event.getSource()).isEqualTo("azure-blob://inbox/a/b c.txt");
    }

    @Test
    void readsBase64EncodedJsonAsEventGridWritesIt() {
        String encoded = Base64.getEncoder().encodeToString(EVENT.getBytes(StandardCharsets.UTF_8));
        assertThat(BlobCreatedEvent.parse(encoded).getSource()).isEqualTo("azure-blob://inbox/a/b c.txt");
    }

    @Test
    void readsAnArrayOfOneEvent() {
        assertThat(BlobCreatedEvent.parse("[" + EVENT + "]").getName()).isEqualTo("a/b c.txt");
    }

    @Test
    void tellsOtherEventTypesApart() {
        BlobCreatedEvent event =
                BlobCreatedEvent.parse(EVENT.replace("Microsoft.Storage.BlobCreated", "Microsoft.Storage.BlobDeleted"));
        assertThat(event.isBlobCreated()).isFalse();
        assertThat(event.getEventType()).isEqualTo("Microsoft.Storage.BlobDeleted");
    }

    @Test
    void rejectsWhatIsNoBlobEvent() {
        assertThatThrownBy(() -> BlobCreatedEvent.parse("not base64 !"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither JSON nor Base64");
        assertThatThrownBy(() -> BlobCreatedEvent.parse("{\"subject\": \"/other\", \"eventType\": \"x\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no blob subject");
        assertThatThrownBy(() -> BlobCreatedEvent.parse("[" + EVENT + "," + EVENT + "]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one Event Grid event per queue message");
        assertThatThrownBy(() -> BlobCreatedEvent.parse(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Empty");
    }

    @Test
    void withoutAConnectionStringTheClientsPointAtLocalDevelopmentStorageAndATaskNeedsASource() {
        assertThat(CloudClients.azureQueueServiceClient(" ").getQueueServiceUrl())
                .isEqualTo("http://127.0.0.1:10001/devstoreaccount1");
        assertThat(CloudClients.azureBlobServiceClient(null).getAccountUrl())
                .isEqualTo("http://127.0.0.1:10000/devstoreaccount1");
        assertThatThrownBy(() -> TextTasks.of("text", " ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(TextTasks.of("a \"quoted\"\ntext", "gs://b/o"))
                .containsEntry("text", "a \"quoted\"\ntext")
                .containsEntry("source", "gs://b/o");
    }
}
