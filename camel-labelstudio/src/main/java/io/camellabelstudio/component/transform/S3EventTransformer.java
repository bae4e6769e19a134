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

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
 * {@code labelstudio:s3-event}: an Amazon S3 event notification becomes the list of objects it announces as created,
 * each a map {@code {"bucket", "key", "source": "s3://bucket/key"}} that a route splits, reads and imports with
 * {@code importKey=source}.
 *
 * <p>Accepts the notification as S3 sends it (to SQS directly, the usual {@code aws2-sqs} message body), wrapped in
 * an SNS envelope ({@code "Type": "Notification"}, the event in {@code Message}), and the SQS-wrapped form an AWS
 * Lambda or an SQS-to-anything bridge passes on ({@code Records[]} of {@code "eventSource": "aws:sqs"} with the
 * event in {@code body}). Only {@code ObjectCreated:*} records count: the {@code s3:TestEvent} S3 sends when the
 * notification is configured, and {@code ObjectRemoved:*} etc., give nothing. Keys arrive URL-encoded ({@code a+b.txt}
 * for {@code a b.txt}) and are decoded. A body that is not JSON fails with an {@link IllegalArgumentException}, so an
 * SQS message is not deleted and can go to the queue's dead-letter queue.
 */
@DataTypeTransformer(
        name = "labelstudio:s3-event",
        description = "Turns an S3 event notification (direct, through SNS or SQS-wrapped) into the list of created"
                + " objects {bucket, key, source}")
public class S3EventTransformer extends Transformer {

    private static final String WHAT = "an S3 event notification";

    @Override
    public void transform(Message message, DataType from, DataType to) throws Exception {
        List<Map<String, Object>> objects = new ArrayList<>();
        collect(EventJson.read(message, WHAT), objects, 0);
        message.setBody(objects);
    }

    private static void collect(JsonNode event, List<Map<String, Object>> objects, int depth) {
        if (depth > 3) {
            throw new IllegalArgumentException("Not " + WHAT + ": envelopes nested too deep");
        }
        if ("Notification".equals(EventJson.text(event, "Type")) && EventJson.text(event, "Message") != null) {
            collect(EventJson.parse(EventJson.text(event, "Message"), WHAT), objects, depth + 1);
            return;
        }
        JsonNode records = event.path("Records");
        if (!records.isArray()) {
            if ("s3:TestEvent".equals(EventJson.text(event, "Event"))) {
                return;
            }
            throw new IllegalArgumentException(
                    "Not " + WHAT + ": no Records list: " + EventJson.abbreviate(event.toString()));
        }
        for (JsonNode rec : records) {
            if ("aws:sqs".equals(EventJson.text(rec, "eventSource")) && EventJson.text(rec, "body") != null) {
                collect(EventJson.parse(EventJson.text(rec, "body"), WHAT), objects, depth + 1);
            } else if (String.valueOf(EventJson.text(rec, "eventName")).startsWith("ObjectCreated:")) {
                objects.add(object(rec));
            }
        }
    }

    private static Map<String, Object> object(JsonNode rec) {
        String bucket = EventJson.text(rec.path("s3").path("bucket"), "name");
        String key = EventJson.text(rec.path("s3").path("object"), "key");
        if (bucket == null || key == null) {
            throw new IllegalArgumentException("An ObjectCreated record without s3.bucket.name or s3.object.key: "
                    + EventJson.abbreviate(rec.toString()));
        }
        key = URLDecoder.decode(key, StandardCharsets.UTF_8);
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("bucket", bucket);
        object.put("key", key);
        object.put("source", "s3://" + bucket + "/" + key);
        return object;
    }
}
