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

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.camellabelstudio.client.WebhookAction;
import io.camellabelstudio.client.WebhooksApi;

/** What the webhook options mean: the secret header, the events, the address. Shared by the consumer and producer. */
public final class WebhookSettings {

    /**
     * The request header that carries the shared secret in every delivery. Label Studio has no signatures: a secret
     * header is what tells a real delivery from any other POST.
     */
    public static final String SECRET_HEADER = "X-LabelStudio-Webhook-Secret";

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSettings() {}

    /**
     * The actions named by the {@code events} option (comma-separated, case-insensitive), in order, without
     * duplicates; empty for all. Fails naming the option for unknown names and for events a project webhook never
     * receives.
     */
    public static List<String> actions(String events, String where) {
        Set<String> actions = new LinkedHashSet<>();
        if (events == null) {
            return List.of();
        }
        for (String part : events.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            WebhookAction action;
            try {
                action = WebhookAction.of(part);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": the events option has an " + e.getMessage(), e);
            }
            switch (action.scope()) {
                case ORGANIZATION ->
                    throw new IllegalArgumentException(where + ": the events option names " + action
                            + ", which Label Studio sends to organization webhooks only (Enterprise), never to a"
                            + " project webhook; the events of a project webhook are "
                            + WebhookAction.projectActions());
                case ENTERPRISE ->
                    throw new IllegalArgumentException(where + ": the events option names " + action
                            + ", a Label Studio Enterprise event; the events of a project webhook are "
                            + WebhookAction.projectActions());
                default -> actions.add(action.name());
            }
        }
        return new ArrayList<>(actions);
    }

    /** The {@code webhookUrl} option, checked: absolute http(s) with a host. */
    public static java.net.URI url(String webhookUrl, String where) {
        if (webhookUrl == null || webhookUrl.isBlank()) {
            throw new IllegalArgumentException(where + " needs the webhookUrl option: the address Label Studio can"
                    + " reach this route at, e.g. http://camel-host:8080/labelstudio/events");
        }
        try {
            return WebhooksApi.checkUrl(webhookUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": the webhookUrl option " + e.getMessage(), e);
        }
    }

    /** A new random secret: 32 bytes from SecureRandom, URL-safe Base64 without padding. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
