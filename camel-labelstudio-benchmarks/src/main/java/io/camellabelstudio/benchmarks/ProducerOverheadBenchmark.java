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
package io.camellabelstudio.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.io.CloseMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.component.LabelStudioComponent;
import io.camellabelstudio.component.LabelStudioConstants;

/**
 * The cost of one {@code tasks/get} exchange through the {@code labelstudio} producer, next to the same request made
 * with the same libraries by hand. Every variant sends {@code GET /api/tasks/17/} to a {@link TaskStubServer} on one
 * kept-alive connection and parses the JSON answer:
 *
 * <ul>
 *   <li>{@code plainHttp}: Apache HttpClient 5 (classic, pooled) + Jackson {@code readTree}: the baseline;
 *   <li>{@code jdkHttp}: the JDK's {@code java.net.http.HttpClient} + Jackson, for reference;
 *   <li>{@code client}: {@code LabelStudioClient.tasks().get(id)}, the component's client alone;
 *   <li>{@code producerUri}: {@code ProducerTemplate.requestBodyAndHeader("labelstudio:tasks?operation=get", ...)};
 *   <li>{@code producerEndpoint}: the same with the resolved {@link Endpoint} (no URI lookup per call);
 *   <li>{@code directRoute}: {@code direct:get -> labelstudio:tasks?operation=get}, a route as users write it.
 * </ul>
 */
@BenchmarkMode({Mode.AverageTime, Mode.Throughput})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class ProducerOverheadBenchmark {

    static final long TASK_ID = 17;
    static final String API_KEY = "bench-legacy-token";

    /** The stub server, shared by the variants of one run. */
    @State(Scope.Benchmark)
    public static class Stub {
        TaskStubServer server;

        @Setup(Level.Trial)
        public void start() throws IOException {
            server = TaskStubServer.start();
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            int connections = server.connections();
            server.close();
            if (connections > 1) {
                throw new IllegalStateException("connections were not reused: " + connections + " were opened");
            }
        }
    }

    /** Apache HttpClient 5 classic with a pooling connection manager, and a plain Jackson mapper. */
    @State(Scope.Benchmark)
    public static class PlainHttp {
        CloseableHttpClient http;
        ObjectMapper mapper;
        String baseUrl;

        @Setup(Level.Trial)
        public void start(Stub stub) {
            http = HttpClients.custom()
                    .setConnectionManager(
                            PoolingHttpClientConnectionManagerBuilder.create().build())
                    .build();
            mapper = new ObjectMapper();
            baseUrl = stub.server.url();
        }

        @TearDown(Level.Trial)
        public void stop() {
            http.close(CloseMode.GRACEFUL);
        }
    }

    /** The JDK's HTTP client, forced to HTTP/1.1 (the stub speaks nothing else). */
    @State(Scope.Benchmark)
    public static class JdkHttp {
        java.net.http.HttpClient http;
        ObjectMapper mapper;
        String baseUrl;

        @Setup(Level.Trial)
        public void start(Stub stub) {
            http = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .build();
            mapper = new ObjectMapper();
            baseUrl = stub.server.url();
        }
    }

    /** The component's client, built as the component builds it (defaults). */
    @State(Scope.Benchmark)
    public static class Client {
        LabelStudioClient client;

        @Setup(Level.Trial)
        public void start(Stub stub) {
            client = LabelStudioClient.builder()
                    .url(stub.server.url())
                    .apiKey(API_KEY)
                    .build();
        }

        @TearDown(Level.Trial)
        public void stop() {
            client.close();
        }
    }

    /** A Camel context with the component configured (url and apiKey) and one direct route. */
    @State(Scope.Benchmark)
    public static class Camel {
        static final String URI = "labelstudio:tasks?operation=get";

        CamelContext context;
        ProducerTemplate template;
        Endpoint endpoint;

        @Setup(Level.Trial)
        public void start(Stub stub) throws Exception {
            context = new DefaultCamelContext();
            LabelStudioComponent component = new LabelStudioComponent();
            component.getConfiguration().setUrl(stub.server.url());
            component.getConfiguration().setApiKey(API_KEY);
            context.addComponent("labelstudio", component);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:get").to(URI);
                }
            });
            context.start();
            template = context.createProducerTemplate();
            endpoint = context.getEndpoint(URI);
        }

        @TearDown(Level.Trial)
        public void stop() {
            context.stop();
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public JsonNode plainHttp(PlainHttp state) throws IOException {
        // the URL is built per call, as for any task id
        HttpGet get = new HttpGet(state.baseUrl + "/api/tasks/" + TASK_ID + "/");
        get.setHeader(HttpHeaders.ACCEPT, "application/json");
        get.setHeader(HttpHeaders.AUTHORIZATION, "Token " + API_KEY);
        return state.http.execute(get, response -> {
            if (response.getCode() != HttpStatus.SC_OK) {
                throw new IOException("HTTP " + response.getCode());
            }
            try (InputStream in = response.getEntity().getContent()) {
                return state.mapper.readTree(in);
            }
        });
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public JsonNode jdkHttp(JdkHttp state) throws IOException, InterruptedException {
        // the whole body as bytes: closing a partly read ofInputStream() body would close the connection
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        URI.create(state.baseUrl + "/api/tasks/" + TASK_ID + "/"))
                .header(HttpHeaders.ACCEPT, "application/json")
                .header(HttpHeaders.AUTHORIZATION, "Token " + API_KEY)
                .GET()
                .build();
        java.net.http.HttpResponse<byte[]> response = state.http.send(request, BodyHandlers.ofByteArray());
        if (response.statusCode() != HttpStatus.SC_OK) {
            throw new IOException("HTTP " + response.statusCode());
        }
        return state.mapper.readTree(response.body());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Task client(Client state) {
        return state.client.tasks().get(TASK_ID);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object producerUri(Camel state) {
        return state.template.requestBodyAndHeader(Camel.URI, null, LabelStudioConstants.TASK_ID, TASK_ID);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object producerEndpoint(Camel state) {
        return state.template.requestBodyAndHeader(state.endpoint, null, LabelStudioConstants.TASK_ID, TASK_ID);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object directRoute(Camel state) {
        return state.template.requestBodyAndHeader("direct:get", null, LabelStudioConstants.TASK_ID, TASK_ID);
    }
}
