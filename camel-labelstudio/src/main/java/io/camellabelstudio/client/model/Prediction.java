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

/** A model's prediction for a task (a pre-annotation), with its score and model version. */
public final class Prediction extends ApiObject {

    private static final Set<String> SERVER_COMPUTED =
            Set.of("id", "created_at", "updated_at", "created_ago", "cluster", "neighbors", "mislabeling");

    @JsonProperty("id")
    private Long id;

    @JsonProperty("task")
    private Long task;

    @JsonProperty("project")
    private Long project;

    @JsonProperty("result")
    private List<Map<String, Object>> result;

    @JsonProperty("score")
    private Double score;

    @JsonProperty("model_version")
    private String modelVersion;

    @JsonProperty("created_at")
    private String createdAt;

    public Long id() {
        return id;
    }

    public Long task() {
        return task;
    }

    public Long project() {
        return project;
    }

    /** The predicted regions and choices: items with from_name, to_name, type and value. */
    public List<Map<String, Object>> result() {
        return result;
    }

    public Double score() {
        return score;
    }

    public String modelVersion() {
        return modelVersion;
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
        return "Prediction[id=" + id + ", task=" + task + ", modelVersion=" + modelVersion + "]";
    }
}
