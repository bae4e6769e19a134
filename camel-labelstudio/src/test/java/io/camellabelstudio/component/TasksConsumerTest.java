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

import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.camellabelstudio.client.StubResponse;
import io.camellabelstudio.component.consumer.LabelStudioPollException;

/** The consumers' option checks and poll failures, against a stub server. */
class TasksConsumerTest extends StubCamelTestSupport {

    private void addRoute(String uri) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("consumer").to("log:consumed");
            }
        });
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "labelstudio:tasks|The labelstudio:tasks consumer needs the projectId option",
                "labelstudio:tasks?projectId=1&event=deleted|'deleted' is not one of: created, updated, completed",
                "labelstudio:tasks?projectId=1&startFrom=yesterday|Invalid startFrom 'yesterday'",
                "labelstudio:tasks?projectId=1&fields=some|'some' is not one of: task_only, all",
                "labelstudio:tasks?projectId=1&maxMessagesPerPoll=-1|maxMessagesPerPoll must be 0 (no limit) or more",
                "labelstudio:tasks?projectId=1&pollOverlap=-5|pollOverlap must be 0 or more milliseconds",
                "labelstudio:tasks?projectId=1&filters=[1]|filters must be a JSON object with an \"items\" list",
                "labelstudio:projects|labelstudio:projects has no consumer",
                "labelstudio:views|labelstudio:views has no consumer"
            })
    void badConsumerOptionsFailTheRouteStartNamingTheOption(String uri, String message) {
        assertThatThrownBy(() -> addRoute(uri))
                .satisfies(e -> assertThat(rootCause(e).getMessage()).contains(message));
        assertThat(stub.requestCount()).isZero();
    }

    @Test
    void filtersJoinedWithOrCannotTakeTheConsumersCondition() {
        String filters = "{\"conjunction\":\"or\",\"items\":[{\"filter\":\"filter:tasks:id\",\"operator\":\"equal\","
                + "\"type\":\"Number\",\"value\":1},{\"filter\":\"filter:tasks:id\",\"operator\":\"equal\","
                + "\"type\":\"Number\",\"value\":2}]}";
        assertThatThrownBy(() -> addRoute("labelstudio:tasks?projectId=1&filters=RAW(" + filters + ")"))
                .satisfies(e -> assertThat(rootCause(e).getMessage()).contains("conjunction \"and\""));
    }

    @Test
    void aRejectedKeyFailsThePollWithTheStatusAndBridgeErrorHandlerRoutesIt() throws Exception {
        stub.when("GET", "/api/tasks/", StubResponse.json(401, "{\"detail\": \"Invalid token.\"}"));
        java.util.concurrent.BlockingQueue<Exception> bridged = new java.util.concurrent.LinkedBlockingQueue<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(Exception.class)
                        .handled(true)
                        .process(e -> bridged.add(
                                e.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Exception.class)));
                from("labelstudio:tasks?projectId=1&delay=50&initialDelay=0&bridgeErrorHandler=true")
                        .to("log:consumed");
            }
        });
        Exception error = bridged.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(error).isInstanceOf(LabelStudioPollException.class);
        assertThat(((LabelStudioPollException) error).getHttpResponseCode()).isEqualTo(401);
        assertThat(error.getMessage())
                .contains("labelstudio:tasks consumer (projectId=1, event=created) could not poll Label Studio")
                .contains("401")
                .doesNotContain(KEY);
    }

    /** A slow server: each page of 100 tasks (ids above the consumer's mark) takes {@code millis}. */
    private void serveSlowPages(long millis) {
        stub.when("GET", "/api/tasks/", request -> {
            Thread.sleep(millis);
            long after = Long.parseLong(request.queryParam("query").replaceAll(".*\"value\":(\\d+).*", "$1"));
            String tasks = java.util.stream.LongStream.rangeClosed(after + 1, after + 100)
                    .mapToObj(id -> "{\"id\": " + id + ", \"data\": {}, \"created_at\": \"2026-01-01T00:00:00Z\"}")
                    .collect(java.util.stream.Collectors.joining(", "));
            return StubResponse.json(200, "{\"total\": 100000, \"tasks\": [" + tasks + "]}");
        });
    }

    private static final String TEN_PAGE_POLLS =
            "labelstudio:tasks?projectId=1&startFrom=beginning&pageSize=100&maxMessagesPerPoll=1000"
                    + "&initialDelay=0&delay=60000";

    private void awaitFirstPageRequest() {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> !stub.requests("GET", "/api/tasks/").isEmpty());
    }

    @Test
    void stoppingTheRouteWaitsForThePageInFlightNotForTheRestOfThePoll() throws Exception {
        serveSlowPages(1000); // a poll of 1000 tasks is ten pages: ten seconds
        addRoute(TEN_PAGE_POLLS);
        awaitFirstPageRequest();

        long started = System.nanoTime();
        camel.getRouteController().stopRoute("consumer");
        long stoppedAfterMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(stub.requests("GET", "/api/tasks/").size())
                .as("the page in flight when the stop began, and no further page of the poll's ten")
                .isLessThanOrEqualTo(2);
        assertThat(stoppedAfterMillis)
                .as("the stop waited for one page (1 s), not for the poll's ten (10 s)")
                .isLessThan(6000);
    }

    @Test
    void withCompleteAllTasksAStopLetsThePollFinishAndDeliver() throws Exception {
        serveSlowPages(100);
        java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(TEN_PAGE_POLLS)
                        .routeId("consumer")
                        .shutdownRunningTask(org.apache.camel.ShutdownRunningTask.CompleteAllTasks)
                        .process(e -> delivered.incrementAndGet());
            }
        });
        awaitFirstPageRequest();

        camel.getRouteController().stopRoute("consumer");

        assertThat(stub.requests("GET", "/api/tasks/"))
                .as("the poll's ten pages")
                .hasSize(10);
        assertThat(delivered)
                .as("every task of the poll, as CompleteAllTasks asks")
                .hasValue(1000);
    }
}
