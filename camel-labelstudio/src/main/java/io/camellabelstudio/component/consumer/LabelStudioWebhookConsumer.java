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

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;

import io.camellabelstudio.client.WebhooksApi;
import io.camellabelstudio.client.error.LabelStudioException;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.Webhook;
import io.camellabelstudio.component.LabelStudioConfiguration;
import io.camellabelstudio.component.LabelStudioConstants;
import io.camellabelstudio.component.LabelStudioEndpoint;

/**
 * {@code from("labelstudio:webhooks?projectId=…&webhookUrl=…")}: serves the path of {@code webhookUrl} through Camel's
 * platform-http (POST only) and registers a Label Studio webhook that posts there, with a secret header. Each
 * delivery with the right secret becomes one exchange (body: the payload as a Map); any other request gets 401 and
 * no exchange. The route runs before the answer is sent: 200 when it completed, 500 when it failed (Label Studio
 * ignores the status and never retries).
 *
 * <p>When the server cannot be reached or refuses the key at start, the consumer starts anyway, reports DOWN through
 * its readiness check and keeps trying every 10 seconds ({@link #setRecheckInterval}); the same check registers the
 * webhook again when it disappeared from the server.
 *
 * <p>By default the consumer owns the webhook of its URL ({@link SingleNodeRegistration}: deleted at stop); with
 * {@code sharedWebhook=true} several nodes serve the URL behind a load balancer and share it
 * ({@link SharedRegistration}: never taken over from another configuration, left registered at stop). A shared
 * webhook registered with another secret or other events fails the start.
 */
public class LabelStudioWebhookConsumer extends DefaultConsumer implements HealthCheckAware {

    private static final String WHERE = "labelstudio:webhooks consumer";

    private static final Logger LOG = LoggerFactory.getLogger(LabelStudioWebhookConsumer.class);
    private static final TypeReference<LinkedHashMap<String, Object>> PAYLOAD = new TypeReference<>() {};

    private HealthCheck healthCheck;
    private WebhookRegistration registration;
    private byte[] secret;
    private Consumer httpConsumer;
    private ScheduledExecutorService recheck;
    private volatile boolean failing;
    private Duration recheckInterval = Duration.ofSeconds(10);
    private final RefusedDeliveries refused =
            new RefusedDeliveries(LOG, System::nanoTime, RefusedDeliveries.LOG_INTERVAL);

    public LabelStudioWebhookConsumer(LabelStudioEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public LabelStudioEndpoint getEndpoint() {
        return (LabelStudioEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        LabelStudioConfiguration config = getEndpoint().getConfiguration();
        URI url = WebhookSettings.url(config.getWebhookUrl(), WHERE);
        if (config.getMaxDeliveryBytes() < 1) {
            throw new IllegalArgumentException(WHERE + ": the maxDeliveryBytes option must be at least 1, but was "
                    + config.getMaxDeliveryBytes());
        }
        registration = newRegistration(config, url);
        if (healthCheck == null) {
            healthCheck = new WebhookHealthCheck(
                    "labelstudio-webhooks-" + config.getProjectId() + "-" + url.getRawPath(), WHERE, this::check);
        }

        // serve first, register second: Label Studio may post as soon as the webhook exists
        httpConsumer = serve(path(url));
        try {
            check();
            failing = false;
        } catch (WebhookConflictException e) {
            // a configuration error, not a passing outage: serving on would refuse this node's share of deliveries
            ServiceHelper.stopAndShutdownService(httpConsumer);
            httpConsumer = null;
            throw new IllegalStateException(WHERE + ": " + e.getMessage(), e);
        } catch (LabelStudioException e) {
            failing = true;
            LOG.warn(
                    "Could not register the webhook of project {} ({}): {}. Retrying every {}; readiness is DOWN"
                            + " until it works.",
                    config.getProjectId(),
                    url,
                    e.getMessage(),
                    recheckInterval);
        }
        recheck = getEndpoint()
                .getCamelContext()
                .getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "LabelStudioWebhookCheck");
        long millis = recheckInterval.toMillis();
        recheck.scheduleWithFixedDelay(this::recheck, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        if (recheck != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(recheck);
            recheck = null;
        }
        // release the webhook first, so that Label Studio no longer posts to a path about to go away (unless shared:
        // then the other nodes still serve it)
        if (registration != null) {
            try {
                registration.release();
            } catch (LabelStudioException e) {
                LOG.warn(
                        "Could not delete webhook {} ({}); the next start with the same webhookUrl reuses it",
                        registration.webhookId(),
                        e.getMessage());
            }
        }
        ServiceHelper.stopAndShutdownService(httpConsumer);
        httpConsumer = null;
        super.doStop();
    }

    /** The registration the options describe; fails naming the option that is missing or wrong. */
    private WebhookRegistration newRegistration(LabelStudioConfiguration config, URI url) {
        if (config.getProjectId() == null) {
            throw new IllegalArgumentException(
                    WHERE + " needs the projectId option: the project whose events it receives");
        }
        List<String> actions = WebhookSettings.actions(config.getEvents(), WHERE);
        boolean secretGiven =
                config.getWebhookSecret() != null && !config.getWebhookSecret().isEmpty();
        if (config.isSharedWebhook() && !secretGiven) {
            throw new IllegalArgumentException(
                    WHERE + " with sharedWebhook=true needs the webhookSecret option, the same"
                            + " on every node serving the webhookUrl: a secret generated by each node would make the others"
                            + " refuse its deliveries");
        }
        String secretText = secretGiven ? config.getWebhookSecret() : WebhookSettings.newSecret();
        secret = secretText.getBytes(StandardCharsets.UTF_8);
        WebhooksApi webhooks = getEndpoint().getClient().webhooks();
        return config.isSharedWebhook()
                ? new SharedRegistration(webhooks, config.getProjectId(), url.toString(), actions, secretText)
                : new SingleNodeRegistration(webhooks, config.getProjectId(), url.toString(), actions, secretText);
    }

    /**
     * The registered webhook, registered again when missing; throws when the server fails or, for a shared webhook,
     * when the URL carries one with other settings.
     */
    Webhook check() {
        return registration.ensure();
    }

    /** The id of the registered webhook; null while not registered. */
    public Long getWebhookId() {
        return registration == null ? null : registration.webhookId();
    }

    public Duration getRecheckInterval() {
        return recheckInterval;
    }

    /**
     * How often the consumer checks its webhook on the server (registering it when missing); 10 seconds by default.
     * Takes effect at the next start.
     */
    public void setRecheckInterval(Duration recheckInterval) {
        if (recheckInterval == null || recheckInterval.isNegative() || recheckInterval.isZero()) {
            throw new IllegalArgumentException("recheckInterval must be positive, but was " + recheckInterval);
        }
        this.recheckInterval = recheckInterval;
    }

    @Override
    public HealthCheck getHealthCheck() {
        return healthCheck;
    }

    @Override
    public void setHealthCheck(HealthCheck healthCheck) {
        this.healthCheck = healthCheck;
    }

    /** The periodic check: warns once when it starts failing and tells when it works again. */
    private void recheck() {
        try {
            Webhook webhook = check();
            if (failing) {
                LOG.info(
                        "Webhook {} of project {} is registered and Label Studio answers again",
                        webhook.id(),
                        webhook.project());
                failing = false;
            }
        } catch (LabelStudioException e) {
            if (!failing) {
                LOG.warn(
                        "Label Studio does not answer the webhook check: {}. Retrying every {}; readiness is DOWN"
                                + " until it works.",
                        e.getMessage(),
                        recheckInterval);
                failing = true;
            }
        } catch (WebhookConflictException e) {
            if (!failing) {
                LOG.warn(
                        "{}. Readiness is DOWN until that is settled; checked every {}",
                        e.getMessage(),
                        recheckInterval);
                failing = true;
            }
        } catch (RuntimeException e) {
            LOG.warn("Webhook check failed", e); // keep the schedule alive
        }
    }

    private Consumer serve(String path) {
        Consumer consumer = null;
        try {
            // useBodyHandler=false: under Vert.x the body reaches deliver() unread (WebhookDelivery.boundedBody), so an
            // oversized one is refused without being read whole
            Endpoint http = getEndpoint()
                    .getCamelContext()
                    .getEndpoint("platform-http:" + path + "?httpMethodRestrict=POST&useBodyHandler=false");
            consumer = http.createConsumer(this::deliver);
            ServiceHelper.startService(consumer);
            return consumer;
        } catch (Exception e) {
            ServiceHelper.stopAndShutdownService(consumer);
            throw new IllegalStateException(
                    WHERE + " could not serve " + path + " through Camel's"
                            + " platform-http (" + e.getMessage()
                            + "). It needs a platform-http engine with its server: e.g."
                            + " camel-platform-http-main with camel.server.enabled=true, camel-platform-http-vertx with a"
                            + " VertxPlatformHttpServer, or the engine of Spring Boot or Quarkus",
                    e);
        }
    }

    private static String path(URI url) {
        String path = url.getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    /**
     * Handles one request to the served path: the secret first, then the size (the announced length, then the body
     * read no further than the limit), then the JSON. Refusals are counted and logged at a bounded rate.
     */
    private void deliver(Exchange request) {
        Message in = request.getIn();
        if (!WebhookDelivery.hasSecret(in, secret)) {
            WebhookDelivery.leaveUnread(in);
            refuse(request, 401, "no or a wrong " + WebhookSettings.SECRET_HEADER + " header");
            return;
        }
        long max = getEndpoint().getConfiguration().getMaxDeliveryBytes();
        long declared = WebhookDelivery.declaredLength(in);
        if (declared > max) {
            WebhookDelivery.leaveUnread(in);
            refuse(request, 413, "Content-Length " + declared + " is more than maxDeliveryBytes=" + max);
            return;
        }
        byte[] body;
        try {
            body = WebhookDelivery.boundedBody(in, max);
        } catch (IOException e) {
            refuse(request, 400, "the body could not be read (" + e.getMessage() + ")");
            return;
        }
        if (body == null) {
            refuse(request, 413, "the body is longer than maxDeliveryBytes=" + max);
            return;
        }
        Map<String, Object> payload = payload(body);
        if (payload == null) {
            refuse(request, 400, "the body is not a JSON object");
            return;
        }
        Exchange exchange = createExchange(false);
        try {
            exchange.getIn().setBody(payload);
            WebhookDelivery.setHeaders(exchange.getIn(), payload);
            exchange.getIn().setHeader(LabelStudioConstants.WEBHOOK_ID, registration.webhookId());
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        boolean failed = exchange.getException() != null;
        if (failed) {
            getExceptionHandler()
                    .handleException("Error processing a webhook delivery", exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
        answer(request, failed ? 500 : 200);
    }

    private void refuse(Exchange request, int status, String why) {
        refused.refused(status, why);
        answer(request, status);
    }

    /** Requests refused since the start: wrong secret (401), too large (413), not a JSON object (400). */
    public long getRefusedRequests() {
        return refused.total();
    }

    /** Requests refused with a status: 401 (secret), 413 (size) or 400 (body). */
    public long getRefusedRequests(int status) {
        return switch (status) {
            case 401 -> refused.unauthorized();
            case 413 -> refused.tooLarge();
            case 400 -> refused.malformed();
            default -> 0;
        };
    }

    /** The body as a JSON object; null when it is something else. */
    private static Map<String, Object> payload(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return Json.mapper().readValue(body, PAYLOAD);
        } catch (IOException e) {
            return null;
        }
    }

    /** An empty answer; the request's headers are dropped so that none (the secret) is echoed back. */
    private static void answer(Exchange request, int status) {
        Message out = request.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setBody(null);
    }
}
