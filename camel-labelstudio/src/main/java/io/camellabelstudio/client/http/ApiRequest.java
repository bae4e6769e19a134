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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.hc.core5.http.HttpEntity;

/**
 * One call to the Label Studio API: method, path (relative to the base URL, e.g. {@code /api/projects/5/}), query
 * parameters in order, and an optional JSON body (any Jackson-serializable object).
 */
public final class ApiRequest {

    private final String method;
    private final String path;
    private final List<Map.Entry<String, String>> query;
    private final Object jsonBody;
    private final HttpEntity entity;
    private final String accept;

    private ApiRequest(
            String method,
            String path,
            List<Map.Entry<String, String>> query,
            Object jsonBody,
            HttpEntity entity,
            String accept) {
        this.method = method;
        this.path = path;
        this.query = Collections.unmodifiableList(query);
        this.jsonBody = jsonBody;
        this.entity = entity;
        this.accept = accept;
    }

    private ApiRequest(String method, String path, List<Map.Entry<String, String>> query, Object jsonBody) {
        this(method, path, query, jsonBody, null, "application/json");
    }

    /** A POST with a ready body, e.g. a multipart file upload; it should be repeatable (a file, bytes). */
    public static ApiRequest postEntity(String path, HttpEntity entity) {
        return new ApiRequest(
                "POST", path, new ArrayList<>(), null, Objects.requireNonNull(entity, "entity"), "application/json");
    }

    public static ApiRequest get(String path) {
        return new ApiRequest("GET", path, new ArrayList<>(), null);
    }

    public static ApiRequest post(String path, Object jsonBody) {
        return new ApiRequest("POST", path, new ArrayList<>(), jsonBody);
    }

    public static ApiRequest patch(String path, Object jsonBody) {
        return new ApiRequest("PATCH", path, new ArrayList<>(), jsonBody);
    }

    public static ApiRequest delete(String path) {
        return new ApiRequest("DELETE", path, new ArrayList<>(), null);
    }

    /** A copy with one more query parameter; a null value adds nothing. */
    public ApiRequest query(String name, Object value) {
        if (value == null) {
            return this;
        }
        List<Map.Entry<String, String>> copy = new ArrayList<>(query);
        copy.add(Map.entry(name, String.valueOf(value)));
        return new ApiRequest(method, path, copy, jsonBody, entity, accept);
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public List<Map.Entry<String, String>> queryParameters() {
        return query;
    }

    public Object jsonBody() {
        return jsonBody;
    }

    /** A copy with another {@code Accept} header, e.g. {@code *}{@code /*} for file downloads. */
    public ApiRequest withAccept(String value) {
        return new ApiRequest(method, path, query, jsonBody, entity, Objects.requireNonNull(value, "accept"));
    }

    /** The {@code Accept} header; {@code application/json} unless changed. */
    public String accept() {
        return accept;
    }

    /** A ready body (e.g. multipart); null for JSON or bodiless requests. */
    public HttpEntity entity() {
        return entity;
    }

    @Override
    public String toString() {
        return method + " " + path;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiRequest r
                && method.equals(r.method)
                && path.equals(r.path)
                && query.equals(r.query)
                && Objects.equals(jsonBody, r.jsonBody);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, query);
    }
}
