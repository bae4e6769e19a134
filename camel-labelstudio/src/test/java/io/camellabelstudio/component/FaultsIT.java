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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.error.LabelStudioConnectionException;
import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.client.error.TaskImportException;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;
import io.camellabelstudio.it.faults.Fault;
import io.camellabelstudio.it.faults.FaultPlan;
import io.camellabelstudio.it.faults.FaultProxy;

/**
 * Each kind of fault once between the component and the real Label Studio, without Camel redelivery: what a read
 * (task get) and an import with importKey do, and that repeating the import afterwards leaves each task once.
 */
@ExtendWith(LabelStudioServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultsIT {

    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(3);

    private LabelStudioClient direct;
    private FaultProxy proxy;
    private CamelContext camel;
    private ProducerTemplate template;
    private Project project;
    private long taskId;

    @BeforeAll
    void start(LabelStudioServer server) throws Exception {
        direct = LabelStudioClient.builder()
                .url(server.url())
                .apiKey(server.legacyToken())
                .build();
        project = direct.projects()
                .create("Faults " + UUID.randomUUID().toString().substring(0, 8), LabelConfigs.TEXT_CLASSIFICATION);
        taskId = direct.tasks()
                .importTasks(project.id(), List.of(Map.of("text", "read me", "key", "read")), ImportOptions.defaults())
                .taskIds()
                .get(0);
        proxy = new FaultProxy(server.url(), FaultPlan.none(), RESPONSE_TIMEOUT.plusSeconds(1));
        camel = new DefaultCamelContext();
        LabelStudioComponent component = new LabelStudioComponent();
        component.getConfiguration().setUrl(proxy.url());
        component.getConfiguration().setApiKey(server.legacyToken());
        component.getConfiguration().setResponseTimeout(RESPONSE_TIMEOUT.toMillis());
        component.getConfiguration().setRetryInitialDelay(50);
        camel.addComponent("labelstudio", component);
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterAll
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        if (proxy != null) {
            proxy.close();
            System.out.println(
                    "Faults IT: faults=" + proxy.faults() + " {" + proxy.summary() + "} requests=" + proxy.requests());
            assertThat(proxy.errors()).as("problems of the proxy itself").isEmpty();
        }
        if (direct != null) {
            direct.projects().delete(project.id());
            direct.close();
        }
    }

    Fault[] faults() {
        return Fault.injected();
    }

    @ParameterizedTest
    @MethodSource("faults")
    void read(Fault fault) {
        proxy.plan(FaultPlan.script(fault).withBursts(3));

        Exchange result = template.request("labelstudio:tasks?operation=get&taskId=" + taskId, e -> {});

        if (fault == Fault.SLOW_RESPONSE) {
            // a timeout is not retried: the exchange fails, clearly
            assertThat(result.getException())
                    .isInstanceOf(LabelStudioConnectionException.class)
                    .hasMessageContaining("GET /api/tasks/" + taskId)
                    .hasMessageContaining("Timeout");
        } else {
            // lost, reset, 3 x 5xx and broken-off answers are retried by the client
            assertThat(result.getException()).isNull();
            assertThat(result.getMessage().getBody(Task.class).id()).isEqualTo(taskId);
        }
        assertThat(proxy.counts().get(fault)).isPositive();
    }

    @ParameterizedTest
    @MethodSource("faults")
    void importWithKey(Fault fault) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(Map.of("text", fault + " " + i, "key", fault + "-" + i));
        }
        String uri = "labelstudio:tasks?operation=import&importKey=key&projectId=" + project.id();
        proxy.plan(FaultPlan.script(fault).onlyFor("POST", "/api/projects/"));

        Exception failed = template.request(uri, e -> e.getIn().setBody(batch)).getException();

        boolean committed =
                fault == Fault.LOST_RESPONSE || fault == Fault.SLOW_RESPONSE || fault == Fault.TRUNCATED_BODY;
        // the answer is lost: the import checks the batch's keys and counts what the server holds, except after a
        // gateway timeout, when the server may still be importing
        assertThat(failed).isInstanceOf(TaskImportException.class);
        ImportResult partial = ((TaskImportException) failed).partialResult();
        assertThat(partial.taskCount())
                .as("created, as the failed import counts them")
                .isEqualTo(committed ? 20 : 0);
        assertThat(partial.unknownCount()).isEqualTo(fault == Fault.GATEWAY_TIMEOUT ? 20 : 0);
        Throwable failure = failed.getCause();
        switch (fault) {
            case LOST_RESPONSE ->
                assertThat(failure)
                        .isInstanceOf(LabelStudioConnectionException.class)
                        .hasMessageContaining("POST /api/projects/" + project.id() + "/import")
                        .hasMessageContaining("NoHttpResponseException");
            case RESET ->
                assertThat(failure)
                        .isInstanceOf(LabelStudioConnectionException.class)
                        .hasMessageContaining("Connection reset");
            case SLOW_RESPONSE ->
                assertThat(failure)
                        .isInstanceOf(LabelStudioConnectionException.class)
                        .hasMessageContaining("Timeout");
            case TRUNCATED_BODY ->
                assertThat(failure)
                        .isInstanceOf(LabelStudioConnectionException.class)
                        .hasMessageContaining("Premature end of Content-Length delimited message body");
            default ->
                assertThat(failure).isInstanceOfSatisfying(ServerErrorException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(fault.status());
                    assertThat(e.getDetail()).contains(String.valueOf(fault.status()));
                });
        }
        assertThat(keysInProject(fault))
                .as("tasks the server holds after the fault")
                .hasSize(committed ? 20 : 0);

        // what a Camel redelivery does: the same import again, now without a fault
        Exchange again = template.request(uri, e -> e.getIn().setBody(batch));

        assertThat(again.getException()).isNull();
        ImportResult result = again.getMessage().getBody(ImportResult.class);
        assertThat(result.taskCount()).isEqualTo(committed ? 0 : 20);
        assertThat(result.skippedCount()).isEqualTo(committed ? 20 : 0);
        assertThat(keysInProject(fault)).doesNotHaveDuplicates().hasSize(20);
    }

    private List<Object> keysInProject(Fault fault) {
        List<Object> keys = new ArrayList<>();
        for (Task task : direct.tasks().list(project.id(), TaskQuery.all())) {
            Object key = task.data().get("key");
            if (String.valueOf(key).startsWith(fault + "-")) {
                keys.add(key);
            }
        }
        return keys;
    }
}
