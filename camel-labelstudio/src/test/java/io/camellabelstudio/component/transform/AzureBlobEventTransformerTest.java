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
package io.camellabelstudio.component.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AzureBlobEventTransformerTest extends TransformerTestSupport {

    private static final Map<String, Object> KETTLE = Map.of(
            "container", "labelstudio-inbox",
            "name", "2026/11/great kettle.txt",
            "url", "https://reviewsaccount.blob.core.windows.net/labelstudio-inbox/2026/11/great%20kettle.txt",
            "source", "azure-blob://labelstudio-inbox/2026/11/great kettle.txt");

    @Test
    void aStorageQueueMessageAsEventGridWritesItBase64() {
        assertThat(objects("azure-blob-event", sample("azure-queue-message.txt")))
                .containsExactly(KETTLE);
    }

    @Test
    void plainJsonOneEventOrAnArrayAsAWebhookGetsIt() {
        String array = sample("azure-blob-created.json");
        assertThat(objects("azure-blob-event", array)).containsExactly(KETTLE);
        String one = array.trim().substring(1, array.trim().length() - 1);
        assertThat(objects("azure-blob-event", one)).containsExactly(KETTLE);
        assertThat(objects("azure-blob-event", stream(one))).containsExactly(KETTLE);
    }

    @Test
    void theCloudEventsSchemaToo() {
        assertThat(objects("azure-blob-event", sample("azure-blob-created-cloudevent.json")))
                .containsExactly(Map.of(
                        "container", "labelstudio-inbox",
                        "name", "broke.txt",
                        "url", "https://reviewsaccount.blob.core.windows.net/labelstudio-inbox/broke.txt",
                        "source", "azure-blob://labelstudio-inbox/broke.txt"));
    }

    @Test
    void otherEventTypesGiveNothing() {
        assertNothingFrom("azure-blob-event", sample("azure-blob-deleted.json"));
        assertNothingFrom(
                "azure-blob-event",
                "[{\"eventType\": \"Microsoft.EventGrid.SubscriptionValidationEvent\", \"subject\": \"\","
                        + " \"data\": {\"validationCode\": \"512d38b6-c7b8-40c8-89fe-f46f9e9622b6\"}}]");
    }

    @Test
    void aMessageThatIsNoBlobEventFailsSoTheRouteCanPoisonIt() {
        assertFailsWith("azure-blob-event", "not an event", "Not an Azure Event Grid event (neither JSON nor Base64");
        assertFailsWith(
                "azure-blob-event",
                java.util.Base64.getEncoder().encodeToString("no json".getBytes()),
                "Not an Azure Event Grid event (not JSON)");
        assertFailsWith("azure-blob-event", "{\"hello\": 1}", "neither eventType nor type");
        assertFailsWith(
                "azure-blob-event",
                "{\"eventType\": \"Microsoft.Storage.BlobCreated\", \"subject\": \"/containers/x\"}",
                "without a subject of the form /blobServices/default/containers/<container>/blobs/<name>");
        List<?> none = objects("azure-blob-event", "[]");
        assertThat(none).isEmpty();
    }
}
