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

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A Label Studio task: the data to label, and (when fetched with {@code fields=all}) its annotations and predictions. */
public final class Task extends ApiObject {

    private static final Set<String> SERVER_COMPUTED = Set.of(
            "id",
            "inner_id",
            "created_at",
            "updated_at",
            "updated_by",
            "is_labeled",
            "total_annotations",
            "cancelled_annotations",
            "total_predictions",
            "comment_count",
            "unresolved_comment_count",
            "last_comment_updated_at",
            "completed_at",
            "annotations",
            "predictions",
            "drafts",
            "annotators",
            "annotations_results",
            "predictions_results",
            "predictions_score",
            "predictions_model_versions",
            "file_upload",
            "storage_filename",
            "comment_authors",
            "annotations_ids",
            "predictions_ids");

    @JsonProperty("id")
    private Long id;

    @JsonProperty("project")
    private Long project;

    @JsonProperty("data")
    private Map<String, Object> data;

    @JsonProperty("meta")
    private Map<String, Object> meta;

    @JsonProperty("is_labeled")
    private Boolean labeled;

    @JsonProperty("created_at")
    private String createdAt;

    @JsonProperty("updated_at")
    private String updatedAt;

    @JsonProperty("total_annotations")
    private Long totalAnnotations;

    @JsonProperty("total_predictions")
    private Long totalPredictions;

    @JsonProperty("annotations")
    private List<Map<String, Object>> annotations;

    @JsonProperty("predictions")
    private List<Map<String, Object>> predictions;

    public Long id() {
        return id;
    }

    /** The project id; absent in some listings. */
    public Long project() {
        return project;
    }

    /** The task's data: the values the label config's {@code $variables} refer to. */
    public Map<String, Object> data() {
        return data;
    }

    public Map<String, Object> meta() {
        return meta;
    }

    /** Whether the task has enough annotations to count as labeled. */
    public Boolean labeled() {
        return labeled;
    }

    public String createdAt() {
        return createdAt;
    }

    public String updatedAt() {
        return updatedAt;
    }

    /**
     * When the task became labeled: the creation time of its newest annotation while it is labeled, else null. Sent
     * in {@code fields=all} listings only.
     */
    public String completedAt() {
        Object value = field("completed_at");
        return value == null ? null : value.toString();
    }

    /** How many annotations the task needs to count as labeled; null when the server did not send it. */
    public Integer overlap() {
        return field("overlap") instanceof Number number ? number.intValue() : null;
    }

    public Long totalAnnotations() {
        return totalAnnotations;
    }

    public Long totalPredictions() {
        return totalPredictions;
    }

    /** The annotations; null unless the task was fetched with them (get, or list with fields=all). */
    public List<Map<String, Object>> annotations() {
        return annotations;
    }

    /** The predictions; null unless the task was fetched with them (get, or list with fields=all). */
    public List<Map<String, Object>> predictions() {
        return predictions;
    }

    @Override
    protected Set<String> serverComputedFields() {
        return SERVER_COMPUTED;
    }

    @Override
    public String toString() {
        return "Task[id=" + id + "]";
    }
}
