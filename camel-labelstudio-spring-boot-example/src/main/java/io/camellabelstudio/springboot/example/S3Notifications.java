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
package io.camellabelstudio.springboot.example;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The objects an S3 event notification (an SQS message from S3) announces as created, each as {@code bucket},
 * {@code key} and {@code source} ({@code s3://bucket/key}). Keys arrive URL-encoded ({@code a b.txt} as
 * {@code a+b.txt}) and are decoded; other events and S3's {@code s3:TestEvent} give nothing.
 */
public final class S3Notifications {

    private static final ObjectMapper JSON = new ObjectMapper();

    private S3Notifications() {}

    public static List<Map<String, String>> createdObjects(String notification) {
        JsonNode root;
        try {
            root = JSON.readTree(notification);
        } catch (JsonProcessingException e) {
            // the message stays in the queue (the exchange fails), to be looked at or dead-lettered by SQS
            throw new IllegalArgumentException("Not an S3 event notification (not JSON): " + e.getOriginalMessage());
        }
        List<Map<String, String>> objects = new ArrayList<>();
        for (JsonNode record : root == null ? JSON.createArrayNode() : root.path("Records")) {
            if (!record.path("eventName").asText().startsWith("ObjectCreated:")) {
                continue;
            }
            String bucket = record.path("s3").path("bucket").path("name").asText();
            String key = URLDecoder.decode(
                    record.path("s3").path("object").path("key").asText(), StandardCharsets.UTF_8);
            if (bucket.isEmpty() || key.isEmpty()) {
                throw new IllegalArgumentException("An ObjectCreated record without bucket or key: " + record);
            }
            objects.add(Map.of("bucket", bucket, "key", key, "source", "s3://" + bucket + "/" + key));
        }
        return objects;
    }
}
