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

class GcsEventTransformerTest extends TransformerTestSupport {

    private static final Map<String, Object> KETTLE = Map.of(
            "bucket", "labelstudio-inbox",
            "name", "2026/11/great kettle.txt",
            "source", "gs://labelstudio-inbox/2026/11/great kettle.txt");
    private static final Map<String, String> FINALIZE = Map.of(
            "eventType", "OBJECT_FINALIZE",
            "payloadFormat", "JSON_API_V1",
            "bucketId", "labelstudio-inbox",
            "objectId", "2026/11/great kettle.txt");

    @Test
    void aPubSubPushDelivery() {
        assertThat(objects("gcs-event", sample("gcs-pubsub-push.json"))).containsExactly(KETTLE);
        assertNothingFrom("gcs-event", sample("gcs-pubsub-push-delete.json"));
    }

    @Test
    void aMessageAsTheGooglePubsubConsumerGivesIt() {
        String object = sample("gcs-object.json");
        assertThat(transform("gcs-event", object, Map.of(GcsEventTransformer.PUBSUB_ATTRIBUTES, FINALIZE)))
                .isEqualTo(List.of(KETTLE));
        Map<String, String> delete = new java.util.HashMap<>(FINALIZE);
        delete.put("eventType", "OBJECT_DELETE");
        assertThat(transform("gcs-event", object, Map.of(GcsEventTransformer.PUBSUB_ATTRIBUTES, delete)))
                .isEqualTo(List.of());
        // payloadFormat NONE: no body, the attributes name the object
        assertThat(transform("gcs-event", new byte[0], Map.of(GcsEventTransformer.PUBSUB_ATTRIBUTES, FINALIZE)))
                .isEqualTo(List.of(KETTLE));
    }

    @Test
    void theObjectResourceAndACloudEvent() {
        assertThat(objects("gcs-event", sample("gcs-object.json"))).containsExactly(KETTLE);
        assertThat(objects("gcs-event", sample("gcs-cloudevent.json"))).containsExactly(KETTLE);
        assertNothingFrom(
                "gcs-event",
                sample("gcs-cloudevent.json")
                        .replace("google.cloud.storage.object.v1.finalized", "google.cloud.storage.object.v1.deleted"));
    }

    @Test
    void notANotificationFails() {
        assertFailsWith("gcs-event", "<xml/>", "Not a Cloud Storage notification (not JSON)");
        assertFailsWith("gcs-event", "{\"kind\": \"storage#object\"}", "no bucket and object name");
        assertFailsWith(
                "gcs-event",
                "{\"message\": {\"attributes\": {\"eventType\": \"OBJECT_FINALIZE\"}, \"data\": \"%%%\"}}",
                "neither JSON nor Base64-encoded JSON");
    }
}
