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
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.ObjectHelper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.camellabelstudio.client.JsonTasks;
import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.ApiObject;
import io.camellabelstudio.component.LabelStudioConfiguration;
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

    /** The id from its header, else its option; fails naming both when neither is set. */
    public long requiredId(IdOption id) {
        Long value = optionalId(id);
        if (value == null) {
            throw new IllegalArgumentException(describe() + " needs " + id.what() + ": set the " + id.option()
                    + " option or the " + id.header() + " header");
        }
        return value;
    }

    /** The id from its header, else its option; null when neither is set. */
    public Long optionalId(IdOption id) {
        Object raw = in().getHeader(id.header());
        if (raw == null) {
            return id.optionValue(configuration());
        }
        Long value = raw instanceof Long number ? number : toId(raw); // Long: the common case, no conversion
        if (value == null) {
            throw new IllegalArgumentException(describe() + ": the " + id.header() + " header must be a numeric id"
                    + " (it overrides the " + id.option() + " option), but was '" + raw + "'");
        }
        return value;
    }

    /** The exchange, for work that must happen when it completes (closing streams). */
    public Exchange exchange() {
        return exchange;
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

    /**
     * Ids from a header's value or the body: a Collection, an array, a number, or a String of comma-separated ids
     * (also as a JSON list: {@code [1, 2]}); each id is converted by Camel's type converter.
     */
    public List<Long> ids(Object raw, String where) {
        Object value = raw instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : raw;
        if (value instanceof CharSequence chars) {
            String text = chars.toString().strip();
            if (text.startsWith("{")) {
                throw new IllegalArgumentException(describe() + ": " + where + " must hold task ids (a JSON list such"
                        + " as [1, 2], a comma-separated String, a List or an array), but is a JSON object");
            }
            value = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        } else if (value instanceof Map<?, ?>
                || !(value instanceof Number
                        || value instanceof Iterable<?>
                        || value.getClass().isArray())) {
            throw new IllegalArgumentException(describe() + ": " + where + " must hold task ids (a List, an array or"
                    + " a comma-separated String), but was " + value.getClass().getName());
        }
        List<Long> ids = new ArrayList<>();
        for (Object entry : ObjectHelper.createIterable(value, ",")) {
            Object item = entry instanceof CharSequence text ? text.toString().strip() : entry;
            if ("".equals(item)) {
                continue;
            }
            Long id = toId(item);
            if (id == null) {
                throw new IllegalArgumentException(
                        describe() + ": " + where + " must hold numeric ids, but has '" + item + "'");
            }
            ids.add(id);
        }
        return ids;
    }

    /** Ids from the header, else the body; null when both are empty. */
    public List<Long> idsFromHeaderOrBody(String header) {
        Object raw = in().getHeader(header);
        if (raw != null) {
            return ids(raw, "the " + header + " header");
        }
        Object body = in().getBody();
        return body == null ? null : ids(body, "the body");
    }

    /** A whole number as an id, by Camel's type converter; null for anything else (1.5 would address another id). */
    private Long toId(Object value) {
        if (value instanceof Number number && !isWhole(number)) {
            return null;
        }
        Object text = value instanceof CharSequence chars ? chars.toString().strip() : value;
        return exchange.getContext().getTypeConverter().tryConvertTo(Long.class, exchange, text);
    }

    private static boolean isWhole(Number number) {
        if (number instanceof Integer || number instanceof Short || number instanceof Byte || number instanceof Long) {
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
