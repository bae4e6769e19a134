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

/** An annotation of a task: a human's labeling result. */
public final class Annotation extends ApiObject {

    private static final Set<String> SERVER_COMPUTED = Set.of(
            "id",
            "task",
            "project",
            "created_at",
            "updated_at",
            "created_username",
            "created_ago",
            "completed_by",
            "updated_by",
            "draft_created_at",
            "import_id",
            "last_action",
            "last_created_by");

    @JsonProperty("id")
    private Long id;

    @JsonProperty("task")
    private Long task;

    @JsonProperty("result")
    private List<Map<String, Object>> result;

    @JsonProperty("was_cancelled")
    private Boolean wasCancelled;

    @JsonProperty("ground_truth")
    private Boolean groundTruth;

    @JsonProperty("lead_time")
    private Double leadTime;

    @JsonProperty("completed_by")
    private Object completedBy;

    @JsonProperty("created_at")
    private String createdAt;

    public Long id() {
        return id;
    }

    public Long task() {
        return task;
    }

    /** The regions and choices: items with from_name, to_name, type and value. */
    public List<Map<String, Object>> result() {
        return result;
    }

    public Boolean wasCancelled() {
        return wasCancelled;
    }

    public Boolean groundTruth() {
        return groundTruth;
    }

    /** Seconds the annotator spent. */
    public Double leadTime() {
        return leadTime;
    }

    /** The user who completed it: an id, or a user object, depending on the endpoint. */
    public Object completedBy() {
        return completedBy;
    }

    public String createdAt() {
        return createdAt;
    }

    @Override
    protected Set<String> serverComputedFields() {
        return SERVER_COMPUTED;
    }

    @Override
    public String toString() {
        return "Annotation[id=" + id + ", task=" + task + "]";
    }
}
