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
package io.camellabelstudio.component.consumer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Message;

import io.camellabelstudio.component.LabelStudioConstants;

/** One webhook delivery: its secret checked, its size bounded, its payload's action and ids copied into headers. */
final class WebhookDelivery {

    /** The longest wait for a delivery's body (Label Studio sends it at once, with a 1 s timeout of its own). */
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(30);

    private WebhookDelivery() {}

    /** Whether the request carries the secret; compared in constant time, so timing does not reveal it. */
    static boolean hasSecret(Message request, byte[] secret) {
        String given = request.getHeader(WebhookSettings.SECRET_HEADER, String.class);
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), secret);
    }

    /**
     * The request body, at most {@code maxBytes} long; null when it is longer. A streamed body is read no further than
     * one byte past the limit, so an oversized delivery is never held in memory whole.
     */
    static byte[] boundedBody(Message request, long maxBytes) throws IOException {
        Object body = request.getBody();
        if (body == null) {
            return new byte[0];
        }
        byte[] bytes;
        if (VertxRequestBody.isVertxRequest(body)) {
            return VertxRequestBody.read(body, maxBytes, BODY_TIMEOUT);
        } else if (body instanceof InputStream in) {
            int limit = (int) Math.min(Integer.MAX_VALUE - 8L, maxBytes + 1);
            bytes = in.readNBytes(limit);
        } else if (body instanceof byte[] array) {
            bytes = array;
        } else {
            String text = request.getBody(String.class);
            bytes = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        }
        return bytes.length > maxBytes ? null : bytes;
    }

    /** A request refused before its body was read: under Vert.x, its connection is closed after the answer. */
    static void leaveUnread(Message request) {
        if (VertxRequestBody.isVertxRequest(request.getBody())) {
            VertxRequestBody.closeAfterAnswer(request.getBody());
        }
    }

    /** The request's Content-Length; -1 when it has none (chunked) or it is not a number. */
    static long declaredLength(Message request) {
        Object value = request.getHeader("Content-Length");
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return value == null ? -1 : Long.parseLong(value.toString().strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Sets the event type and the ids the payload holds: the project ({@code project.id}), the task ({@code task.id}
     * or {@code annotation.task}), the annotation ({@code annotation.id}) and the tasks of TASKS_* events.
     */
    static void setHeaders(Message message, Map<String, Object> payload) {
        Object action = payload.get("action");
        if (action != null) {
            message.setHeader(LabelStudioConstants.EVENT_TYPE, action.toString());
        }
        Long projectId = id(payload.get("project"));
        if (projectId != null) {
            message.setHeader(LabelStudioConstants.PROJECT_ID, projectId);
        }
        Object annotation = payload.get("annotation");
        Long taskId = id(payload.get("task"));
        if (annotation instanceof Map<?, ?> single) {
            Long annotationId = id(single);
            if (annotationId != null) {
                message.setHeader(LabelStudioConstants.ANNOTATION_ID, annotationId);
            }
            if (taskId == null) {
                taskId = id(single.get("task"));
            }
        }
        if (taskId != null) {
            message.setHeader(LabelStudioConstants.TASK_ID, taskId);
        }
        if (payload.get("tasks") instanceof List<?> tasks) {
            List<Long> ids = new ArrayList<>(tasks.size());
            for (Object task : tasks) {
                Long id = id(task);
                if (id != null) {
                    ids.add(id);
                }
            }
            message.setHeader(LabelStudioConstants.TASK_IDS, ids);
        }
    }

    /** The id of an object ({@code {"id": 5, ...}}) or a bare id; null when there is none. */
    private static Long id(Object value) {
        if (value instanceof Map<?, ?> object) {
            value = object.get("id");
        }
        return value instanceof Number number ? Long.valueOf(number.longValue()) : null;
    }
}
