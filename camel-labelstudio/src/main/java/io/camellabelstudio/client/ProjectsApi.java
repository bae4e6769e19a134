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
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JavaType;

import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.http.ApiTransport;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.labelconfig.LabelConfigParser;
import io.camellabelstudio.client.labelconfig.ParsedLabelConfig;
import io.camellabelstudio.client.model.LabelConfigValidation;
import io.camellabelstudio.client.model.Prediction;
import io.camellabelstudio.client.model.PredictionCoverage;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.paging.Page;
import io.camellabelstudio.client.paging.PagedIterable;

/**
 * Label Studio projects: list, get, create, update, delete, and label config validation.
 *
 * <p>Fields are passed by their Label Studio JSON names ({@code title}, {@code label_config}, {@code description},
 * {@code sampling}, {@code is_published}, {@code model_version}, {@code maximum_annotations}, ...).
 */
public final class ProjectsApi {

    private static final JavaType VERSION_COUNTS =
            Json.mapper().getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Long.class);

    private final ApiTransport transport;
    private final TasksApi tasks;
    private final PredictionsApi predictions;

    ProjectsApi(ApiTransport transport, TasksApi tasks, PredictionsApi predictions) {
        this.transport = transport;
        this.tasks = tasks;
        this.predictions = predictions;
    }

    /** Lists projects lazily, newest first (pinned first); pages are fetched while the result is iterated. */
    public PagedIterable<Project> list(ProjectQuery query) {
        Objects.requireNonNull(query, "query");
        return new PagedIterable<>(
                (page, size) -> {
                    ApiRequest request = ApiRequest.get("/api/projects/")
                            .query("page", page)
                            .query("page_size", size)
                            .query("title", query.title());
                    ProjectPage answer = transport.execute(request, ProjectPage.class);
                    return new Page<>(answer.results == null ? List.of() : answer.results, answer.count);
                },
                query.pageSize(),
                query.maxResults());
    }

    public Project get(long projectId) {
        return transport.execute(ApiRequest.get(path(projectId)), Project.class);
    }

    /** Creates a project from its fields; {@code title} (3 to 50 characters) and {@code label_config} are usual. */
    public Project create(Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        return transport.execute(ApiRequest.post("/api/projects/", fields), Project.class);
    }

    /** Creates a project with a title and a label config. */
    public Project create(String title, String labelConfig) {
        return create(Map.of("title", title, "label_config", labelConfig));
    }

    /**
     * Changes the given fields of a project (PATCH); others keep their values. Covers sampling ({@code sampling}),
     * publishing ({@code is_published}) and the model version ({@code model_version}). A new {@code label_config} is
     * checked by the server against the project's existing tasks and annotations.
     */
    public Project update(long projectId, Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        return transport.execute(ApiRequest.patch(path(projectId), fields), Project.class);
    }

    /**
     * Deletes a project with its tasks and annotations. A project with more tasks than one bounded request deletes
     * loses its tasks first, 1000 at a time ({@link TasksApi#deleteAll}): the server deletes a project in one request,
     * and with tens of thousands of tasks that takes longer than a production server's worker timeout (gunicorn: 30
     * s), which kills the request and leaves the project as it was.
     */
    public void delete(long projectId) {
        Long taskNumber = get(projectId).taskNumber();
        if (taskNumber != null && taskNumber > TasksApi.ACTION_BATCH) {
            tasks.deleteAll(projectId, List.of());
        }
        transport.execute(ApiRequest.delete(path(projectId)));
    }

    /**
     * Validates a label config for an existing project: the syntax, and that it keeps the labels and data keys its tasks
     * and annotations use. An invalid config raises {@link io.camellabelstudio.client.error.ValidationException} with
     * the server's message.
     */
    public LabelConfigValidation validateConfig(long projectId, String labelConfig) {
        Objects.requireNonNull(labelConfig, "labelConfig");
        return transport.execute(
                ApiRequest.post(path(projectId) + "validate/", Map.of("label_config", labelConfig)),
                LabelConfigValidation.class);
    }

    /**
     * Validates a label config on its own (no project). An invalid config raises
     * {@link io.camellabelstudio.client.error.ValidationException} with the server's message.
     */
    public LabelConfigValidation validateConfig(String labelConfig) {
        Objects.requireNonNull(labelConfig, "labelConfig");
        LabelConfigValidation answer = transport.execute(
                ApiRequest.post("/api/projects/validate/", Map.of("label_config", labelConfig)),
                LabelConfigValidation.class);
        return answer != null ? answer : LabelConfigValidation.withoutProject();
    }

    /** The project's label config, parsed: its control tags with their inputs and labels. */
    public ParsedLabelConfig parseConfig(long projectId) {
        Project project = get(projectId);
        if (project.labelConfig() == null || project.labelConfig().isBlank()) {
            throw new IllegalStateException("Project " + projectId + " has no label config");
        }
        return LabelConfigParser.parse(project.labelConfig());
    }

    /**
     * The model versions of the project's predictions, with how many predictions each has; the project's own
     * {@code model_version} is included (with 0) even without predictions.
     */
    public Map<String, Long> listModelVersions(long projectId) {
        Map<String, Long> versions =
                transport.execute(ApiRequest.get(path(projectId) + "model-versions/"), VERSION_COUNTS);
        return versions == null ? Map.of() : versions;
    }

    /**
     * For each model version: how many of the project's tasks have at least one of its predictions, out of all tasks
     * (tasks with several predictions of a version count once). The project's predictions are streamed once and the
     * tasks counted per version in a bit set, so memory grows with the number of versions, not of predictions. (The
     * Data Manager's model-version filter matches substrings, so it cannot count this exactly.)
     */
    public List<PredictionCoverage> predictionsCoverage(long projectId) {
        long total = tasks.listIds(projectId, TaskQuery.all().withPageSize(1)).total();
        Map<String, BitSet> tasksByVersion = new LinkedHashMap<>();
        listModelVersions(projectId).keySet().forEach(v -> tasksByVersion.put(v, new BitSet()));
        for (Prediction prediction : predictions.listForProject(projectId)) {
            if (prediction.task() != null && prediction.modelVersion() != null) {
                tasksByVersion
                        .computeIfAbsent(prediction.modelVersion(), v -> new BitSet())
                        .set(Math.toIntExact(prediction.task()));
            }
        }
        List<PredictionCoverage> coverage = new ArrayList<>();
        tasksByVersion.forEach((version, taskIds) -> {
            long covered = taskIds.cardinality();
            coverage.add(new PredictionCoverage(version, covered, total, total == 0 ? 0 : (double) covered / total));
        });
        return coverage;
    }

    private static String path(long projectId) {
        return "/api/projects/" + projectId + "/";
    }

    /** The page envelope of {@code GET /api/projects/}. */
    static final class ProjectPage {
        @JsonProperty("count")
        long count = -1;

        @JsonProperty("results")
        List<Project> results;
    }
}
