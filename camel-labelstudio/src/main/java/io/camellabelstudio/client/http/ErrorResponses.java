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
package io.camellabelstudio.client.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.error.AuthenticationException;
import io.camellabelstudio.client.error.LabelStudioApiException;
import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.error.PermissionDeniedException;
import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.client.error.ValidationException;

/**
 * Turns an error answer into the typed exception for its status. Understands Label Studio's JSON envelope
 * ({@code detail}, {@code validation_errors}) and describes anything else (an HTML page from a proxy, plain text)
 * briefly instead of dumping it.
 */
final class ErrorResponses {

    static final int MAX_DETAIL_CHARS = 500;

    private ErrorResponses() {}

    static LabelStudioApiException toException(
            int status, String reason, String method, String path, String contentType, String body) {
        return toException(status, reason, method, path, contentType, body, null);
    }

    /**
     * As {@link #toException(int, String, String, String, String, String)}, with a note appended to the detail: what
     * the client knows about the failure beyond the answer (e.g. that it came after the server's time limit).
     */
    static LabelStudioApiException toException(
            int status, String reason, String method, String path, String contentType, String body, String note) {
        Map<String, List<String>> fieldErrors = new LinkedHashMap<>();
        String answer = detail(status, reason, contentType, body, fieldErrors);
        String detail = note == null ? answer : answer + " (" + note + ")";
        if (status == 400 || status == 422) {
            return new ValidationException(status, method, path, detail, fieldErrors);
        } else if (status == 401) {
            return new AuthenticationException(status, method, path, detail);
        } else if (status == 403) {
            return new PermissionDeniedException(status, method, path, detail);
        } else if (status == 404) {
            return new NotFoundException(status, method, path, detail);
        } else if (status >= 500) {
            return new ServerErrorException(status, method, path, detail);
        }
        return new LabelStudioApiException(status, method, path, detail);
    }

    private static String detail(
            int status, String reason, String contentType, String body, Map<String, List<String>> fieldErrors) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (body == null || body.isBlank()) {
            return reason == null || reason.isBlank() ? "(empty response)" : reason;
        }
        if (type.contains("json") || body.stripLeading().startsWith("{")) {
            try {
                JsonNode json = Json.mapper().readTree(body);
                if (json != null && json.isObject()) {
                    readFieldErrors(json.path("validation_errors"), fieldErrors);
                    String detail =
                            json.hasNonNull("detail") ? json.get("detail").asText() : null;
                    if (detail == null && status == 400 && !json.has("validation_errors")) {
                        // DRF without Label Studio's envelope: {"field": ["msg"]}
                        readFieldErrors(json, fieldErrors);
                    }
                    StringBuilder text = new StringBuilder(detail == null ? "" : detail);
                    if (!fieldErrors.isEmpty()) {
                        text.append(text.length() == 0 ? "" : " ").append(fieldErrors);
                    }
                    return text.length() == 0 ? abbreviate(body) : abbreviate(text.toString());
                }
            } catch (java.io.IOException notJson) {
                // fall through: described as text below
            }
        }
        return describeNonJson(type, body);
    }

    /** A short description of an answer that is not JSON: an HTML page by its title, other text abbreviated. */
    static String describeNonJson(String contentType, String body) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.contains("html") || body.stripLeading().startsWith("<")) {
            String title = between(body, "<title>", "</title>");
            return "the server answered with an HTML page instead of JSON (a proxy or web server error page?)"
                    + (title == null ? "" : ": " + abbreviate(title.strip()));
        }
        return abbreviate(body.strip());
    }

    private static void readFieldErrors(JsonNode node, Map<String, List<String>> into) {
        if (node == null || !node.isObject()) {
            return;
        }
        node.properties().forEach(field -> {
            List<String> messages = new ArrayList<>();
            if (field.getValue().isArray()) {
                field.getValue().forEach(m -> messages.add(m.isTextual() ? m.asText() : m.toString()));
            } else {
                JsonNode value = field.getValue();
                messages.add(value.isTextual() ? value.asText() : value.toString());
            }
            into.put(field.getKey(), messages);
        });
    }

    private static String between(String text, String start, String end) {
        String lower = text.toLowerCase(Locale.ROOT);
        int from = lower.indexOf(start);
        int to = from < 0 ? -1 : lower.indexOf(end, from);
        return from < 0 || to < 0 ? null : text.substring(from + start.length(), to);
    }

    static String abbreviate(String text) {
        return text.length() <= MAX_DETAIL_CHARS ? text : text.substring(0, MAX_DETAIL_CHARS) + "...(truncated)";
    }
}
