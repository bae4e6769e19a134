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

/**
 * A webhook of a project: Label Studio posts a JSON payload to {@link #url()} when one of {@link #actions()} happens
 * (or any action, with {@link #sendForAllActions()}), with {@link #headers()} as extra request headers. The headers
 * often carry a shared secret, so {@link #toString()} names only their keys.
 */
public final class Webhook extends ApiObject {

    @JsonProperty("id")
    private Long id;

    @JsonProperty("project")
    private Long project;

    @JsonProperty("url")
    private String url;

    @JsonProperty("send_payload")
    private Boolean sendPayload;

    @JsonProperty("send_for_all_actions")
    private Boolean sendForAllActions;

    @JsonProperty("actions")
    private List<String> actions;

    @JsonProperty("headers")
    private Map<String, Object> headers;

    @JsonProperty("is_active")
    private Boolean active;

    public Long id() {
        return id;
    }

    /** The project; null for an organization-level webhook (Label Studio Enterprise). */
    public Long project() {
        return project;
    }

    public String url() {
        return url;
    }

    /** Whether the payload carries the objects (true) or only {@code {"action": ...}}. */
    public boolean sendPayload() {
        return !Boolean.FALSE.equals(sendPayload);
    }

    /** Whether every action is sent; when false only {@link #actions()}. */
    public boolean sendForAllActions() {
        return !Boolean.FALSE.equals(sendForAllActions);
    }

    /** The actions sent when {@link #sendForAllActions()} is false, e.g. ANNOTATION_CREATED. */
    public List<String> actions() {
        return actions == null ? List.of() : actions;
    }

    /** Extra request headers of every delivery (values may be secrets). */
    public Map<String, Object> headers() {
        return headers == null ? Map.of() : headers;
    }

    public boolean active() {
        return !Boolean.FALSE.equals(active);
    }

    @Override
    protected Set<String> serverComputedFields() {
        return Set.of("id", "organization", "created_at", "updated_at");
    }

    @Override
    public String toString() {
        return "Webhook[id=" + id + ", project=" + project + ", url=" + url + ", actions="
                + (sendForAllActions() ? "all" : actions()) + ", headers="
                + headers().keySet() + ", active="
                + active() + "]";
    }
}
