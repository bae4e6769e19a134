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

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.http.ApiTransport;
import io.camellabelstudio.client.http.StreamedList;
import io.camellabelstudio.client.labelconfig.ParsedLabelConfig;
import io.camellabelstudio.client.labelconfig.PredictionResults;
import io.camellabelstudio.client.model.Prediction;

/**
 * Predictions (pre-annotations) of tasks. Results may be given in the three forms the Python SDK accepts — the full
 * result list, only the {@code value} object, or only a label name — and are completed from the project's parsed
 * label config.
 */
public final class PredictionsApi {

    /** Predictions per bulk request. */
    static final int BATCH = 1000;

    private final ApiTransport transport;

    PredictionsApi(ApiTransport transport) {
        this.transport = transport;
    }

    /**
     * Creates a prediction for a task.
     *
     * @param config       the project's parsed label config, used to complete short result forms and check labels
     * @param result       a result list, a value object (Map) or a label name (String)
     * @param fromName     the control tag to use for short forms when the config has several; null otherwise
     * @param score        the model's score; null sends 0, as the Python SDK's {@code create_prediction} does
     * @param modelVersion the model version; null for the project's default
     */
    public Prediction create(
            long taskId, ParsedLabelConfig config, Object result, String fromName, Double score, String modelVersion) {
        List<Map<String, Object>> full = PredictionResults.expand(config, result, fromName);
        return transport.execute(
                ApiRequest.post("/api/predictions/", body(taskId, full, score == null ? 0.0 : score, modelVersion)),
                Prediction.class);
    }

    /** Creates a prediction from its fields: {@code task}, {@code result} (full list), {@code score}, ... */
    public Prediction create(Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        return transport.execute(ApiRequest.post("/api/predictions/", fields), Prediction.class);
    }

    /**
     * Creates predictions for many tasks of a project, in bulk requests of at most 1000. Each item has {@code task}
     * and {@code result} (any of the three forms), optionally {@code score} and {@code model_version}; the defaults
     * apply to items without them. All items are checked before the first request of their batch is sent.
     *
     * @return how many predictions the server created
     */
    public long createMany(
            long projectId,
            Iterator<? extends Map<String, ?>> items,
            ParsedLabelConfig config,
            String fromName,
            Double defaultScore,
            String defaultModelVersion) {
        long created = 0;
        long position = 0;
        while (items.hasNext()) {
            List<Map<String, Object>> batch = new ArrayList<>();
            while (batch.size() < BATCH && items.hasNext()) {
                Map<String, ?> item = items.next();
                position++;
                batch.add(bulkItem(item, position, config, fromName, defaultScore, defaultModelVersion));
            }
            JsonNode answer = transport.execute(
                    ApiRequest.post("/api/projects/" + projectId + "/import/predictions", batch), JsonNode.class);
            created += answer == null ? 0 : answer.path("created").asLong(0);
        }
        if (position == 0) {
            throw new IllegalArgumentException("Nothing to create: the prediction list is empty");
        }
        return created;
    }

    private static Map<String, Object> bulkItem(
            Map<String, ?> item,
            long position,
            ParsedLabelConfig config,
            String fromName,
            Double defaultScore,
            String defaultModelVersion) {
        if (item == null) {
            throw new IllegalArgumentException("Prediction #" + position + " is null");
        }
        Object task = item.get("task");
        if (!(task instanceof Number)) {
            throw new IllegalArgumentException(
                    "Prediction #" + position + " needs a numeric task id in the field task, but has " + task);
        }
        if (!item.containsKey("result")) {
            throw new IllegalArgumentException("Prediction #" + position + " has no result");
        }
        List<Map<String, Object>> result;
        try {
            result = PredictionResults.expand(config, item.get("result"), fromName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Prediction #" + position + ": " + e.getMessage(), e);
        }
        Object score = item.containsKey("score") ? item.get("score") : defaultScore;
        Object version = item.containsKey("model_version") ? item.get("model_version") : defaultModelVersion;
        Map<String, Object> body = new LinkedHashMap<>(item);
        body.put("task", ((Number) task).longValue());
        body.put("result", result);
        putIfNotNull(body, "score", score);
        putIfNotNull(body, "model_version", version);
        return body;
    }

    /** The predictions of one task. */
    public Iterable<Prediction> listForTask(long taskId) {
        return new StreamedList<>(
                transport, ApiRequest.get("/api/predictions/").query("task", taskId), Prediction.class);
    }

    /** The predictions of a whole project, streamed: the server answers them in one list, read one at a time. */
    public Iterable<Prediction> listForProject(long projectId) {
        return new StreamedList<>(
                transport, ApiRequest.get("/api/predictions/").query("project", projectId), Prediction.class);
    }

    public Prediction get(long predictionId) {
        return transport.execute(ApiRequest.get(path(predictionId)), Prediction.class);
    }

    /** Changes the given fields of a prediction (PATCH), e.g. {@code result}, {@code score}, {@code model_version}. */
    public Prediction update(long predictionId, Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        return transport.execute(ApiRequest.patch(path(predictionId), fields), Prediction.class);
    }

    public void delete(long predictionId) {
        transport.execute(ApiRequest.delete(path(predictionId)));
    }

    static Map<String, Object> body(long taskId, List<Map<String, Object>> result, Double score, String modelVersion) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", taskId);
        body.put("result", result);
        putIfNotNull(body, "score", score);
        putIfNotNull(body, "model_version", modelVersion);
        return body;
    }

    private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String path(long predictionId) {
        return "/api/predictions/" + predictionId + "/";
    }
}
