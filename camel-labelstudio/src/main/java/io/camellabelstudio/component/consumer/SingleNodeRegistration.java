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

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camellabelstudio.client.WebhooksApi;
import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.model.Webhook;

/**
 * The webhook of a consumer that serves its URL alone (the default): registered at start, restored when changed on
 * the server, deleted at stop. A webhook of the project with the same URL (left by a run that could not delete it,
 * e.g. a killed JVM) is taken over instead of a second one being created, so Label Studio never posts each event
 * twice; nothing tells such a leftover from a webhook that another live node serves, which is why several nodes need
 * {@link SharedRegistration} instead.
 */
final class SingleNodeRegistration extends WebhookRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(SingleNodeRegistration.class);

    SingleNodeRegistration(WebhooksApi webhooks, long projectId, String url, List<String> actions, String secret) {
        super(webhooks, projectId, url, actions, secret);
    }

    /**
     * Registers the webhook when not yet done, or again when it disappeared from the server (deleted by someone, or a
     * server restarted with a fresh database); restores it when it was changed there.
     */
    @Override
    synchronized Webhook ensure() {
        Long id = webhookId();
        if (id != null) {
            try {
                Webhook current = webhooks.get(id);
                if (current.active() && hasSettings(current)) {
                    return current;
                }
                LOG.warn("Webhook {} of project {} was changed on the server; restoring it", id, projectId);
                return webhooks.update(id, fields(false));
            } catch (NotFoundException gone) {
                LOG.warn(
                        "Webhook {} of project {} no longer exists on the server; registering it again", id, projectId);
                webhookId(null);
            }
        }
        return register();
    }

    /** Deletes the webhook, if registered; one already gone counts as deleted. */
    @Override
    synchronized void release() {
        Long id = webhookId();
        if (id == null) {
            return;
        }
        try {
            webhooks.delete(id);
            LOG.info("Deleted webhook {} of project {} ({})", id, projectId, url);
        } catch (NotFoundException alreadyGone) {
            LOG.debug("Webhook {} was already deleted", id);
        }
        webhookId(null);
    }

    private Webhook register() {
        List<Webhook> sameUrl = sameUrl();
        Webhook webhook;
        if (sameUrl.isEmpty()) {
            webhook = webhooks.create(projectId, fields(true));
            LOG.info(
                    "Registered webhook {} of project {} ({}) for {}", webhook.id(), projectId, url, describeActions());
        } else {
            Webhook reused = sameUrl.get(0);
            for (Webhook duplicate : sameUrl.subList(1, sameUrl.size())) {
                // a duplicate would make Label Studio post every event twice
                webhooks.delete(duplicate.id());
                LOG.info("Deleted duplicate webhook {} of project {} ({})", duplicate.id(), projectId, url);
            }
            webhook = reused.active() && hasSettings(reused) ? reused : webhooks.update(reused.id(), fields(false));
            LOG.info("Reusing webhook {} of project {} ({}), left by an earlier run", webhook.id(), projectId, url);
        }
        webhookId(webhook.id());
        return webhook;
    }
}
