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
package io.camellabelstudio.examples.s3;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads an S3 event notification (the body of an SQS message that S3 sent) as the objects it announces. Used by the
 * {@code s3-events-to-tasks} route as {@code split: method: ...S3EventRecords, createdObjects}.
 *
 * <ul>
 * <li>Each {@code ObjectCreated:*} record is one object; other records (e.g. {@code ObjectRemoved:*}) are ignored.
 * <li>The {@code s3:TestEvent} that S3 sends when the notification configuration is written gives no object.
 * <li>An S3 notification that came through SNS (the SNS envelope with the event in {@code Message}) is unwrapped.
 * <li>Object keys arrive URL-encoded ({@code my file.txt} as {@code my+file.txt}); they are decoded.
 * </ul>
 */
public final class S3EventRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private S3EventRecords() {}

    /**
     * The created objects of the event, each a map with {@code bucket}, {@code key} (decoded) and {@code source}
     * ({@code s3://bucket/key}); an empty list for test events and events without created objects.
     *
     * @throws IllegalArgumentException if the body is not JSON, so that the message is not deleted and can be
     *         looked at (or moved to a dead-letter queue by the queue's redrive policy)
     */
    public static List<Map<String, String>> createdObjects(String eventJson) {
        JsonNode event;
        try {
            event = JSON.readTree(eventJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "The SQS message is not an S3 event notification (not JSON): " + e.getOriginalMessage());
        }
        if (event != null && event.path("Type").asText().equals("Notification") && event.has("Message")) {
            return createdObjects(event.path("Message").asText());
        }
        List<Map<String, String>> objects = new ArrayList<>();
        if (event == null) {
            return objects;
        }
        for (JsonNode rec : event.path("Records")) {
            if (!rec.path("eventName").asText().startsWith("ObjectCreated:")) {
                continue;
            }
            String bucket = rec.path("s3").path("bucket").path("name").asText("");
            String key =
                    URLDecoder.decode(rec.path("s3").path("object").path("key").asText(""), StandardCharsets.UTF_8);
            if (bucket.isEmpty() || key.isEmpty()) {
                throw new IllegalArgumentException("An ObjectCreated record without bucket name or object key: " + rec);
            }
            Map<String, String> object = new LinkedHashMap<>();
            object.put("bucket", bucket);
            object.put("key", key);
            object.put("source", "s3://" + bucket + "/" + key);
            objects.add(object);
        }
        return objects;
    }
}
