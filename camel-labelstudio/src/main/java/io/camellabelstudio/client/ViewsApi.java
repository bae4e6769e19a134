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
package io.camellabelstudio.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JavaType;

import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.http.ApiTransport;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.View;

/** Data Manager views (tabs) of a project: named filters and orderings. */
public final class ViewsApi {

    private static final JavaType VIEW_LIST =
            Json.mapper().getTypeFactory().constructCollectionType(List.class, View.class);

    private final ApiTransport transport;

    ViewsApi(ApiTransport transport) {
        this.transport = transport;
    }

    /** The views of a project (the server returns them all at once). */
    public List<View> list(long projectId) {
        List<View> views = transport.execute(ApiRequest.get("/api/dm/views/").query("project", projectId), VIEW_LIST);
        return views == null ? List.of() : views;
    }

    public View get(long viewId) {
        return transport.execute(ApiRequest.get(path(viewId)), View.class);
    }

    /**
     * Creates a view.
     *
     * @param title    the tab's name
     * @param filters  Data Manager filters (Map, JSON String or JsonNode); null for none
     * @param ordering one ordering column, e.g. {@code tasks:id}; null for none
     */
    public View create(long projectId, String title, Object filters, String ordering) {
        return transport.execute(
                ApiRequest.post("/api/dm/views/", Map.of("project", projectId, "data", data(title, filters, ordering))),
                View.class);
    }

    /** Creates a view from its {@code data} (title, filters, ordering and any UI settings). */
    public View create(long projectId, Map<String, ?> data) {
        Objects.requireNonNull(data, "data");
        return transport.execute(
                ApiRequest.post("/api/dm/views/", Map.of("project", projectId, "data", data)), View.class);
    }

    /** Replaces a view's data (title, filters, ordering), keeping its project. */
    public View update(long viewId, long projectId, Map<String, ?> data) {
        Objects.requireNonNull(data, "data");
        return transport.execute(
                ApiRequest.patch(path(viewId), Map.of("project", projectId, "data", data)), View.class);
    }

    public void delete(long viewId) {
        transport.execute(ApiRequest.delete(path(viewId)));
    }

    static Map<String, Object> data(String title, Object filters, String ordering) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("title", title == null ? "Tasks" : title);
        Object filterJson = TaskQuery.toJson(filters, "filters");
        if (filterJson != null) {
            data.put("filters", filterJson);
        }
        if (ordering != null && !ordering.isBlank()) {
            data.put("ordering", List.of(ordering.strip()));
        }
        return data;
    }

    private static String path(long viewId) {
        return "/api/dm/views/" + viewId + "/";
    }
}
