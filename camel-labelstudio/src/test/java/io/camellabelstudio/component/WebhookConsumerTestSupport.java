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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.camellabelstudio.client.StubLabelStudio;

/**
 * A CamelContext with a platform-http (Vert.x) server on a free local port and the {@code labelstudio} component
 * talking to a stub whose webhooks API keeps state, for tests of the webhooks consumer.
 */
abstract class WebhookConsumerTestSupport {

    static final String KEY = "5ecret0key0that0must0never0be0logged000";
    static final String SECRET = "the-shared-webhook-secret-0123456789";
    static final String SECRET_HEADER = "X-LabelStudio-Webhook-Secret";

    protected StubLabelStudio stub;
    protected StubWebhooks webhooks;
    protected CamelContext camel;
    protected int httpPort;
    protected final List<Exchange> received = new CopyOnWriteArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startStubAndCamel() throws Exception {
        stub = StubLabelStudio.start();
        webhooks = StubWebhooks.on(stub, 7);
        httpPort = freePort();
        camel = new DefaultCamelContext();
        camel.addComponent("labelstudio", component(stub.url()));
        VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
        server.setBindHost("127.0.0.1");
        server.setBindPort(httpPort);
        camel.addService(new VertxPlatformHttpServer(server));
    }

    @AfterEach
    void stopStubAndCamel() {
        camel.stop();
        stub.close();
    }

    static LabelStudioComponent component(String url) {
        LabelStudioComponent component = new LabelStudioComponent();
        component.getConfiguration().setUrl(url);
        component.getConfiguration().setApiKey(KEY);
        component.getConfiguration().setMaxRetries(0);
        component.getConfiguration().setConnectTimeout(2000);
        return component;
    }

    String hookUrl(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    /** Starts Camel with one route from the webhooks consumer (id "hooks") that records what it receives. */
    void startRoute(String options) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("labelstudio:webhooks?" + options).routeId("hooks").process(e -> received.add(e.copy()));
            }
        });
        camel.start();
    }

    HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hookUrl(path)))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(hookUrl(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void assertStartFails(CamelContext camel, String uri, String... messageParts) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("bad").to("log:never");
            }
        });
        assertThatThrownBy(camel::start).satisfies(e -> {
            StringBuilder messages = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString()).contains(messageParts);
        });
    }
}
