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

import static io.camellabelstudio.client.ClientTestSupport.clientFor;
import static io.camellabelstudio.client.ClientTestSupport.fastRetries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.client.paging.PagedIterable;

/**
 * Prefetch of the task listing: page n+1 is fetched in the background while page n is iterated, never further
 * ahead, in order, with errors raised where the page is read, and stopped by closing the iterator.
 */
class TaskListingPrefetchTest {

    private static final String TASKS = "/api/tasks/";
    private static final String INVALID_PAGE = "{\"detail\": \"Invalid page.\"}";
    private static final int SIZE = 10;

    private StubLabelStudio stub;
    private LabelStudioClient client;

    /** Items the test's iteration has taken so far. */
    private final AtomicLong consumed = new AtomicLong();
    /** For each requested page: how many items the iteration had taken when its request arrived. */
    private final Map<Integer, Long> consumedAtRequest = new ConcurrentHashMap<>();

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        client = clientFor(stub).retrySettings(fastRetries(1)).maxConnections(1).build();
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
        assertThat(stub.errors()).as("problems of the stub server itself").isEmpty();
    }

    private static String page(long total, List<Long> ids) {
        return "{\"total\": " + total + ", \"tasks\": ["
                + ids.stream()
                        .map(id -> "{\"id\": " + id + ", \"data\": {\"text\": \"t" + id + "\"}, \"project\": 1}")
                        .collect(Collectors.joining(", "))
                + "]}";
    }

    /** Serves tasks 1..count reporting {@code total}; page {@code failing} answers 500, {@code slow} waits. */
    private void serveTasks(long count, long total, int failing, int slow) {
        stub.when("GET", TASKS, request -> {
            int page = Integer.parseInt(request.queryParam("page"));
            consumedAtRequest.put(page, consumed.get());
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(20); // a server needs time for a page; lets overlapping requests show
                if (page == failing) {
                    return StubResponse.json(500, "{\"detail\": \"boom on page " + page + "\"}");
                }
                long from = (long) (page - 1) * SIZE + 1;
                if (from > count) {
                    return StubResponse.json(404, INVALID_PAGE);
                }
                List<Long> ids = LongStream.rangeClosed(from, Math.min(count, from + SIZE - 1))
                        .boxed()
                        .toList();
                StubResponse answer = StubResponse.json(200, page(total, ids));
                return page == slow ? answer.withDelay(Duration.ofSeconds(20)) : answer;
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    private List<String> requestedPages() {
        return stub.requests("GET", TASKS).stream()
                .map(r -> r.queryParam("page"))
                .toList();
    }

    private TaskQuery query() {
        return TaskQuery.all().withPageSize(SIZE);
    }

    /** Takes every item, slowly, like a route working on each. */
    private List<Long> consumeSlowly(PagedIterable<Task> listing) throws InterruptedException {
        List<Long> ids = new ArrayList<>();
        var iterator = listing.iterator();
        while (iterator.hasNext()) {
            ids.add(iterator.next().id());
            consumed.incrementAndGet();
            Thread.sleep(5); // the work on one item: the prefetch runs ahead meanwhile
        }
        return ids;
    }

    @Test
    void prefetchIsTheDefault() {
        assertThat(TaskQuery.all().prefetch()).isTrue();
        assertThat(client.tasks().list(1, TaskQuery.all()).prefetch()).isTrue();
        assertThat(client.tasks().list(1, TaskQuery.all().withPrefetch(false)).prefetch())
                .isFalse();
    }

    @Test
    void nextPageIsFetchedWhileTheCurrentOneIsIteratedInOrderAndNeverMoreThanOnePageAhead() throws Exception {
        serveTasks(55, 55, -1, -1);

        List<Long> ids = consumeSlowly(client.tasks().list(1, query()));

        assertThat(ids)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 55).boxed().toList());
        assertThat(requestedPages()).containsExactly("1", "2", "3", "4", "5", "6");
        System.out.println("TaskListingPrefetchTest: consumed items when each page was requested: " + consumedAtRequest
                + ", max requests in flight " + maxInFlight.get());
        for (int page = 2; page <= 6; page++) {
            long taken = consumedAtRequest.get(page);
            // Fetched ahead: requested before the page before it was used up (page 1's items: 0..9 taken) ...
            assertThat(taken)
                    .as("items taken when page %d was requested (prefetch: before page %d was used up)", page, page - 1)
                    .isLessThan((long) (page - 1) * SIZE);
            // ... but never more than one page ahead: the page before the previous one was used up already,
            // so the caller's page and the page being fetched are the only ones held.
            assertThat(taken)
                    .as("items taken when page %d was requested (at most one page ahead)", page)
                    .isGreaterThanOrEqualTo((long) Math.max(0, page - 2) * SIZE);
        }
        assertThat(maxInFlight.get()).as("requests at the same time").isEqualTo(1);
    }

    @Test
    void withoutPrefetchEachPageIsRequestedWhenThePreviousOneIsUsedUp() throws Exception {
        serveTasks(25, 25, -1, -1);

        List<Long> ids = consumeSlowly(client.tasks().list(1, query().withPrefetch(false)));

        assertThat(ids).hasSize(25);
        assertThat(consumedAtRequest).containsEntry(2, 10L).containsEntry(3, 20L);
    }

    @Test
    void anErrorOfAPrefetchedPageIsRaisedWhereThatPageIsRead() throws Exception {
        serveTasks(50, 50, 3, -1);
        var iterator = client.tasks().list(1, query()).iterator();
        List<Long> ids = new ArrayList<>();

        assertThatThrownBy(() -> {
                    while (iterator.hasNext()) {
                        ids.add(iterator.next().id());
                        consumed.incrementAndGet();
                        Thread.sleep(5); // slowly, like a route working on each item: the prefetch runs ahead
                    }
                })
                .isInstanceOf(ServerErrorException.class)
                .hasMessageContaining("boom on page 3");

        assertThat(ids)
                .as("every item before the failing page, none after")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
        assertThat(requestedPages())
                .as("page 3 tried twice (one retry), nothing after it")
                .containsExactly("1", "2", "3", "3");
    }

    @Test
    void invalidPage404PastTheServedPagesStillEndsTheListing() throws Exception {
        // The server reports 40 tasks but serves 25 (some deleted meanwhile): page 4 is "Invalid page.".
        serveTasks(25, 40, -1, -1);

        assertThat(consumeSlowly(client.tasks().list(1, query()))).hasSize(25);
        assertThat(requestedPages()).containsExactly("1", "2", "3", "4");
    }

    @Test
    void maxResultsOnTheFirstPageFetchesNoSecondPage() throws Exception {
        serveTasks(50, 50, -1, -1);

        assertThat(consumeSlowly(client.tasks().list(1, query().withMaxResults(SIZE))))
                .hasSize(SIZE);
        assertThat(requestedPages()).containsExactly("1");
    }

    @Test
    void closingTheIteratorAbortsTheBackgroundFetchAndFreesItsConnection() throws Exception {
        serveTasks(50, 50, -1, 3); // page 3 answers after 20 s
        PagedIterable<Task>.PageIterator iterator =
                client.tasks().list(1, query()).iterator();
        for (int i = 0; i < 11; i++) { // into page 2: page 3 is being fetched
            assertThat(iterator.hasNext()).isTrue();
            iterator.next();
        }
        await("page 3 requested in the background")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> requestedPages().contains("3"));

        long start = System.nanoTime();
        iterator.close();
        assertThat(iterator.hasNext())
                .as("a closed iteration has no more items")
                .isFalse();

        // The client has a single connection: if the aborted fetch still held it, this would wait 20 s.
        stub.when("GET", "/api/tasks/7/", StubResponse.json(200, "{\"id\": 7, \"data\": {}}"));
        assertThat(client.tasks().get(7).id()).isEqualTo(7L);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("TaskListingPrefetchTest: close and the next request took " + millis + " ms");
        assertThat(millis).as("close plus one request on the freed connection").isLessThan(5_000);
    }
}
