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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Message;
import org.apache.camel.spi.DataType;
import org.apache.camel.spi.DataTypeTransformer;
import org.apache.camel.spi.Transformer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code labelstudio:azure-blob-event}: an Azure Event Grid message becomes the list of blobs it announces as created,
 * each a map {@code {"container", "name", "url", "source": "azure-blob://container/name"}}.
 *
 * <p>Accepts what an Event Grid subscription delivers: to a Storage Queue one event per message, as Base64-encoded
 * JSON (what Event Grid writes) or plain JSON (what the v12 SDKs write by default); to a webhook a JSON array of
 * events. Both the Event Grid schema ({@code eventType}) and the CloudEvents 1.0 schema ({@code type}) are read.
 * Only {@code Microsoft.Storage.BlobCreated} events count; others (e.g. {@code BlobDeleted}, the subscription
 * validation event) give nothing. A message that is not JSON, or a BlobCreated event whose {@code subject} is not
 * {@code /blobServices/default/containers/<container>/blobs/<name>}, fails with an {@link IllegalArgumentException}:
 * a route can move it to a poison queue.
 */
@DataTypeTransformer(
        name = "labelstudio:azure-blob-event",
        description = "Turns an Azure Event Grid message (Storage Queue or webhook; Event Grid or CloudEvents schema)"
                + " into the list of created blobs {container, name, url, source}")
public class AzureBlobEventTransformer extends Transformer {

    static final String BLOB_CREATED = "Microsoft.Storage.BlobCreated";

    private static final String WHAT = "an Azure Event Grid event";
    private static final Pattern SUBJECT = Pattern.compile("^/blobServices/default/containers/([^/]+)/blobs/(.+)$");

    @Override
    public void transform(Message message, DataType from, DataType to) throws Exception {
        JsonNode events;
        Object body = message.getBody();
        if (body instanceof String text
                && !text.isBlank()
                && "{[".indexOf(text.trim().charAt(0)) < 0) {
            events = EventJson.parse(EventJson.base64(text, WHAT), WHAT); // a queue message as Event Grid writes it
        } else {
            events = EventJson.read(message, WHAT);
        }
        List<Map<String, Object>> blobs = new ArrayList<>();
        if (events.isArray()) {
            for (JsonNode event : events) {
                add(event, blobs);
            }
        } else {
            add(events, blobs);
        }
        message.setBody(blobs);
    }

    private static void add(JsonNode event, List<Map<String, Object>> blobs) {
        String type = EventJson.text(event, "eventType");
        if (type == null) {
            type = EventJson.text(event, "type"); // CloudEvents schema
        }
        if (type == null) {
            throw new IllegalArgumentException(
                    "Not " + WHAT + ": neither eventType nor type: " + EventJson.abbreviate(event.toString()));
        }
        if (!BLOB_CREATED.equals(type)) {
            return;
        }
        String subject = String.valueOf(EventJson.text(event, "subject"));
        Matcher m = SUBJECT.matcher(subject);
        if (!m.matches()) {
            throw new IllegalArgumentException("A " + BLOB_CREATED + " event without a subject of the form"
                    + " /blobServices/default/containers/<container>/blobs/<name>: "
                    + EventJson.abbreviate(subject));
        }
        Map<String, Object> blob = new LinkedHashMap<>();
        blob.put("container", m.group(1));
        blob.put("name", m.group(2));
        blob.put("url", EventJson.text(event.path("data"), "url"));
        blob.put("source", "azure-blob://" + m.group(1) + "/" + m.group(2));
        blobs.add(blob);
    }
}
