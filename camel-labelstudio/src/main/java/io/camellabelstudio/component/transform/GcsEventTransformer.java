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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Message;
import org.apache.camel.spi.DataType;
import org.apache.camel.spi.DataTypeTransformer;
import org.apache.camel.spi.Transformer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code labelstudio:gcs-event}: a Cloud Storage notification becomes the list of objects it announces as created
 * (finalized), each a map {@code {"bucket", "name", "source": "gs://bucket/name"}}.
 *
 * <p>Accepts a Pub/Sub notification as a push subscription posts it ({@code {"message": {"attributes": {...},
 * "data": <Base64>}}}), the message as the {@code google-pubsub} consumer hands it over (body: the JSON API object
 * resource, attributes in the {@code CamelGooglePubsubAttributes} header), the object resource itself
 * ({@code "kind": "storage#object"}), a notification without payload (bucket and object only in the attributes
 * {@code bucketId}, {@code objectId}), and a CloudEvent ({@code google.cloud.storage.object.v1.finalized}). Only
 * {@code OBJECT_FINALIZE} counts; {@code OBJECT_DELETE}, {@code OBJECT_METADATA_UPDATE}, {@code OBJECT_ARCHIVE} give
 * nothing. A body that is not such a notification fails with an {@link IllegalArgumentException}.
 */
@DataTypeTransformer(
        name = "labelstudio:gcs-event",
        description = "Turns a Cloud Storage notification (Pub/Sub message, JSON API object or CloudEvent) into the"
                + " list of created objects {bucket, name, source}")
public class GcsEventTransformer extends Transformer {

    /** The header the google-pubsub consumer puts the message attributes in. */
    static final String PUBSUB_ATTRIBUTES = "CamelGooglePubsubAttributes";

    private static final String WHAT = "a Cloud Storage notification";
    private static final String FINALIZE = "OBJECT_FINALIZE";
    private static final String CLOUD_EVENT_FINALIZED = "google.cloud.storage.object.v1.finalized";

    @Override
    public void transform(Message message, DataType from, DataType to) throws Exception {
        Map<?, ?> attributes = message.getHeader(PUBSUB_ATTRIBUTES, Map.class);
        Object body = message.getBody();
        boolean empty = body == null
                || (body instanceof String s && s.isBlank())
                || (body instanceof byte[] b && b.length == 0);
        List<Map<String, Object>> objects = new ArrayList<>();
        if (empty && attributes != null) {
            add(attributes.get("eventType"), null, attributes, objects); // payloadFormat NONE
        } else {
            JsonNode json = EventJson.read(message, WHAT);
            if (json.has("message") && json.get("message").isObject()) {
                JsonNode pubsub = json.get("message");
                Map<?, ?> pushed = EventJson.map(pubsub.path("attributes"));
                String data = EventJson.text(pubsub, "data");
                JsonNode object = data == null ? null : EventJson.parse(EventJson.base64(data, WHAT), WHAT);
                add(pushed.get("eventType"), object, pushed, objects);
            } else if (EventJson.text(json, "specversion") != null || json.has("type") && json.has("data")) {
                if (CLOUD_EVENT_FINALIZED.equals(EventJson.text(json, "type"))) {
                    add(FINALIZE, json.path("data"), Map.of(), objects);
                }
            } else {
                add(attributes == null ? FINALIZE : attributes.get("eventType"), json, Map.of(), objects);
            }
        }
        message.setBody(objects);
    }

    /** Adds the object of a finalize event: from the object resource, else from the attributes. */
    private static void add(Object eventType, JsonNode object, Map<?, ?> attributes, List<Map<String, Object>> out) {
        if (eventType != null && !FINALIZE.equals(String.valueOf(eventType))) {
            return;
        }
        String bucket = object == null ? null : EventJson.text(object, "bucket");
        String name = object == null ? null : EventJson.text(object, "name");
        if (bucket == null && attributes.get("bucketId") != null) {
            bucket = String.valueOf(attributes.get("bucketId"));
        }
        if (name == null && attributes.get("objectId") != null) {
            name = String.valueOf(attributes.get("objectId"));
        }
        if (bucket == null || name == null) {
            throw new IllegalArgumentException("Not " + WHAT + ": no bucket and object name (bucket/name or the"
                    + " attributes bucketId/objectId): "
                    + (object == null ? attributes : EventJson.abbreviate(object.toString())));
        }
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("bucket", bucket);
        created.put("name", name);
        created.put("source", "gs://" + bucket + "/" + name);
        out.add(created);
    }
}
