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
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A Data Manager view (a tab) of a project: a title, filters and an ordering that select tasks. Listing tasks with a
 * view applies its filters and ordering.
 */
public final class View extends ApiObject {

    @JsonProperty("id")
    private Long id;

    @JsonProperty("project")
    private Long project;

    @JsonProperty("data")
    private Map<String, Object> data;

    public Long id() {
        return id;
    }

    public Long project() {
        return project;
    }

    /** The view's settings: {@code title}, {@code filters}, {@code ordering} and the UI's own keys. */
    public Map<String, Object> data() {
        return data;
    }

    /** The view's title, from its data. */
    public String title() {
        Object title = data == null ? null : data.get("title");
        return title == null ? null : title.toString();
    }

    @Override
    protected Set<String> serverComputedFields() {
        return Set.of("id", "order", "user", "filter_group", "selected_items");
    }

    @Override
    public String toString() {
        return "View[id=" + id + ", title=" + title() + "]";
    }
}
