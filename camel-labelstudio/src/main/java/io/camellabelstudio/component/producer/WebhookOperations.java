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
package io.camellabelstudio.component.producer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camellabelstudio.client.WebhooksApi;
import io.camellabelstudio.client.model.Webhook;
import io.camellabelstudio.component.LabelStudioConfiguration;
import io.camellabelstudio.component.LabelStudioConstants;
import io.camellabelstudio.component.consumer.WebhookSettings;

/**
 * The operations of {@code labelstudio:webhooks}. The body of create and update holds the webhook's fields (a Map,
 * JSON or a Webhook). On create, the options fill in what the body leaves out: {@code webhookUrl} the url,
 * {@code events} the actions, {@code webhookSecret} the secret header; the project is always set.
 */
public final class WebhookOperations {

    public void process(OperationContext ctx) {
        WebhooksApi webhooks = ctx.client().webhooks();
        switch (ctx.operation()) {
            case LIST -> ctx.out().setBody(webhooks.list(ctx.optionalId(IdOption.PROJECT)));
            case GET -> result(ctx, webhooks.get(ctx.requiredId(IdOption.WEBHOOK)));
            case CREATE -> {
                long projectId = ctx.requiredId(IdOption.PROJECT);
                result(ctx, webhooks.create(projectId, createFields(ctx)));
            }
            case UPDATE -> result(ctx, webhooks.update(ctx.requiredId(IdOption.WEBHOOK), ctx.bodyAsFields()));
            case DELETE -> {
                long id = ctx.requiredId(IdOption.WEBHOOK);
                webhooks.delete(id);
                ctx.out().setHeader(LabelStudioConstants.WEBHOOK_ID, id);
                ctx.out().setBody(true);
            }
            default -> throw new IllegalArgumentException("Operation " + ctx.describe() + " is not supported");
        }
    }

    private static Map<String, Object> createFields(OperationContext ctx) {
        LabelStudioConfiguration config = ctx.configuration();
        Map<String, Object> fields =
                ctx.in().getBody() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(ctx.bodyAsFields());
        if (fields.get("url") == null) {
            fields.put(
                    "url",
                    WebhookSettings.url(config.getWebhookUrl(), ctx.describe()).toString());
        }
        if (!fields.containsKey("actions") && !fields.containsKey("send_for_all_actions")) {
            List<String> actions = WebhookSettings.actions(config.getEvents(), ctx.describe());
            fields.put("send_for_all_actions", actions.isEmpty());
            fields.put("actions", actions);
        }
        if (config.getWebhookSecret() != null && !config.getWebhookSecret().isEmpty()) {
            Map<Object, Object> headers = new LinkedHashMap<>();
            if (fields.get("headers") instanceof Map<?, ?> given) {
                headers.putAll(given);
            }
            headers.put(WebhookSettings.SECRET_HEADER, config.getWebhookSecret());
            fields.put("headers", headers);
        }
        return fields;
    }

    private static void result(OperationContext ctx, Webhook webhook) {
        ctx.out().setHeader(LabelStudioConstants.WEBHOOK_ID, webhook.id());
        ctx.out().setBody(webhook);
    }
}
