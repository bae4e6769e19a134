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

/**
 * A cloud or local storage connected to a project: a source that tasks are imported from, or a target that
 * annotations are exported to. Credentials are write-only on the server: it never sends them back.
 */
public final class Storage extends ApiObject {

    @JsonProperty("id")
    private Long id;

    @JsonProperty("type")
    private String type;

    @JsonProperty("project")
    private Long project;

    @JsonProperty("title")
    private String title;

    @JsonProperty("status")
    private String status;

    @JsonProperty("last_sync")
    private String lastSync;

    @JsonProperty("last_sync_count")
    private Long lastSyncCount;

    @JsonProperty("traceback")
    private String traceback;

    public Long id() {
        return id;
    }

    /** s3, gcs, azure, redis, localfiles, ... */
    public String type() {
        return type;
    }

    public Long project() {
        return project;
    }

    public String title() {
        return title;
    }

    /** initialized, queued, in_progress, completed, completed_with_errors or failed. */
    public String status() {
        return status;
    }

    /** Whether the last sync has ended, well or not. */
    public boolean syncFinished() {
        return "completed".equals(status) || "completed_with_errors".equals(status) || "failed".equals(status);
    }

    public String lastSync() {
        return lastSync;
    }

    /** Tasks imported (or annotations exported) by the last sync. */
    public Long lastSyncCount() {
        return lastSyncCount;
    }

    /** The server's traceback of a failed sync. */
    public String traceback() {
        return traceback;
    }

    @Override
    protected Set<String> serverComputedFields() {
        return Set.of(
                "id",
                "type",
                "created_at",
                "last_sync",
                "last_sync_count",
                "last_sync_job",
                "status",
                "traceback",
                "meta",
                "synchronizable");
    }

    @Override
    public String toString() {
        return "Storage[id=" + id + ", type=" + type + ", status=" + status + "]";
    }
}
