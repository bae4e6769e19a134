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
package io.camellabelstudio.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stub server itself, driven by the JDK's HTTP client: scripting order, recording, resets, delays. */
class StubLabelStudioTest {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private StubLabelStudio stub;

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
    }

    @AfterEach
    void stop() {
        stub.close();
        assertThat(stub.errors()).isEmpty();
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stub.url() + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header("X-Test", "yes");
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listensOnLoopbackAndRecordsRequests() throws Exception {
        assertThat(stub.url()).isEqualTo("http://127.0.0.1:" + stub.port());
        stub.when("POST", "/api/things/", StubResponse.json(201, "{\"id\": 1}"));

        HttpResponse<String> response = send("POST", "/api/things/?page=2&title=a%20b", "{\"x\": 1}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("{\"id\": 1}");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Connection")).hasValue("close");
        RecordedRequest request = stub.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/things/");
        assertThat(request.rawQuery()).isEqualTo("page=2&title=a%20b");
        assertThat(request.queryParam("title")).isEqualTo("a b");
        assertThat(request.header("x-TEST")).isEqualTo("yes");
        assertThat(request.bodyAsString()).isEqualTo("{\"x\": 1}");
        assertThat(stub.requests("POST", "/api/things/")).containsExactly(request);
        assertThat(stub.requests("GET", "/api/things/")).isEmpty();
    }

    @Test
    void routeQueueThenGlobalQueueThenHandlerThenTeapot() throws Exception {
        stub.when("GET", "/a", StubResponse.json(200, "{\"from\": \"handler\"}"));
        stub.enqueue(StubResponse.json(200, "{\"from\": \"global\"}"));
        stub.enqueue("GET", "/a", StubResponse.json(200, "{\"from\": \"route\"}"));

        assertThat(send("GET", "/a", null).body()).contains("route");
        assertThat(send("GET", "/a", null).body()).contains("global");
        assertThat(send("GET", "/a", null).body()).contains("handler");
        assertThat(send("GET", "/a", null).body()).contains("handler");
        HttpResponse<String> unscripted = send("DELETE", "/b", null);
        assertThat(unscripted.statusCode()).isEqualTo(418);
        assertThat(unscripted.body()).contains("nothing scripted for DELETE /b");
        assertThat(stub.pendingResponses()).isZero();
    }

    @Test
    void resetMakesTheClientFailAfterTheRequestWasRecorded() {
        stub.enqueue(StubResponse.reset());

        // POST: the JDK client would quietly retry a GET once after a reset.
        assertThatThrownBy(() -> send("POST", "/x", "{}")).isInstanceOf(IOException.class);
        assertThat(stub.requests()).extracting(RecordedRequest::path).containsExactly("/x");
    }

    @Test
    void delayHoldsTheAnswerWithoutBlockingOtherConnections() throws Exception {
        stub.enqueue("GET", "/slow", StubResponse.json(200, "{}").withDelay(Duration.ofMillis(600)));
        stub.when("GET", "/fast", StubResponse.status(204));

        long start = System.nanoTime();
        var slow = http.sendAsync(
                HttpRequest.newBuilder(URI.create(stub.url() + "/slow")).build(), HttpResponse.BodyHandlers.ofString());
        await("the slow request")
                .atMost(Duration.ofSeconds(5))
                .until(() -> !stub.requests("GET", "/slow").isEmpty());
        assertThat(send("GET", "/fast", null).statusCode()).isEqualTo(204);
        assertThat(slow).as("the slow answer is still held back").isNotDone();
        assertThat(slow.get().statusCode()).isEqualTo(200);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        List<RecordedRequest> requests = stub.requests();
        assertThat(requests).extracting(RecordedRequest::path).containsExactly("/slow", "/fast");
    }

    @Test
    void retryAfterAndCustomHeadersAreSent() throws Exception {
        stub.enqueue(StubResponse.json(429, "{}").withRetryAfter("7").withHeader("X-Request-Id", "r1"));

        HttpResponse<String> response = send("GET", "/", null);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("r1");
    }
}
