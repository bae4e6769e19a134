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

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.http.ApiTransport;

/**
 * Data Manager actions ({@code POST /api/dm/actions/?id=<action>&project=<id>}) and their task selections. Every
 * action names its selection explicitly: without {@code selectedItems} the server applies it to all tasks.
 */
final class DataManagerActions {

    private DataManagerActions() {}

    /** Exactly these tasks: {@code {"all": false, "included": [...]}}. */
    static Map<String, Object> only(List<Long> taskIds) {
        Map<String, Object> selected = new LinkedHashMap<>();
        selected.put("all", false);
        selected.put("included", taskIds);
        return selected;
    }

    /** Every task but these: {@code {"all": true, "excluded": [...]}}. */
    static Map<String, Object> allExcept(List<Long> taskIds) {
        Map<String, Object> selected = new LinkedHashMap<>();
        selected.put("all", true);
        selected.put("excluded", taskIds == null ? List.of() : taskIds);
        return selected;
    }

    /** Runs an action on a selection, with further fields of the action; answers the server's JSON. */
    static JsonNode run(
            ApiTransport transport,
            long projectId,
            String action,
            Map<String, Object> selectedItems,
            Map<String, ?> fields) {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("selectedItems", selectedItems);
        return transport.execute(
                ApiRequest.post("/api/dm/actions/", body).query("id", action).query("project", projectId),
                JsonNode.class);
    }
}
