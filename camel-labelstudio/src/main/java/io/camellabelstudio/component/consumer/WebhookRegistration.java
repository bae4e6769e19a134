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
package io.camellabelstudio.component.consumer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camellabelstudio.client.WebhooksApi;
import io.camellabelstudio.client.model.Webhook;

/**
 * The Label Studio webhook a consumer serves: registered at start and kept registered; what happens to a webhook
 * another run or node registered for the same URL, and at stop, depends on whether the consumer owns its webhook
 * ({@link SingleNodeRegistration}) or shares it with other nodes ({@link SharedRegistration}). Thread-safe.
 */
abstract class WebhookRegistration {

    protected final WebhooksApi webhooks;
    protected final long projectId;
    protected final String url;
    protected final List<String> actions;
    private final String secret;
    private Long webhookId;

    WebhookRegistration(WebhooksApi webhooks, long projectId, String url, List<String> actions, String secret) {
        this.webhooks = webhooks;
        this.projectId = projectId;
        this.url = url;
        this.actions = List.copyOf(actions);
        this.secret = secret;
    }

    /** The registered webhook's id; null until registered. */
    final synchronized Long webhookId() {
        return webhookId;
    }

    protected final synchronized void webhookId(Long id) {
        this.webhookId = id;
    }

    /**
     * Makes sure the webhook exists, registering it when needed; returns it. Throws the client's exception when the
     * server cannot be reached or refuses, and {@link WebhookConflictException} when the URL carries a webhook this
     * registration must not change.
     */
    abstract Webhook ensure();

    /** What the consumer does with its webhook when it stops. */
    abstract void release();

    /** The project's webhooks that post to this URL, lowest id (the oldest) first. */
    protected final List<Webhook> sameUrl() {
        List<Webhook> found = new ArrayList<>();
        for (Webhook webhook : webhooks.list(projectId)) {
            if (url.equals(webhook.url())) {
                found.add(webhook);
            }
        }
        found.sort(Comparator.comparing(Webhook::id));
        return found;
    }

    /** Whether the webhook posts to this URL with this secret for these events (active or not). */
    protected final boolean hasSettings(Webhook webhook) {
        return url.equals(webhook.url()) && hasSecret(webhook) && hasActions(webhook);
    }

    protected final boolean hasSecret(Webhook webhook) {
        return secret.equals(webhook.headers().get(WebhookSettings.SECRET_HEADER));
    }

    /** Same events: all when none are named, else the same set (Label Studio does not keep their order). */
    protected final boolean hasActions(Webhook webhook) {
        if (actions.isEmpty()) {
            return webhook.sendForAllActions();
        }
        return !webhook.sendForAllActions() && new HashSet<>(webhook.actions()).equals(new HashSet<>(actions));
    }

    /** The fields that make a webhook this registration's; with {@code send_payload} for a new one. */
    protected final Map<String, Object> fields(boolean create) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("url", url);
        fields.put("send_for_all_actions", actions.isEmpty());
        fields.put("actions", actions);
        fields.put("headers", Map.of(WebhookSettings.SECRET_HEADER, secret)); // replaces all headers
        fields.put("is_active", true);
        if (create) {
            fields.put("send_payload", true);
        }
        return fields;
    }

    protected final String describeActions() {
        return actions.isEmpty() ? "all events" : actions.toString();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[project=" + projectId + ", url=" + url + ", id=" + webhookId() + "]";
    }
}
