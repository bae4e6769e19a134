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

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An export snapshot of a project: the server's frozen export, downloadable in any format the config supports. */
public final class ExportSnapshot extends ApiObject {

    @JsonProperty("id")
    private Long id;

    @JsonProperty("title")
    private String title;

    @JsonProperty("status")
    private String status;

    @JsonProperty("created_at")
    private String createdAt;

    @JsonProperty("finished_at")
    private String finishedAt;

    @JsonProperty("md5")
    private String md5;

    @JsonProperty("counters")
    private Map<String, Object> counters;

    public Long id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** {@code created}, {@code in_progress}, {@code completed} or {@code failed}. */
    public String status() {
        return status;
    }

    public boolean completed() {
        return "completed".equals(status);
    }

    public boolean failed() {
        return "failed".equals(status);
    }

    public String createdAt() {
        return createdAt;
    }

    public String finishedAt() {
        return finishedAt;
    }

    public String md5() {
        return md5;
    }

    /** The number of tasks in the snapshot, when the server counted them; null otherwise. */
    public Long taskNumber() {
        Object number = counters == null ? null : counters.get("task_number");
        return number instanceof Number n ? n.longValue() : null;
    }

    @Override
    public String toString() {
        return "ExportSnapshot[id=" + id + ", status=" + status + "]";
    }
}
