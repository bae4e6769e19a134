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

import java.util.Locale;

/**
 * The events Label Studio sends to webhooks ({@code WebhookAction} on the server, listed by
 * {@code GET /api/webhooks/info/}).
 */
public enum WebhookAction {
    PROJECT_CREATED(Scope.ORGANIZATION),
    PROJECT_UPDATED(Scope.PROJECT),
    PROJECT_DELETED(Scope.ORGANIZATION),
    TASKS_CREATED(Scope.PROJECT),
    TASKS_DELETED(Scope.PROJECT),
    ANNOTATION_CREATED(Scope.PROJECT),
    ANNOTATIONS_CREATED(Scope.PROJECT),
    ANNOTATION_UPDATED(Scope.PROJECT),
    ANNOTATIONS_DELETED(Scope.PROJECT),
    LABEL_LINK_CREATED(Scope.PROJECT),
    LABEL_LINK_UPDATED(Scope.PROJECT),
    LABEL_LINK_DELETED(Scope.PROJECT),
    REVIEW_CREATED(Scope.ENTERPRISE),
    REVIEW_UPDATED(Scope.ENTERPRISE),
    REVIEWS_DELETED(Scope.ENTERPRISE);

    /** Who can receive an action. */
    public enum Scope {
        /** Project webhooks (Community and Enterprise). */
        PROJECT,
        /** Organization-level webhooks only (Label Studio Enterprise): a project webhook never receives it. */
        ORGANIZATION,
        /** Label Studio Enterprise only (reviews). */
        ENTERPRISE
    }

    private final Scope scope;

    WebhookAction(Scope scope) {
        this.scope = scope;
    }

    public Scope scope() {
        return scope;
    }

    /** The action of a name, case-insensitive; fails listing the project actions when the name is unknown. */
    public static WebhookAction of(String name) {
        String key = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
        for (WebhookAction action : values()) {
            if (action.name().equals(key)) {
                return action;
            }
        }
        throw new IllegalArgumentException(
                "unknown webhook event '" + name + "'; the events of a project webhook are " + projectActions());
    }

    /** The names of the actions a project webhook can receive, comma-separated. */
    public static String projectActions() {
        StringBuilder names = new StringBuilder();
        for (WebhookAction action : values()) {
            if (action.scope == Scope.PROJECT) {
                names.append(names.length() == 0 ? "" : ", ").append(action.name());
            }
        }
        return names.toString();
    }
}
