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
package io.camellabelstudio.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.engine.DefaultClassResolver;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.StubResponse;
import io.camellabelstudio.component.metrics.LabelStudioMetrics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** With a MeterRegistry in Camel's registry the component records its meters; without one it records nothing. */
class MetricsTest extends StubCamelTestSupport {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private void bindRegistry() {
        camel.getRegistry().bind("metricsRegistry", registry);
    }

    private double counter(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        assertThat(counter).as(name + " " + String.join(",", tags)).isNotNull();
        return counter.count();
    }

    @Test
    void retriesAreCountedByMethodAndReason() {
        bindRegistry();
        StubResponse unavailable = StubResponse.json(503, "{\"detail\": \"Service Unavailable\"}");
        stub.enqueue(unavailable, unavailable, StubResponse.json(200, "{\"id\": 1, \"title\": \"P\"}"));

        success("labelstudio:projects?operation=get&projectId=1&maxRetries=3&retryInitialDelay=10", null, Map.of());

        assertThat(counter("camel.labelstudio.retries", "method", "GET", "reason", "503"))
                .isEqualTo(2.0);
        assertThat(registry.find("camel.labelstudio.retries").counter().getId().getTag("camelContext"))
                .isEqualTo(camel.getName());
    }

    @Test
    void importsCountCreatedAndSkippedTasksPerProject() {
        bindRegistry();
        stub.when(
                "POST",
                "/api/projects/4/import",
                StubResponse.json(201, "{\"task_count\": 2, \"annotation_count\": 0, \"prediction_count\": 0}"));

        success("labelstudio:tasks?operation=import&projectId=4", "[{\"text\": \"a\"}, {\"text\": \"b\"}]", Map.of());

        assertThat(counter("camel.labelstudio.tasks.imported", "projectId", "4"))
                .isEqualTo(2.0);
        assertThat(counter("camel.labelstudio.tasks.skipped", "projectId", "4")).isEqualTo(0.0);
    }

    @Test
    void exportDownloadsRecordBytesAndDurationWhenTheExchangeCompletes() throws Exception {
        bindRegistry();
        String export = "[{\"id\": 1, \"data\": {\"text\": \"a\"}}]";
        stub.when("GET", "/api/projects/3/export", StubResponse.body(200, "application/json", export));

        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // the download is a stream, read inside the route and closed when the exchange completes
                from("direct:export")
                        .to("labelstudio:exports?operation=export&projectId=3")
                        .convertBodyTo(String.class);
            }
        });
        Exchange result = success("direct:export", null, Map.of());
        assertThat(result.getMessage().getBody(String.class)).isEqualTo(export);

        DistributionSummary bytes = registry.find("camel.labelstudio.export.bytes")
                .tag("projectId", "3")
                .summary();
        assertThat(bytes).isNotNull();
        assertThat(bytes.count()).isEqualTo(1);
        assertThat(bytes.totalAmount()).isEqualTo(export.length());
        Timer duration = registry.find("camel.labelstudio.export.duration")
                .tag("projectId", "3")
                .timer();
        assertThat(duration).isNotNull();
        assertThat(duration.count()).isEqualTo(1);
        assertThat(duration.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                .isPositive();
    }

    @Test
    void tokenRenewalsAndConsumerLagGoToTheirMeters() {
        bindRegistry();
        LabelStudioMetrics metrics = LabelStudioMetrics.of(camel);

        metrics.accessTokenRenewed();
        metrics.consumerLag("route1", "labelstudio://tasks", 5, "created", Duration.ofMillis(1500));
        metrics.consumerLag("route1", "labelstudio://tasks", 5, "created", Duration.ofMillis(-20)); // skewed clocks

        assertThat(counter("camel.labelstudio.token.renewals")).isEqualTo(1.0);
        Timer lag = registry.find("camel.labelstudio.consumer.lag")
                .tags("routeId", "route1", "endpoint", "labelstudio://tasks", "projectId", "5", "event", "created")
                .timer();
        assertThat(lag).isNotNull();
        assertThat(lag.count()).isEqualTo(2);
        assertThat(lag.max(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(1500.0);
        assertThat(lag.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(1500.0);
    }

    @Test
    void noTagCarriesTheApiKey() {
        bindRegistry();
        stub.enqueue(
                StubResponse.json(503, "{\"detail\": \"Service Unavailable\"}"),
                StubResponse.json(200, "{\"id\": 1, \"title\": \"P\"}"));
        success("labelstudio:projects?operation=get&projectId=1&maxRetries=1&retryInitialDelay=10", null, Map.of());

        assertThat(registry.getMeters()).isNotEmpty();
        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().toString()).doesNotContain(KEY);
        }
    }

    @Test
    void withoutARegistryNothingIsRecordedAndOperationsWork() {
        stub.when("GET", "/api/projects/1/", StubResponse.json(200, "{\"id\": 1, \"title\": \"P\"}"));

        success("labelstudio:projects?operation=get&projectId=1", null, Map.of());

        LabelStudioComponent component = camel.getComponent("labelstudio", LabelStudioComponent.class);
        assertThat(component.metrics()).isSameAs(LabelStudioMetrics.NONE);
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void withoutMicrometerOnTheClasspathNothingIsRecorded() throws Exception {
        try (DefaultCamelContext withoutMicrometer = new DefaultCamelContext()) {
            withoutMicrometer.setClassResolver(new DefaultClassResolver(withoutMicrometer) {
                @Override
                public Class<?> resolveClass(String name) {
                    return name.startsWith("io.micrometer.") ? null : super.resolveClass(name);
                }
            });
            withoutMicrometer.getRegistry().bind("metricsRegistry", registry);
            bindRegistry();

            assertThat(LabelStudioMetrics.of(withoutMicrometer)).isSameAs(LabelStudioMetrics.NONE);
            assertThat(LabelStudioMetrics.of(camel))
                    .isNotSameAs(LabelStudioMetrics.NONE)
                    .as("control");
        }
    }
}
