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

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.http.ApiTransport;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.Annotation;

/** Annotations of tasks: list, get, create, update, delete, and creation from predictions. */
public final class AnnotationsApi {

    private static final JavaType LIST =
            Json.mapper().getTypeFactory().constructCollectionType(List.class, Annotation.class);
    private static final Pattern CREATED = Pattern.compile("(\\d+)");

    private final ApiTransport transport;

    AnnotationsApi(ApiTransport transport) {
        this.transport = transport;
    }

    /** The annotations of a task (all at once: the server does not page them). */
    public List<Annotation> list(long taskId) {
        List<Annotation> annotations =
                transport.execute(ApiRequest.get("/api/tasks/" + taskId + "/annotations/"), LIST);
        return annotations == null ? List.of() : annotations;
    }

    public Annotation get(long annotationId) {
        return transport.execute(ApiRequest.get(path(annotationId)), Annotation.class);
    }

    /**
     * Creates an annotation of a task. Fields: {@code result} (list of regions / choices), {@code was_cancelled},
     * {@code ground_truth}, {@code lead_time}, ...
     */
    public Annotation create(long taskId, Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        return transport.execute(ApiRequest.post("/api/tasks/" + taskId + "/annotations/", fields), Annotation.class);
    }

    /** Changes the given fields of an annotation (PATCH). */
    public Annotation update(long annotationId, Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        return transport.execute(ApiRequest.patch(path(annotationId), fields), Annotation.class);
    }

    public void delete(long annotationId) {
        transport.execute(ApiRequest.delete(path(annotationId)));
    }

    /**
     * Turns the predictions of the project's tasks into annotations by the API key's user (the Data Manager action
     * {@code predictions_to_annotations}), for all tasks, or only the given ones; only predictions of the given model
     * versions when any are named. Predictions that already have an annotation made from them are skipped by the
     * server.
     *
     * @param taskIds       the tasks; empty for all tasks of the project
     * @param modelVersions the model versions; empty for all
     * @return how many annotations the server created
     */
    public long createFromPredictions(long projectId, List<Long> taskIds, List<String> modelVersions) {
        Map<String, Object> selected = taskIds == null || taskIds.isEmpty()
                ? DataManagerActions.allExcept(List.of())
                : DataManagerActions.only(taskIds);
        Map<String, Object> fields =
                modelVersions == null || modelVersions.isEmpty() ? Map.of() : Map.of("model_version", modelVersions);
        JsonNode answer = DataManagerActions.run(transport, projectId, "predictions_to_annotations", selected, fields);
        // The server answers {"detail": "Created 3 annotations"}
        String detail = answer == null ? "" : answer.path("detail").asText("");
        Matcher count = CREATED.matcher(detail);
        return count.find() ? Long.parseLong(count.group(1)) : 0;
    }

    private static String path(long annotationId) {
        return "/api/annotations/" + annotationId + "/";
    }
}
