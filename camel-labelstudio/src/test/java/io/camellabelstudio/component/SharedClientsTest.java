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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.StubLabelStudio;
import io.camellabelstudio.client.StubResponse;
import io.camellabelstudio.client.model.Task;

/** Endpoints with equal client settings share one client; the component closes it when the last one stops. */
class SharedClientsTest {

    private static final String KEY = "5ecret0key0that0must0never0be0logged000";
    private static final int ENDPOINTS = 1000;

    private StubLabelStudio stub;
    private CamelContext camel;
    private LabelStudioComponent component;

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        camel = new DefaultCamelContext();
        component = new LabelStudioComponent();
        component.getConfiguration().setUrl(stub.url());
        component.getConfiguration().setApiKey(KEY);
        component.getConfiguration().setMaxRetries(0);
        camel.addComponent("labelstudio", component);
    }

    @AfterEach
    void stop() {
        camel.stop();
        stub.close();
    }

    @Test
    void thousandDynamicEndpointsShareOneClient() throws Exception {
        for (int id = 1; id <= ENDPOINTS; id++) {
            stub.when("GET", "/api/tasks/" + id + "/", StubResponse.json(200, "{\"id\": " + id + ", \"data\": {}}"));
        }
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:get").toD("labelstudio:tasks?operation=get&taskId=${header.id}");
            }
        });
        camel.start();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        long socketsBefore = openSockets();
        ProducerTemplate template = camel.createProducerTemplate();

        for (int id = 1; id <= ENDPOINTS; id++) {
            Task task = template.requestBodyAndHeader("direct:get", null, "id", id, Task.class);
            assertThat(task.id()).isEqualTo(id);
        }

        assertThat(camel.getEndpoints().stream()
                        .filter(e -> e instanceof LabelStudioEndpoint)
                        .count())
                .as("one endpoint per task id")
                .isEqualTo(ENDPOINTS);
        assertThat(component.openClients()).as("clients").isEqualTo(1);
        assertThat(openSockets() - socketsBefore)
                .as("sockets this JVM holds open after %d endpoints", ENDPOINTS)
                .isLessThanOrEqualTo(component.getConfiguration().getMaxConnections());
        Set<Thread> added = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t))
                .collect(Collectors.toSet());
        // each client has two idle-connection evictors (server, other hosts); one client per endpoint had 2,000
        assertThat(added)
                .as("threads started by %d endpoints: %s", ENDPOINTS, added)
                .hasSizeLessThan(10);
        assertThat(stub.requestCount()).isEqualTo(ENDPOINTS);

        camel.stop();
        assertThat(component.openClients()).as("clients after stop").isZero();
    }

    /** The sockets (TCP connections, listening sockets) this process holds, from Linux's /proc. */
    private static long openSockets() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs Linux's /proc to count sockets");
        try (Stream<Path> all = Files.list(fds)) {
            return all.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                        } catch (IOException e) {
                            return false; // closed meanwhile
                        }
                    })
                    .count();
        }
    }

    @Test
    void differentSettingsGetDifferentClientsAndTheLastEndpointOutClosesOne() throws Exception {
        camel.start();
        LabelStudioEndpoint a = camel.getEndpoint("labelstudio:tasks?taskId=1", LabelStudioEndpoint.class);
        LabelStudioEndpoint b = camel.getEndpoint("labelstudio:tasks?taskId=2", LabelStudioEndpoint.class);
        LabelStudioEndpoint other = camel.getEndpoint(
                "labelstudio:tasks?taskId=3&apiKey=another0key0000000000000000000000000000", LabelStudioEndpoint.class);
        LabelStudioEndpoint slower =
                camel.getEndpoint("labelstudio:tasks?taskId=4&responseTimeout=1000", LabelStudioEndpoint.class);
        for (LabelStudioEndpoint endpoint : new LabelStudioEndpoint[] {a, b, other, slower}) {
            endpoint.start();
        }

        assertThat(a.getClient()).isSameAs(b.getClient());
        assertThat(other.getClient()).isNotSameAs(a.getClient());
        assertThat(slower.getClient()).isNotSameAs(a.getClient()).isNotSameAs(other.getClient());
        assertThat(component.openClients()).isEqualTo(3);

        a.stop();
        assertThat(component.openClients()).as("b still uses the shared client").isEqualTo(3);
        b.stop();
        assertThat(component.openClients()).isEqualTo(2);
    }

    @Test
    void settingsNeverPrintTheApiKey() {
        component.getConfiguration().setProxyHost("proxy.example");
        component.getConfiguration().setProxyPort(3128);
        ClientSettings settings = LabelStudioClientFactory.settings(component.getConfiguration());

        assertThat(settings.toString()).doesNotContain(KEY).contains("apiKey=******", "proxy.example:3128");
        assertThat(settings)
                .isEqualTo(LabelStudioClientFactory.settings(
                        component.getConfiguration().copy()));
    }
}
