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
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camellabelstudio.client.WebhooksApi;
import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.model.Webhook;

/**
 * The webhook that several nodes serve behind one URL ({@code sharedWebhook=true}), each node holding one of these
 * with the same secret and events. No node owns it, so none may change or delete what the others rely on:
 * <ul>
 * <li>a webhook with this URL, secret and events is used as it is (only reactivated when someone deactivated it);
 * <li>a webhook with this URL but another secret or other events is never changed: it belongs to nodes configured
 * otherwise, and taking it over would make them refuse every delivery as forged, or fight over it every check.
 * {@link WebhookConflictException} says what differs;
 * <li>nodes that start at the same moment may each create one; every check keeps the lowest id and deletes the
 * others with the same settings, a rule that needs no coordination because every node reaches the same answer;
 * <li>stopping leaves the webhook registered: other nodes may still serve it, and none can know whether it is the
 * last (a killed node never says goodbye, so counting nodes on the server would drift).
 * </ul>
 */
final class SharedRegistration extends WebhookRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(SharedRegistration.class);

    SharedRegistration(WebhooksApi webhooks, long projectId, String url, List<String> actions, String secret) {
        super(webhooks, projectId, url, actions, secret);
    }

    /** Lists the URL's webhooks (one request) and settles them by the rules above; creates one when none exists. */
    @Override
    synchronized Webhook ensure() {
        return settle(null);
    }

    @Override
    synchronized void release() {
        Long id = webhookId();
        if (id != null) {
            LOG.info(
                    "Left webhook {} of project {} ({}) registered for the other nodes that serve it"
                            + " (sharedWebhook=true); delete it when no node serves this URL any more",
                    id,
                    projectId,
                    url);
        }
        webhookId(null);
    }

    /** @param created the webhook this node has just created, or null */
    private Webhook settle(Webhook created) {
        List<Webhook> same = new ArrayList<>();
        List<Webhook> other = new ArrayList<>();
        for (Webhook webhook : sameUrl()) {
            (hasSettings(webhook) ? same : other).add(webhook);
        }
        if (!other.isEmpty()) {
            if (created != null) {
                deleteQuietly(created.id()); // another configuration registered this URL at the same moment
            }
            throw conflict(other.get(0));
        }
        if (same.isEmpty()) {
            if (created != null) {
                // deleted again right after it was created (by someone else): the next check settles it anew
                webhookId(created.id());
                return created;
            }
            Webhook webhook = webhooks.create(projectId, fields(true));
            LOG.info(
                    "Registered webhook {} of project {} ({}) for {}, shared by the nodes serving this URL",
                    webhook.id(),
                    projectId,
                    url,
                    describeActions());
            return settle(webhook); // another node may have created one at the same moment
        }
        Webhook kept = same.get(0);
        for (Webhook duplicate : same.subList(1, same.size())) {
            deleteQuietly(duplicate.id());
            LOG.info(
                    "Deleted webhook {} of project {} ({}): a duplicate of webhook {}, created by a node that started"
                            + " at the same moment",
                    duplicate.id(),
                    projectId,
                    url,
                    kept.id());
        }
        if (!kept.active()) {
            LOG.warn(
                    "Webhook {} of project {} was deactivated on the server; activating it again",
                    kept.id(),
                    projectId);
            kept = webhooks.update(kept.id(), Map.of("is_active", true));
        }
        Long before = webhookId();
        if (created == null && !kept.id().equals(before)) {
            LOG.info(
                    "Using webhook {} of project {} ({}), registered with the same secret and events by another node"
                            + " or an earlier run",
                    kept.id(),
                    projectId,
                    url);
        }
        webhookId(kept.id());
        return kept;
    }

    private void deleteQuietly(long id) {
        try {
            webhooks.delete(id);
        } catch (NotFoundException alreadyGone) {
            LOG.debug("Webhook {} was already deleted", id); // by another node settling the same duplicates
        }
    }

    /** The conflict with a webhook of another configuration, naming what differs but never a secret. */
    private WebhookConflictException conflict(Webhook other) {
        List<String> differences = new ArrayList<>();
        if (!hasSecret(other)) {
            differences.add("another " + WebhookSettings.SECRET_HEADER + " (webhookSecret)");
        }
        if (!hasActions(other)) {
            differences.add("other events (" + (other.sendForAllActions() ? "all events" : other.actions())
                    + " instead of " + describeActions() + ")");
        }
        return new WebhookConflictException("Webhook " + other.id() + " of project " + projectId + " posts to " + url
                + " with " + String.join(" and ", differences) + ". With sharedWebhook=true a node never changes a"
                + " webhook registered with other settings, since the nodes that registered it would then refuse"
                + " every delivery: give every node serving this webhookUrl the same webhookSecret and events, or"
                + " delete webhook " + other.id() + " (labelstudio:webhooks?operation=delete&webhookId=" + other.id()
                + ") once no node uses its settings");
    }
}
