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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camellabelstudio.client.WebhooksApi;
import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.model.Webhook;

/**
 * The Label Studio webhook of one consumer: registered at start, kept registered, deleted at stop. A webhook of the
 * project with the same URL (left by a run that could not delete it, e.g. a killed JVM) is taken over with a PATCH
 * instead of a second one being created, so Label Studio never posts each event twice. Thread-safe.
 */
final class WebhookRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookRegistration.class);

    private final WebhooksApi webhooks;
    private final long projectId;
    private final String url;
    private final List<String> actions;
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
    synchronized Long webhookId() {
        return webhookId;
    }

    /**
     * Makes sure the webhook exists: registers it when not yet done, or again when it disappeared from the server
     * (deleted by someone, or a server restarted with a fresh database). Throws the client's exception when the
     * server cannot be reached or refuses.
     */
    synchronized Webhook ensure() {
        if (webhookId != null) {
            try {
                Webhook current = webhooks.get(webhookId);
                if (current.active()
                        && url.equals(current.url())
                        && secret.equals(current.headers().get(WebhookSettings.SECRET_HEADER))) {
                    return current;
                }
                LOG.warn("Webhook {} of project {} was changed on the server; restoring it", webhookId, projectId);
                return webhooks.update(webhookId, fields());
            } catch (NotFoundException gone) {
                LOG.warn(
                        "Webhook {} of project {} no longer exists on the server; registering it again",
                        webhookId,
                        projectId);
                webhookId = null;
            }
        }
        return register();
    }

    /** Deletes the webhook, if registered; one already gone counts as deleted. */
    synchronized void unregister() {
        if (webhookId == null) {
            return;
        }
        try {
            webhooks.delete(webhookId);
            LOG.info("Deleted webhook {} of project {} ({})", webhookId, projectId, url);
        } catch (NotFoundException alreadyGone) {
            LOG.debug("Webhook {} was already deleted", webhookId);
        }
        webhookId = null;
    }

    private Webhook register() {
        Webhook reused = null;
        for (Webhook existing : webhooks.list(projectId)) {
            if (!url.equals(existing.url())) {
                continue;
            }
            if (reused == null) {
                reused = existing;
            } else {
                // an older duplicate would make Label Studio post every event twice
                webhooks.delete(existing.id());
                LOG.info("Deleted duplicate webhook {} of project {} ({})", existing.id(), projectId, url);
            }
        }
        Webhook webhook;
        if (reused != null) {
            webhook = webhooks.update(reused.id(), fields());
            LOG.info("Reusing webhook {} of project {} ({}), left by an earlier run", webhook.id(), projectId, url);
        } else {
            Map<String, Object> fields = fields();
            fields.put("send_payload", true);
            webhook = webhooks.create(projectId, fields);
            LOG.info(
                    "Registered webhook {} of project {} ({}) for {}",
                    webhook.id(),
                    projectId,
                    url,
                    actions.isEmpty() ? "all events" : actions);
        }
        webhookId = webhook.id();
        return webhook;
    }

    private Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("url", url);
        fields.put("send_for_all_actions", actions.isEmpty());
        fields.put("actions", actions);
        fields.put("headers", Map.of(WebhookSettings.SECRET_HEADER, secret)); // replaces all headers
        fields.put("is_active", true);
        return fields;
    }

    @Override
    public String toString() {
        return "WebhookRegistration[project=" + projectId + ", url=" + url + ", id=" + webhookId + "]";
    }
}
