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
package io.camellabelstudio.client.model;

import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A Label Studio project, as the server sent it. */
public final class Project extends ApiObject {

    private static final Set<String> SERVER_COMPUTED = Set.of(
            "id",
            "organization",
            "created_by",
            "created_at",
            "parsed_label_config",
            "config_has_control_tags",
            "config_suitable_for_bulk_annotation",
            "num_tasks_with_annotations",
            "task_number",
            "useful_annotation_number",
            "ground_truth_number",
            "skipped_annotations_number",
            "total_annotations_number",
            "total_predictions_number",
            "finished_task_number",
            "queue_total",
            "queue_done",
            "state");

    @JsonProperty("id")
    private Long id;

    @JsonProperty("title")
    private String title;

    @JsonProperty("description")
    private String description;

    @JsonProperty("label_config")
    private String labelConfig;

    @JsonProperty("created_at")
    private String createdAt;

    @JsonProperty("is_published")
    private Boolean published;

    @JsonProperty("sampling")
    private String sampling;

    @JsonProperty("model_version")
    private String modelVersion;

    @JsonProperty("task_number")
    private Long taskNumber;

    @JsonProperty("num_tasks_with_annotations")
    private Long numTasksWithAnnotations;

    @JsonProperty("total_annotations_number")
    private Long totalAnnotationsNumber;

    @JsonProperty("total_predictions_number")
    private Long totalPredictionsNumber;

    public Long id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    /** The label config XML. */
    public String labelConfig() {
        return labelConfig;
    }

    /** Creation time as the server wrote it (ISO 8601). */
    public String createdAt() {
        return createdAt;
    }

    public Boolean published() {
        return published;
    }

    /** Task sampling: {@code Sequential sampling}, {@code Uniform sampling} or {@code Uncertainty sampling}. */
    public String sampling() {
        return sampling;
    }

    public String modelVersion() {
        return modelVersion;
    }

    public Long taskNumber() {
        return taskNumber;
    }

    public Long numTasksWithAnnotations() {
        return numTasksWithAnnotations;
    }

    public Long totalAnnotationsNumber() {
        return totalAnnotationsNumber;
    }

    public Long totalPredictionsNumber() {
        return totalPredictionsNumber;
    }

    @Override
    protected Set<String> serverComputedFields() {
        return SERVER_COMPUTED;
    }

    @Override
    public String toString() {
        return "Project[id=" + id + ", title=" + title + "]";
    }
}
