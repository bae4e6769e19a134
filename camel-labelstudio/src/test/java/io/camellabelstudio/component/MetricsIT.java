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
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The component's meters against a real Label Studio, with a SimpleMeterRegistry in Camel's registry. */
class MetricsIT extends LabelStudioIT {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    void bindRegistry() {
        // before the first labelstudio endpoint starts: the component looks its registry up then
        ls.camel().getRegistry().bind("metricsRegistry", registry);
    }

    private double counter(String name, Project project) {
        var counter = registry.find(name)
                .tag("projectId", Long.toString(project.id()))
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void importWithImportKeyCountsImportedAndSkippedTasks() {
        Project project = ls.project("Metrics import", LabelConfigs.TEXT_CLASSIFICATION);
        String uri = "labelstudio:tasks?operation=import&importKey=key&projectId=" + project.id();
        List<Map<String, Object>> first = List.of(task("a"), task("b"), task("c"));
        List<Map<String, Object>> second = List.of(task("a"), task("b"), task("c"), task("d"));

        ls.request(uri, first, Map.of());
        ls.request(uri, second, Map.of()); // a, b and c are there already

        assertThat(counter("camel.labelstudio.tasks.imported", project)).isEqualTo(4.0);
        assertThat(counter("camel.labelstudio.tasks.skipped", project)).isEqualTo(3.0);
        long onServer = 0;
        for (var ignored : ls.client().tasks().list(project.id(), TaskQuery.all())) {
            onServer++;
        }
        assertThat(onServer).as("tasks on the server").isEqualTo(4);
    }

    @Test
    void exportRecordsItsBytesAndDuration() throws Exception {
        Project project = ls.project("Metrics export", LabelConfigs.TEXT_CLASSIFICATION);
        ls.client().tasks().importTasks(project.id(), List.of(task("x"), task("y")), defaults());
        AtomicReference<String> read = new AtomicReference<>();
        ls.camel().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:metrics-export")
                        .routeId("metrics-export")
                        .to("labelstudio:exports?operation=export&downloadAllTasks=true&projectId=" + project.id())
                        .process(e -> read.set(e.getIn().getBody(String.class)));
            }
        });
        try {
            ls.request("direct:metrics-export", null, Map.of());
        } finally {
            ls.removeRoutes(new java.util.ArrayList<>(List.of("metrics-export")));
        }

        assertThat(read.get()).contains("\"x\"", "\"y\"");
        String projectId = Long.toString(project.id());
        DistributionSummary bytes = registry.find("camel.labelstudio.export.bytes")
                .tag("projectId", projectId)
                .summary();
        assertThat(bytes).isNotNull();
        assertThat(bytes.count()).isEqualTo(1);
        assertThat(bytes.totalAmount()).isEqualTo(read.get().getBytes(StandardCharsets.UTF_8).length);
        Timer duration = registry.find("camel.labelstudio.export.duration")
                .tag("projectId", projectId)
                .timer();
        assertThat(duration).isNotNull();
        assertThat(duration.count()).isEqualTo(1);
        assertThat(duration.totalTime(TimeUnit.MILLISECONDS)).isPositive();
    }

    @Test
    void tasksConsumerRecordsTheLagFromCreationToExchange() throws Exception {
        Project project = ls.project("Metrics lag", LabelConfigs.TEXT_CLASSIFICATION);
        ls.client().tasks().importTasks(project.id(), List.of(task("1"), task("2"), task("3")), defaults());
        String projectId = Long.toString(project.id());
        ls.camel().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("labelstudio:tasks?startFrom=beginning&delay=200&initialDelay=0&projectId=" + project.id())
                        .routeId("metrics-lag")
                        .to("log:lag?level=DEBUG");
            }
        });
        try {
            await("lag of 3 tasks").atMost(Duration.ofSeconds(60)).until(() -> {
                Timer lag = registry.find("camel.labelstudio.consumer.lag")
                        .tags("routeId", "metrics-lag", "projectId", projectId, "event", "created")
                        .timer();
                return lag != null && lag.count() == 3;
            });
        } finally {
            ls.removeRoutes(new java.util.ArrayList<>(List.of("metrics-lag")));
        }
        Timer lag = registry.find("camel.labelstudio.consumer.lag")
                .tags("routeId", "metrics-lag", "projectId", projectId)
                .timer();
        assertThat(lag.getId().getTag("endpoint")).isEqualTo("labelstudio://tasks");
        // created before the route started, delivered within the minute the test waits at most
        assertThat(lag.max(TimeUnit.MILLISECONDS)).isPositive().isLessThan(120_000.0);
    }

    private static Map<String, Object> task(String key) {
        return Map.of("key", key, "text", "Text " + key);
    }

    private static io.camellabelstudio.client.ImportOptions defaults() {
        return io.camellabelstudio.client.ImportOptions.defaults();
    }
}
