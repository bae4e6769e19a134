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
package io.camellabelstudio.component.metrics;

import java.time.Duration;

import org.apache.camel.CamelContext;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The component's meters in a Micrometer registry, named in Camel's style ({@code camel.labelstudio.*}) and tagged with
 * the Camel context's name. Tags carry ids, methods and statuses only, never a key or a URL's options.
 */
final class MicrometerMetrics extends LabelStudioMetrics {

    /** The name camel-micrometer looks its registry up by first. */
    static final String REGISTRY_NAME = "metricsRegistry";

    static final String TASKS_IMPORTED = "camel.labelstudio.tasks.imported";
    static final String TASKS_SKIPPED = "camel.labelstudio.tasks.skipped";
    static final String EXPORT_BYTES = "camel.labelstudio.export.bytes";
    static final String EXPORT_DURATION = "camel.labelstudio.export.duration";
    static final String RETRIES = "camel.labelstudio.retries";
    static final String TOKEN_RENEWALS = "camel.labelstudio.token.renewals";
    static final String CONSUMER_LAG = "camel.labelstudio.consumer.lag";

    private final MeterRegistry registry;
    private final String camelContext;

    private MicrometerMetrics(MeterRegistry registry, String camelContext) {
        this.registry = registry;
        this.camelContext = camelContext;
    }

    /** Like camel-micrometer: the registry named metricsRegistry, else the only MeterRegistry; null when none. */
    static LabelStudioMetrics find(CamelContext context) {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType(REGISTRY_NAME, MeterRegistry.class);
        if (registry == null) {
            registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        }
        return registry == null ? null : new MicrometerMetrics(registry, context.getName());
    }

    @Override
    public void requestRetried(String method, String path, int attempt, String reason) {
        Counter.builder(RETRIES)
                .description("Requests to Label Studio sent again after a 5xx, 408, 429 or a lost connection")
                .tag("camelContext", camelContext)
                .tag("method", method)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    @Override
    public void accessTokenRenewed() {
        Counter.builder(TOKEN_RENEWALS)
                .description("Access tokens fetched for a personal access token")
                .tag("camelContext", camelContext)
                .register(registry)
                .increment();
    }

    @Override
    public void tasksImported(long projectId, long created, long skipped) {
        String project = Long.toString(projectId);
        Counter.builder(TASKS_IMPORTED)
                .description("Tasks created by imports")
                .tag("camelContext", camelContext)
                .tag("projectId", project)
                .register(registry)
                .increment(created);
        Counter.builder(TASKS_SKIPPED)
                .description("Tasks left out of imports because their importKey value was already in the project")
                .tag("camelContext", camelContext)
                .tag("projectId", project)
                .register(registry)
                .increment(skipped);
    }

    @Override
    public void exportDownloaded(long projectId, long bytes, Duration duration) {
        String project = Long.toString(projectId);
        DistributionSummary.builder(EXPORT_BYTES)
                .description("Size of export downloads, as delivered (after HTTP decompression)")
                .baseUnit("bytes")
                .tag("camelContext", camelContext)
                .tag("projectId", project)
                .register(registry)
                .record(bytes);
        Timer.builder(EXPORT_DURATION)
                .description("Time from an export's first request until its download was closed")
                .tag("camelContext", camelContext)
                .tag("projectId", project)
                .register(registry)
                .record(duration);
    }

    @Override
    public void consumerLag(String routeId, String endpoint, long projectId, String event, Duration lag) {
        Timer.builder(CONSUMER_LAG)
                .description("Time from a task event on the server (created_at or updated_at) to its exchange")
                .tag("camelContext", camelContext)
                .tag("routeId", routeId == null ? "" : routeId)
                .tag("endpoint", endpoint)
                .tag("projectId", Long.toString(projectId))
                .tag("event", event)
                .register(registry)
                .record(lag.isNegative() ? Duration.ZERO : lag);
    }
}
