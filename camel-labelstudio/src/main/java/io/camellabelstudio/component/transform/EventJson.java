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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camellabelstudio.client.http.Json;

/** Reads the body of an event message as JSON, for the event transformers; errors say what was expected. */
final class EventJson {

    // the client's mapper: numbers of every body form come out alike (Long)
    private static final ObjectMapper JSON = Json.mapper();

    private EventJson() {}

    /**
     * The body as a JSON tree: a JSON text (String, bytes, stream, anything Camel converts to a String) or an
     * already parsed Map or JsonNode. {@code what} names the expected event in the error.
     */
    static JsonNode read(Message message, String what) throws InvalidPayloadException {
        Object body = message.getBody();
        if (body instanceof JsonNode node) {
            return node;
        }
        if (body instanceof Map<?, ?> map) {
            return JSON.valueToTree(map);
        }
        String text;
        if (body instanceof InputStream in) {
            try (in) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot read the " + what + ": " + e.getMessage(), e);
            }
        } else {
            text = message.getMandatoryBody(String.class);
        }
        return parse(text, what);
    }

    /** Parses a JSON text; not JSON fails with an IllegalArgumentException naming {@code what}. */
    static JsonNode parse(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Empty message: expected " + what);
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "Not " + what + " (not JSON): " + e.getOriginalMessage() + ": " + abbreviate(text));
        }
    }

    /** The text of Base64 {@code data}, as Pub/Sub and Azure Storage queues may carry JSON. */
    static String base64(String data, String what) {
        try {
            return new String(Base64.getDecoder().decode(data.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Not " + what + " (neither JSON nor Base64-encoded JSON): " + abbreviate(data), e);
        }
    }

    /** A text field, or null when missing or empty. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isValueNode() || value.asText().isEmpty() ? null : value.asText();
    }

    /** The fields of a JSON object as text values (an empty map for anything else). */
    static Map<String, String> map(JsonNode node) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
