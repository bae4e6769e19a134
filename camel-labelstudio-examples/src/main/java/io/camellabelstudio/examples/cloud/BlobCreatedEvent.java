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

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The blob named by an Azure Event Grid {@code Microsoft.Storage.BlobCreated} event, as an Event Grid subscription
 * with a Storage Queue destination writes it into the queue: one event (Event Grid schema) per message, the blob in
 * {@code subject} ({@code /blobServices/default/containers/<container>/blobs/<name>}) and {@code data.url}.
 *
 * <p>The message text may be Base64-encoded JSON (what Event Grid writes today, and what queue clients that encode
 * messages write) or plain JSON (what the v12 SDKs write by default); both are accepted.
 */
public final class BlobCreatedEvent {

    public static final String BLOB_CREATED = "Microsoft.Storage.BlobCreated";

    private static final Pattern SUBJECT = Pattern.compile("^/blobServices/default/containers/([^/]+)/blobs/(.+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String eventType;
    private final String container;
    private final String name;
    private final String url;

    private BlobCreatedEvent(String eventType, String container, String name, String url) {
        this.eventType = eventType;
        this.container = container;
        this.name = name;
        this.url = url;
    }

    /**
     * Parses one queue message. Fails with {@link IllegalArgumentException} if it is neither JSON nor Base64 of JSON,
     * or names no blob; other event types (e.g. {@code Microsoft.Storage.BlobDeleted}) parse, and
     * {@link #isBlobCreated()} tells them apart.
     */
    public static BlobCreatedEvent parse(String message) {
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("Empty queue message: expected an Event Grid event");
        }
        JsonNode event = readJson(decode(message.trim()));
        if (event.isArray()) {
            if (event.size() != 1) {
                throw new IllegalArgumentException(
                        "Expected one Event Grid event per queue message, got " + event.size());
            }
            event = event.get(0);
        }
        String eventType = event.path("eventType").asText("");
        String subject = event.path("subject").asText("");
        Matcher m = SUBJECT.matcher(subject);
        if (!m.matches()) {
            throw new IllegalArgumentException("The event (type " + eventType + ") has no blob subject of the form"
                    + " /blobServices/default/containers/<container>/blobs/<name>: " + abbreviate(subject));
        }
        return new BlobCreatedEvent(
                eventType,
                m.group(1),
                m.group(2),
                event.path("data").path("url").asText(null));
    }

    /** The message's JSON text: the message itself if it is JSON, else its Base64 decoding. */
    static String decode(String message) {
        char first = message.charAt(0);
        if (first == '{' || first == '[') {
            return message;
        }
        try {
            return new String(Base64.getDecoder().decode(message), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "The queue message is neither JSON nor Base64-encoded JSON: " + abbreviate(message), e);
        }
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("The queue message is not JSON: " + abbreviate(text), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    public boolean isBlobCreated() {
        return BLOB_CREATED.equals(eventType);
    }

    public String getEventType() {
        return eventType;
    }

    public String getContainer() {
        return container;
    }

    public String getName() {
        return name;
    }

    /** The blob's URL from {@code data.url}, or null. */
    public String getUrl() {
        return url;
    }

    /** The task's {@code source}: {@code azure-blob://<container>/<name>}. */
    public String getSource() {
        return "azure-blob://" + container + "/" + name;
    }

    @Override
    public String toString() {
        return eventType + " " + getSource();
    }
}
