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

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.camellabelstudio.client.PredictionsApi;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.labelconfig.ParsedLabelConfig;
import io.camellabelstudio.client.model.Prediction;
import io.camellabelstudio.component.LabelStudioConstants;

/**
 * The operations of {@code labelstudio:predictions}. A prediction's result may be the full result list, only the
 * {@code value} object, or only a label name; the short forms are completed from the project's label config, and a
 * label the config does not have is rejected before anything is sent.
 */
public final class PredictionOperations {

    public void process(OperationContext ctx) {
        PredictionsApi predictions = ctx.client().predictions();
        switch (ctx.operation()) {
            case CREATE -> create(ctx, predictions);
            case CREATE_MANY -> createMany(ctx, predictions);
            case LIST -> list(ctx, predictions);
            case GET -> result(ctx, predictions.get(ctx.requiredId(IdOption.PREDICTION)));
            case UPDATE -> result(ctx, predictions.update(ctx.requiredId(IdOption.PREDICTION), ctx.bodyAsFields()));
            case DELETE -> {
                long id = ctx.requiredId(IdOption.PREDICTION);
                predictions.delete(id);
                ctx.out().setHeader(LabelStudioConstants.PREDICTION_ID, id);
                ctx.out().setBody(true);
            }
            default -> throw new IllegalArgumentException("Operation " + ctx.describe() + " is not supported");
        }
    }

    /**
     * Body: the result in one of the three forms, or a Map with {@code result} (and optionally {@code score},
     * {@code model_version}).
     */
    private static void create(OperationContext ctx, PredictionsApi predictions) {
        long taskId = ctx.requiredId(IdOption.TASK);
        Object body = parsedBody(ctx);
        if (body == null) {
            throw new IllegalArgumentException(ctx.describe() + " needs the prediction's result as body: a result"
                    + " list, a value object such as {\"choices\": [\"A\"]}, or a label name");
        }
        if (!(body instanceof List<?> || body instanceof Map<?, ?> || body instanceof String)) {
            throw new IllegalArgumentException(ctx.describe() + " needs the prediction's result as body: a result"
                    + " list, a value Map such as {\"choices\": [\"A\"]}, a label name, or a Map with result; but the"
                    + " body was " + body.getClass().getName());
        }
        Object result = body;
        Double score = score(ctx);
        String modelVersion = modelVersion(ctx);
        if (body instanceof Map<?, ?> map && map.containsKey("result")) {
            result = map.get("result");
            if (map.get("score") instanceof Number number && score == null) {
                score = number.doubleValue();
            }
            if (map.get("model_version") != null && modelVersion == null) {
                modelVersion = map.get("model_version").toString();
            }
        }
        Long projectId = ctx.optionalId(IdOption.PROJECT);
        long project = projectId != null ? projectId : projectOf(ctx, taskId);
        ParsedLabelConfig config = ctx.client().projects().parseConfig(project);
        Prediction prediction =
                predictions.create(taskId, config, result, ctx.configuration().getFromName(), score, modelVersion);
        result(ctx, prediction);
    }

    private static long projectOf(OperationContext ctx, long taskId) {
        Long project = ctx.client().tasks().get(taskId).project();
        if (project == null) {
            throw new IllegalArgumentException(ctx.describe() + ": cannot tell the project of task " + taskId
                    + "; set the projectId option or the " + LabelStudioConstants.PROJECT_ID + " header");
        }
        return project;
    }

    /** Body: a list (or JSON list) of {task, result, score?, model_version?}; result in any of the three forms. */
    @SuppressWarnings("unchecked")
    private static void createMany(OperationContext ctx, PredictionsApi predictions) {
        long projectId = ctx.requiredId(IdOption.PROJECT);
        Object body = ctx.in().getBody();
        Iterator<? extends Map<String, ?>> items;
        if (body instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map)) {
                    throw new IllegalArgumentException(ctx.describe() + ": prediction #" + (i + 1) + " must be a Map"
                            + " with task and result, but was "
                            + (list.get(i) == null
                                    ? "null"
                                    : list.get(i).getClass().getName()));
                }
            }
            items = ((List<Map<String, ?>>) list).iterator();
        } else {
            items = ctx.bodyAsJsonObjects();
            if (items == null) {
                throw new IllegalArgumentException(ctx.describe() + " needs a List of predictions (Maps with task and"
                        + " result) or a JSON list as body, but the body was "
                        + (body == null ? "empty" : body.getClass().getName()));
            }
        }
        ParsedLabelConfig config = ctx.client().projects().parseConfig(projectId);
        long created = predictions.createMany(
                projectId, items, config, ctx.configuration().getFromName(), score(ctx), modelVersion(ctx));
        ctx.out().setHeader(LabelStudioConstants.CREATED_COUNT, created);
        ctx.out().setBody(created);
    }

    /** For a task (taskId) or, without one, for the whole project (streamed). */
    private static void list(OperationContext ctx, PredictionsApi predictions) {
        Long taskId = ctx.optionalId(IdOption.TASK);
        if (taskId != null) {
            ctx.out().setBody(predictions.listForTask(taskId));
        } else {
            ctx.out().setBody(predictions.listForProject(ctx.requiredId(IdOption.PROJECT)));
        }
    }

    /** The body, with a JSON String parsed (a list or object); a plain String stays a label name. */
    private static Object parsedBody(OperationContext ctx) {
        Object body = ctx.in().getBody();
        if (body instanceof byte[] bytes) {
            body = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        if (body instanceof String text) {
            String trimmed = text.strip();
            if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
                try {
                    return Json.mapper().readValue(trimmed, Object.class);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(
                            ctx.describe() + ": the body is not valid JSON: " + e.getOriginalMessage(), e);
                }
            }
            return trimmed.isEmpty() ? null : trimmed;
        }
        return body;
    }

    private static Double score(OperationContext ctx) {
        Object header = ctx.in().getHeader(LabelStudioConstants.SCORE);
        if (header != null) {
            try {
                return Double.valueOf(header.toString().strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ctx.describe() + ": the " + LabelStudioConstants.SCORE
                        + " header must be a number, but was '" + header + "'");
            }
        }
        return ctx.configuration().getScore();
    }

    private static String modelVersion(OperationContext ctx) {
        String header = ctx.in().getHeader(LabelStudioConstants.MODEL_VERSION, String.class);
        return header != null ? header : ctx.configuration().getModelVersion();
    }

    private static void result(OperationContext ctx, Prediction prediction) {
        ctx.out().setHeader(LabelStudioConstants.PREDICTION_ID, prediction.id());
        ctx.out().setBody(prediction);
    }
}
