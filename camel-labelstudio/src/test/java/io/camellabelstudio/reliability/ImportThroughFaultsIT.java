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
package io.camellabelstudio.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.error.LabelStudioConnectionException;
import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.client.error.TaskImportException;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.component.LabelStudioComponent;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;
import io.camellabelstudio.it.faults.Fault;
import io.camellabelstudio.it.faults.FaultPlan;
import io.camellabelstudio.it.faults.FaultProxy;

/**
 * 10,000 tasks imported by a Camel route with {@code importKey} and redelivery, through a proxy that injects every
 * kind of fault between the component and the real Label Studio: exactly 10,000 tasks arrive, each key once.
 */
@ExtendWith(LabelStudioServerExtension.class)
class ImportThroughFaultsIT {

    private static final int TASKS = 10_000;
    private static final int PER_EXCHANGE = 250;
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(6);

    @Test
    void tenThousandTasksThroughFaultsArriveExactlyOnce(LabelStudioServer server) throws Exception {
        // Every 2nd import (POST) gets the next fault of the cycle; the key checks and other reads (GET) get one at
        // random, 1 in 6 (seeded); a 502/503/504 also hits the 2 requests after it.
        FaultPlan plan = FaultPlan.everyNth(2, Fault.injected())
                .onlyFor("POST", "/api/projects/")
                .orElse(FaultPlan.random(10, 1.0 / 6, Fault.injected()).onlyFor("GET", "/"))
                .withBursts(3);
        try (LabelStudioClient direct = LabelStudioClient.builder()
                        .url(server.url())
                        .apiKey(server.legacyToken())
                        .build();
                FaultProxy proxy = new FaultProxy(server.url(), plan, RESPONSE_TIMEOUT.plusSeconds(1))) {
            Project project = direct.projects()
                    .create(
                            "Import through faults "
                                    + UUID.randomUUID().toString().substring(0, 8),
                            LabelConfigs.TEXT_CLASSIFICATION);
            CamelContext camel = new DefaultCamelContext();
            try {
                LabelStudioComponent component = new LabelStudioComponent();
                component.getConfiguration().setUrl(proxy.url());
                component.getConfiguration().setApiKey(server.legacyToken());
                component.getConfiguration().setResponseTimeout(RESPONSE_TIMEOUT.toMillis());
                component.getConfiguration().setRetryInitialDelay(100);
                camel.addComponent("labelstudio", component);
                camel.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        // Redeliver what may be transient; the import key makes a repeated import skip what arrived.
                        onException(
                                        LabelStudioConnectionException.class,
                                        ServerErrorException.class,
                                        TaskImportException.class)
                                .maximumRedeliveries(10)
                                .redeliveryDelay(200);
                        from("direct:import")
                                .routeId("import-through-faults")
                                .to("labelstudio:tasks?operation=import&importKey=key&projectId=" + project.id());
                    }
                });
                camel.start();
                ProducerTemplate template = camel.createProducerTemplate();

                long created = 0;
                long skipped = 0;
                int redeliveries = 0;
                long started = System.nanoTime();
                for (int from = 0; from < TASKS; from += PER_EXCHANGE) {
                    List<Map<String, Object>> batch = new ArrayList<>();
                    for (int i = from; i < Math.min(from + PER_EXCHANGE, TASKS); i++) {
                        batch.add(Map.of("text", "Task number " + i, "key", key(i)));
                    }
                    Exchange result =
                            template.request("direct:import", e -> e.getIn().setBody(batch));
                    assertThat(result.getException())
                            .as("exchange of tasks %d.. after redeliveries", from)
                            .isNull();
                    ImportResult imported = result.getMessage().getBody(ImportResult.class);
                    created += imported.taskCount();
                    skipped += imported.skippedCount();
                    redeliveries += result.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
                }
                long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

                Map<String, Integer> keys = new HashMap<>();
                for (Task task :
                        direct.tasks().list(project.id(), TaskQuery.all().withPageSize(1000))) {
                    keys.merge(String.valueOf(task.data().get("key")), 1, Integer::sum);
                }
                long inProject =
                        keys.values().stream().mapToLong(Integer::longValue).sum();
                long duplicates = inProject - keys.size();
                System.out.printf(
                        "Import through faults: expected=%d imported=%d duplicates=%d faults=%d {%s} requests=%d"
                                + " redeliveries=%d createdByLastAttempts=%d skippedOnRedelivery=%d seconds=%d%n",
                        TASKS,
                        inProject,
                        duplicates,
                        proxy.faults(),
                        proxy.summary(),
                        proxy.requests(),
                        redeliveries,
                        created,
                        skipped,
                        seconds);
                System.out.println("Faults on POST (imports): " + proxy.postCounts());

                assertThat(proxy.errors()).as("problems of the proxy itself").isEmpty();
                assertThat(inProject).as("tasks in the project").isEqualTo(TASKS);
                assertThat(duplicates).isZero();
                for (int i = 0; i < TASKS; i++) {
                    assertThat(keys).as("key %s", key(i)).containsEntry(key(i), 1);
                }
                for (Fault fault : Fault.injected()) {
                    assertThat(proxy.counts().get(fault))
                            .as("%s injected", fault)
                            .isPositive();
                }
                for (Fault fault : Fault.injected()) {
                    assertThat(proxy.postCounts().get(fault))
                            .as("%s injected on an import", fault)
                            .isPositive();
                }
                assertThat(skipped)
                        .as("tasks of committed imports skipped on redelivery")
                        .isPositive();
            } finally {
                camel.stop();
                direct.projects().delete(project.id());
            }
        }
    }

    private static String key(int i) {
        return String.format("k-%05d", i);
    }
}
