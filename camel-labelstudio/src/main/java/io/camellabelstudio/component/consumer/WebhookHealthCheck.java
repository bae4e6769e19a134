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

import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

import io.camellabelstudio.client.error.LabelStudioException;
import io.camellabelstudio.client.model.Webhook;

/**
 * Readiness of a webhooks consumer: asks the server for its webhook (registering it again when it is missing). DOWN
 * with the server's status code or the connection error when that fails, or naming the conflict when a shared
 * webhook's URL carries one with other settings; UP again once it works. Camel's consumer
 * health check ({@code camel-health}) calls it through {@link org.apache.camel.health.HealthCheckAware}.
 */
final class WebhookHealthCheck implements HealthCheck {

    private final String id;
    private final String consumerName;
    private final Supplier<Webhook> check;
    private volatile boolean enabled = true;

    WebhookHealthCheck(String id, String consumerName, Supplier<Webhook> check) {
        this.id = id;
        this.consumerName = consumerName;
        this.check = check;
    }

    @Override
    public String getGroup() {
        return "consumers";
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public boolean isLiveness() {
        return false; // an unreachable server is no reason to restart this application
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this);
        try {
            Webhook webhook = check.get();
            return builder.detail("webhook.id", webhook.id()).up().build();
        } catch (LabelStudioException e) {
            LabelStudioPollException error = new LabelStudioPollException(consumerName, e);
            builder.down().message(error.getMessage()).error(error);
            if (error.getHttpResponseCode() > 0) {
                builder.detail(HTTP_RESPONSE_CODE, error.getHttpResponseCode());
            }
            return builder.build();
        } catch (WebhookConflictException e) {
            return builder.down().message(consumerName + ": " + e.getMessage()).build();
        }
    }
}
