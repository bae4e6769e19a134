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
package io.camellabelstudio.component.producer;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.TypeConversionException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.camellabelstudio.client.JsonTasks;
import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.ApiObject;
import io.camellabelstudio.component.LabelStudioConfiguration;
import io.camellabelstudio.component.LabelStudioConstants;
import io.camellabelstudio.component.LabelStudioEndpoint;
import io.camellabelstudio.component.LabelStudioOperation;

/**
 * One message being processed by one operation: reads ids from headers and options and the body in the forms users
 * send, and fails with errors that name the option, header or body type at fault.
 */
public final class OperationContext {

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};

    private final Exchange exchange;
    private final LabelStudioEndpoint endpoint;
    private final LabelStudioOperation operation;

    public OperationContext(Exchange exchange, LabelStudioEndpoint endpoint, LabelStudioOperation operation) {
        this.exchange = exchange;
        this.endpoint = endpoint;
        this.operation = operation;
    }

    public LabelStudioClient client() {
        return endpoint.getClient();
    }

    public LabelStudioConfiguration configuration() {
        return endpoint.getConfiguration();
    }

    public LabelStudioOperation operation() {
        return operation;
    }

    public Message in() {
        return exchange.getIn();
    }

    /** The message that carries the result. */
    public Message out() {
        return exchange.getMessage();
    }

    /** The project id from the header, else the option; fails naming both when neither is set. */
    public long requiredProjectId() {
        Long id = optionalProjectId();
        if (id == null) {
            throw new IllegalArgumentException(describe() + " needs a project id: set the projectId option or the "
                    + LabelStudioConstants.PROJECT_ID + " header");
        }
        return id;
    }

    /** The task id from the header, else the option; fails naming both when neither is set. */
    public long requiredTaskId() {
        Long id = id(LabelStudioConstants.TASK_ID, "taskId", configuration().getTaskId());
        if (id == null) {
            throw new IllegalArgumentException(describe() + " needs a task id: set the taskId option or the "
                    + LabelStudioConstants.TASK_ID + " header");
        }
        return id;
    }

    /** The annotation id from the header, else the option; fails naming both when neither is set. */
    public long requiredAnnotationId() {
        Long id = id(
                LabelStudioConstants.ANNOTATION_ID,
                "annotationId",
                configuration().getAnnotationId());
        if (id == null) {
            throw new IllegalArgumentException(describe() + " needs an annotation id: set the annotationId option or"
                    + " the " + LabelStudioConstants.ANNOTATION_ID + " header");
        }
        return id;
    }

    /** The prediction id from the header, else the option; fails naming both when neither is set. */
    public long requiredPredictionId() {
        Long id = id(
                LabelStudioConstants.PREDICTION_ID,
                "predictionId",
                configuration().getPredictionId());
        if (id == null) {
            throw new IllegalArgumentException(describe() + " needs a prediction id: set the predictionId option or"
                    + " the " + LabelStudioConstants.PREDICTION_ID + " header");
        }
        return id;
    }

    /** The export snapshot id from the header, else the option; fails naming both when neither is set. */
    public long requiredExportId() {
        Long id = id(LabelStudioConstants.EXPORT_ID, "exportId", configuration().getExportId());
        if (id == null) {
            throw new IllegalArgumentException(describe() + " needs an export id: set the exportId option or the "
                    + LabelStudioConstants.EXPORT_ID + " header");
        }
        return id;
    }

    /** The storage id from the header, else the option; fails naming both when neither is set. */
    public long requiredStorageId() {
        Long id =
                id(LabelStudioConstants.STORAGE_ID, "storageId", configuration().getStorageId());
        if (id == null) {
            throw new IllegalArgumentException(describe() + " needs a storage id: set the storageId option or the "
                    + LabelStudioConstants.STORAGE_ID + " header");
        }
        return id;
    }

    /** The webhook id from the header, else the option; fails naming both when neither is set. */
    public long requiredWebhookId() {
        Long id =
                id(LabelStudioConstants.WEBHOOK_ID, "webhookId", configuration().getWebhookId());
        if (id == null) {
            throw new IllegalArgumentException(describe() + " needs a webhook id: set the webhookId option or the "
                    + LabelStudioConstants.WEBHOOK_ID + " header");
        }
        return id;
    }

    /** The exchange, for work that must happen when it completes (closing streams). */
    public Exchange exchange() {
        return exchange;
    }

    /** The task id from the header, else the option; null when neither is set. */
    public Long optionalTaskId() {
        return id(LabelStudioConstants.TASK_ID, "taskId", configuration().getTaskId());
    }

    /** The user id from the header, else the option; fails naming both when neither is set. */
    public long requiredUserId() {
        Long id = id(LabelStudioConstants.USER_ID, "userId", configuration().getUserId());
        if (id == null) {
            throw new IllegalArgumentException(describe() + " needs a user id: set the userId option or the "
                    + LabelStudioConstants.USER_ID + " header");
        }
        return id;
    }

    /** The view id from the header, else the option; null when neither is set. */
    public Long optionalViewId() {
        return id(LabelStudioConstants.VIEW_ID, "viewId", configuration().getViewId());
    }

    /** The view id from the header, else the option; fails naming both when neither is set. */
    public long requiredViewId() {
        Long id = optionalViewId();
        if (id == null) {
            throw new IllegalArgumentException(describe() + " needs a view id: set the viewId option or the "
                    + LabelStudioConstants.VIEW_ID + " header");
        }
        return id;
    }

    /**
     * A list of ids from a header (List, array, or comma-separated String), else from an option (comma-separated);
     * null when neither is set. Non-numeric entries fail naming the header or option.
     */
    public List<Long> idList(String header, String option, String optionValue) {
        Object raw = in().getHeader(header);
        if (raw != null) {
            return ids(raw, "the " + header + " header");
        }
        return optionValue == null ? null : ids(optionValue, "the " + option + " option");
    }

    /** Ids from a value: a Collection, an array, or a comma-separated / JSON-array String. */
    public List<Long> ids(Object raw, String where) {
        List<Object> items = new ArrayList<>();
        if (raw instanceof Collection<?> collection) {
            items.addAll(collection);
        } else if (raw instanceof long[] longs) {
            for (long l : longs) {
                items.add(l);
            }
        } else if (raw instanceof Object[] array) {
            items.addAll(Arrays.asList(array));
        } else if (raw instanceof int[] ints) {
            for (int i : ints) {
                items.add(i);
            }
        } else if (raw instanceof CharSequence || raw instanceof byte[]) {
            String text = raw instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : raw.toString();
            text = text.strip();
            if (text.startsWith("{")) {
                throw new IllegalArgumentException(describe() + ": " + where + " must hold task ids (a JSON list such"
                        + " as [1, 2], a comma-separated String, a List or an array), but is a JSON object");
            }
            if (text.startsWith("[") && text.endsWith("]")) {
                text = text.substring(1, text.length() - 1);
            }
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    items.add(part.strip());
                }
            }
        } else if (raw instanceof Number) {
            items.add(raw);
        } else {
            throw new IllegalArgumentException(describe() + ": " + where + " must hold task ids (a List, an array or"
                    + " a comma-separated String), but was " + raw.getClass().getName());
        }
        List<Long> ids = new ArrayList<>(items.size());
        for (Object item : items) {
            if (item instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
                ids.add(number.longValue());
                continue;
            }
            try {
                ids.add(Long.parseLong(String.valueOf(item).strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        describe() + ": " + where + " must hold numeric ids, but has '" + item + "'");
            }
        }
        return ids;
    }

    /** The project id from the header, else the option; null when neither is set. */
    public Long optionalProjectId() {
        return id(LabelStudioConstants.PROJECT_ID, "projectId", configuration().getProjectId());
    }

    private Long id(String header, String option, Long optionValue) {
        Object raw = in().getHeader(header);
        if (raw == null) {
            return optionValue;
        } else if (raw instanceof Long id) {
            return id; // the common case, without a second lookup and a type conversion
        } else if (raw instanceof Number number && !isWhole(number)) {
            // Camel's converter would cut 1.5 to 1: the message would go to another object
            throw new IllegalArgumentException(describe() + ": the " + header + " header must be a numeric id (it"
                    + " overrides the " + option + " option), but was '" + raw + "'");
        }
        try {
            Long id = in().getHeader(header, Long.class);
            if (id == null) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (TypeConversionException | IllegalArgumentException e) {
            throw new IllegalArgumentException(describe() + ": the " + header + " header must be a numeric id (it"
                    + " overrides the " + option + " option), but was '" + raw + "'");
        }
    }

    private static boolean isWhole(Number number) {
        if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return true;
        }
        double value = number.doubleValue();
        return value == Math.rint(value) && !Double.isInfinite(value);
    }

    /**
     * The body as Label Studio fields (JSON names to values): a {@link Map}, a JSON object as {@link String} or
     * {@code byte[]}, or a client model object.
     */
    public Map<String, Object> bodyAsFields() {
        Object body = in().getBody();
        if (body instanceof Map<?, ?> map) {
            return Json.mapper().convertValue(map, FIELDS);
        } else if (body instanceof ApiObject model) {
            return model.writableFields();
        } else if (body instanceof String || body instanceof byte[]) {
            String json = body instanceof String text ? text : new String((byte[]) body, StandardCharsets.UTF_8);
            return parseObject(json);
        }
        throw new IllegalArgumentException(describe() + " needs a Map, a JSON object (String or byte[]) or a model"
                + " object as body, but the body was "
                + (body == null ? "empty" : body.getClass().getName()));
    }

    private Map<String, Object> parseObject(String json) {
        String trimmed = json.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(describe() + " needs a JSON object as body, but the body was empty");
        }
        if (!trimmed.startsWith("{")) {
            throw new IllegalArgumentException(describe() + " needs a JSON object ({...}) as body, but the body"
                    + " starts with '" + trimmed.charAt(0) + "'");
        }
        try {
            return Json.mapper().readValue(trimmed, FIELDS);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    describe() + ": the body is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A JSON list of objects in the body (a String, {@code byte[]} or InputStream), read one object at a time as it is
     * consumed; null when the body is of another type.
     */
    public Iterator<Map<String, Object>> bodyAsJsonObjects() {
        Object body = in().getBody();
        InputStream json = body instanceof InputStream stream
                ? stream
                : body instanceof String text
                        ? new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))
                        : body instanceof byte[] bytes ? new ByteArrayInputStream(bytes) : null;
        return json == null ? null : JsonTasks.read(json);
    }

    /** The body as text; fails naming the operation when it is missing or of another type. */
    public String bodyAsText(String what) {
        Object body = in().getBody();
        if (body instanceof String text && !text.isBlank()) {
            return text;
        } else if (body instanceof byte[] bytes && bytes.length > 0) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException(describe() + " needs " + what + " as body, but the body was "
                + (body == null ? "empty" : body.getClass().getName()));
    }

    /** "labelstudio:projects operation 'get'", for messages. */
    public String describe() {
        return "labelstudio:" + endpoint.getResource() + " operation '" + operation.uriName() + "'";
    }
}
