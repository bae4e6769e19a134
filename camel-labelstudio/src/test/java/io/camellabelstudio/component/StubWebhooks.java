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
package io.camellabelstudio.component;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.type.TypeReference;

import io.camellabelstudio.client.RecordedRequest;
import io.camellabelstudio.client.StubLabelStudio;
import io.camellabelstudio.client.StubResponse;
import io.camellabelstudio.client.http.Json;

/** The webhooks API of Label Studio, kept in memory by a stub: list (by project), create, get, patch, delete. */
final class StubWebhooks {

    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};
    private static final String COLLECTION = "/api/webhooks/";

    private final Map<Long, Map<String, Object>> webhooks = new LinkedHashMap<>();
    private final AtomicLong ids;
    private Runnable afterCreate = () -> {};

    private StubWebhooks(long firstId) {
        this.ids = new AtomicLong(firstId);
    }

    /** Serves the webhooks API on the stub; ids start at {@code firstId}. */
    static StubWebhooks on(StubLabelStudio stub, long firstId) {
        StubWebhooks state = new StubWebhooks(firstId);
        stub.when("GET", COLLECTION, state::list);
        stub.when("POST", COLLECTION, state::create);
        for (long id = 1; id <= 200; id++) { // every id a test may use, also those of another stub's state
            long webhookId = id;
            String path = COLLECTION + id + "/";
            stub.when("GET", path, request -> state.get(webhookId));
            stub.when("PATCH", path, request -> state.patch(webhookId, request));
            stub.when("DELETE", path, request -> state.delete(webhookId));
        }
        return state;
    }

    /** Adds a webhook as another client (or an earlier run) would have; returns its id. */
    synchronized long add(long projectId, String url, Map<String, String> headers) {
        return add(ids.getAndIncrement(), projectId, url, headers);
    }

    /** Adds a webhook with the given id, e.g. a lower one than the ids given out so far. */
    synchronized long add(long id, long projectId, String url, Map<String, String> headers) {
        Map<String, Object> webhook = new LinkedHashMap<>();
        webhook.put("id", id);
        webhook.put("organization", 1);
        webhook.put("project", projectId);
        webhook.put("url", url);
        webhook.put("send_payload", true);
        webhook.put("send_for_all_actions", true);
        webhook.put("headers", headers);
        webhook.put("is_active", true);
        webhook.put("actions", List.of());
        webhooks.put(id, webhook);
        return id;
    }

    /** Changes fields of a webhook as another client would. */
    synchronized void change(long id, Map<String, Object> fields) {
        webhooks.get(id).putAll(fields);
    }

    /** Runs after each create has been stored, before it is answered: what another node does at the same moment. */
    synchronized void afterCreate(Runnable action) {
        this.afterCreate = action;
    }

    /** Deletes a webhook as another client would. */
    synchronized void remove(long id) {
        webhooks.remove(id);
    }

    synchronized List<Map<String, Object>> all() {
        return List.copyOf(webhooks.values());
    }

    private synchronized StubResponse list(RecordedRequest request) {
        String project = request.queryParam("project");
        return json(
                200,
                webhooks.values().stream()
                        .filter(w -> project == null || project.equals(String.valueOf(w.get("project"))))
                        .toList());
    }

    private synchronized StubResponse create(RecordedRequest request) throws IOException {
        Map<String, Object> fields = Json.mapper().readValue(request.bodyAsString(), OBJECT);
        long id = add(((Number) fields.get("project")).longValue(), (String) fields.get("url"), Map.of());
        webhooks.get(id).putAll(fields);
        afterCreate.run();
        return json(201, webhooks.get(id));
    }

    private synchronized StubResponse get(long id) {
        Map<String, Object> webhook = webhooks.get(id);
        return webhook == null ? notFound() : json(200, webhook);
    }

    private synchronized StubResponse patch(long id, RecordedRequest request) throws IOException {
        Map<String, Object> webhook = webhooks.get(id);
        if (webhook == null) {
            return notFound();
        }
        webhook.putAll(Json.mapper().readValue(request.bodyAsString(), OBJECT));
        return json(200, webhook);
    }

    private synchronized StubResponse delete(long id) {
        return webhooks.remove(id) == null ? notFound() : StubResponse.status(204);
    }

    private static StubResponse notFound() {
        return StubResponse.json(404, "{\"detail\": \"No Webhook matches the given query.\"}");
    }

    private static StubResponse json(int status, Object value) {
        try {
            return StubResponse.json(status, Json.mapper().writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
