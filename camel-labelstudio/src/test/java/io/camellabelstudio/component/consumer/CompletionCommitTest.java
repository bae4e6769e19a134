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
package io.camellabelstudio.component.consumer;

import static io.camellabelstudio.component.consumer.TaskTable.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.StubLabelStudio;
import io.camellabelstudio.component.LabelStudioComponent;
import io.camellabelstudio.component.LabelStudioConstants;

/**
 * The tasks consumer commits its mark when an exchange completes, not when the route's first step returns: a route
 * that hands the exchange on ({@code .threads()}, {@code seda}) and fails afterwards gets the task again, in order.
 */
class CompletionCommitTest {

    private static final String KEY = "labelstudio:tasks:projectId:1:event:created";

    private final TaskTable table = new TaskTable();
    private final MemoryStateRepository marks = new MemoryStateRepository();
    /** Task ids in the order the route's last step saw them, retries included. */
    private final List<Long> seen = new CopyOnWriteArrayList<>();

    private final Map<Long, Integer> failuresLeft = new ConcurrentHashMap<>();
    private StubLabelStudio stub;
    private CamelContext camel;

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        table.serveOn(stub);
        camel = new DefaultCamelContext();
        LabelStudioComponent component = new LabelStudioComponent();
        component.getConfiguration().setUrl(stub.url());
        component.getConfiguration().setApiKey("k".repeat(40));
        component.getConfiguration().setMaxRetries(0);
        camel.addComponent("labelstudio", component);
        camel.getRegistry().bind("marks", marks);
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        stub.close();
        assertThat(stub.errors()).isEmpty();
    }

    private static String consumer(String options) {
        return "labelstudio:tasks?projectId=1&startFrom=beginning&delay=20&initialDelay=0&stateRepository=#marks"
                + options;
    }

    /** The route's last step: records the task and fails it as often as failuresLeft says. */
    private void lastStep(Exchange exchange) {
        long id = exchange.getMessage().getHeader(LabelStudioConstants.TASK_ID, Long.class);
        seen.add(id);
        if (failuresLeft.computeIfPresent(id, (k, left) -> left - 1) != null && failuresLeft.get(id) >= 0) {
            throw new IllegalStateException("task " + id + " failed after the hand-off");
        }
    }

    private void addTasks(long from, long to) {
        LongStream.rangeClosed(from, to).forEach(id -> table.add(id, at(0, (int) id)));
    }

    private List<Long> firstDeliveries() {
        return new ArrayList<>(new LinkedHashSet<>(seen));
    }

    private void assertEveryTaskOnceInOrderAndTheFailedOneAgain(long last, long failed) {
        await().atMost(Duration.ofSeconds(20)).until(() -> String.valueOf(last).equals(marks.getState(KEY)));
        List<Long> all = LongStream.rangeClosed(1, last).boxed().toList();
        assertThat(firstDeliveries()).as("first deliveries, in id order").isEqualTo(all);
        assertThat(Collections.frequency(seen, failed))
                .as("deliveries of the failed task")
                .isEqualTo(2);
        // the failure stopped the commits at the task before it: the tasks handed on after it came again too
        assertThat(seen).containsSubsequence(List.of(failed, failed));
    }

    @Test
    void aTaskFailingAfterThreadsComesAgainInOrder() throws Exception {
        addTasks(1, 30);
        failuresLeft.put(12L, 1);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(consumer("&maxMessagesPerPoll=10")).threads(1, 1).process(exchange -> lastStep(exchange));
            }
        });
        assertEveryTaskOnceInOrderAndTheFailedOneAgain(30, 12);
    }

    @Test
    void aTaskFailingAfterASedaHandOffComesAgainInOrder() throws Exception {
        addTasks(1, 30);
        failuresLeft.put(7L, 1);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(consumer("")).to("seda:work");
                from("seda:work").process(exchange -> lastStep(exchange));
            }
        });
        assertEveryTaskOnceInOrderAndTheFailedOneAgain(30, 7);
    }

    @Test
    void theMarkWaitsForTheExchangeNotForTheHandOff() throws Exception {
        addTasks(1, 3);
        CountDownLatch release = new CountDownLatch(1);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(consumer("")).to("seda:held");
                from("seda:held").process(exchange -> {
                    release.await(20, TimeUnit.SECONDS);
                    lastStep(exchange);
                });
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> "0".equals(marks.getState(KEY)));
        // several polls (delay=20) pass while the exchanges are held: the mark stays, nothing is delivered again
        await("the mark to stay while the exchanges are held")
                .during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5))
                .until(() -> "0".equals(marks.getState(KEY)) && seen.isEmpty());
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> "3".equals(marks.getState(KEY)));
        assertThat(seen).as("no poll overtook the held exchanges").containsExactly(1L, 2L, 3L);
    }

    @Test
    void aLateTaskInAGapCommitsWhenItsExchangeCompletes() throws Exception {
        String now = Instant.now().toString();
        table.add(1, now).put("created_at", now);
        table.add(3, now).put("created_at", now); // 2 is still committing: a gap
        failuresLeft.put(2L, 1);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(consumer("")).to("seda:late");
                from("seda:late").process(exchange -> lastStep(exchange));
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 2);
        assertThat(marks.getState(KEY)).as("a gap kept for task 2").contains("\"gaps\":[[2,2,");
        table.add(2, now).put("created_at", now); // task 2 commits late; its first exchange fails after the hand-off
        await().atMost(Duration.ofSeconds(10)).until(() -> "3".equals(marks.getState(KEY)));
        assertThat(seen).containsExactly(1L, 3L, 2L, 2L);
    }
}
