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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * Parallel pages of the task listing ({@link TaskQuery#withParallelPages(int)}): up to N pages fetched at once in the
 * background, handed over in page order, never past the reported total or maxResults, errors raised once where the
 * failing page is read, all fetches aborted when the iteration is closed.
 */
class TaskListingParallelPagesTest {

    private static final String TASKS = "/api/tasks/";
    private static final String INVALID_PAGE = "{\"detail\": \"Invalid page.\"}";
    private static final int SIZE = 10;
    private static final int AHEAD = 3;

    private StubLabelStudio stub;
    private LabelStudioClient client;

    private final AtomicLong consumed = new AtomicLong();
    /** For each requested page: how many items the iteration had taken when its request arrived (first request). */
    private final Map<Integer, Long> consumedAtRequest = new ConcurrentHashMap<>();

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    /** Tasks the stub serves; grows when the test adds tasks during the listing. */
    private final AtomicLong served = new AtomicLong();

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        client = clientFor(stub)
                .retrySettings(fastRetries(1))
                .maxConnections(AHEAD)
                .build();
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

    /**
     * Serves tasks 1..served in id order, SIZE a page whatever page_size asks (a server that caps the page size);
     * pages in {@code failing} answer 500, pages in {@code slow} answer after 20 s; later pages answer sooner than
     * earlier ones, so they arrive out of order. Each request adds {@code growth} tasks after answering.
     */
    private void serveTasks(long count, List<Integer> failing, List<Integer> slow, int growth) {
        served.set(count);
        stub.when("GET", TASKS, request -> {
            int page = Integer.parseInt(request.queryParam("page"));
            consumedAtRequest.putIfAbsent(page, consumed.get());
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(Math.max(5, 60 - 10L * (page % 5))); // out of order: page 5 before page 4 ...
                if (failing.contains(page)) {
                    return StubResponse.json(500, "{\"detail\": \"boom on page " + page + "\"}");
                }
                long total = served.get();
                long from = (long) (page - 1) * SIZE + 1;
                if (from > total) {
                    return StubResponse.json(404, INVALID_PAGE);
                }
                List<Long> ids = LongStream.rangeClosed(from, Math.min(total, from + SIZE - 1))
                        .boxed()
                        .toList();
                StubResponse answer = StubResponse.json(200, page(total, ids));
                return slow.contains(page) ? answer.withDelay(Duration.ofSeconds(20)) : answer;
            } finally {
                served.addAndGet(growth);
                inFlight.decrementAndGet();
            }
        });
    }

    private List<Integer> requestedPages() {
        return stub.requests("GET", TASKS).stream()
                .map(r -> Integer.parseInt(r.queryParam("page")))
                .toList();
    }

    private TaskQuery query() {
        return TaskQuery.all().withPageSize(100).withParallelPages(AHEAD);
    }

    private List<Long> consumeSlowly(PagedIterable<Task> listing) throws InterruptedException {
        List<Long> ids = new ArrayList<>();
        var iterator = listing.iterator();
        while (iterator.hasNext()) {
            ids.add(iterator.next().id());
            consumed.incrementAndGet();
            Thread.sleep(2);
        }
        return ids;
    }

    @Test
    void oneIsTheDefaultAndLessIsRefused() {
        assertThat(TaskQuery.all().parallelPages()).isEqualTo(1);
        assertThat(client.tasks().list(1, TaskQuery.all()).pagesAhead()).isEqualTo(1);
        assertThat(client.tasks().list(1, query()).pagesAhead()).isEqualTo(AHEAD);
        assertThat(client.tasks().listIds(1, query()).pagesAhead()).isEqualTo(AHEAD);
        assertThat(client.tasks().list(1, query().withPrefetch(false)).pagesAhead())
                .isZero();
        assertThatThrownBy(() -> TaskQuery.all().withParallelPages(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelPages must be at least 1, was 0");
    }

    @Test
    void pagesArriveOutOfOrderButTheTasksAreHandedOverInOrderWithAtMostNPagesAhead() throws Exception {
        serveTasks(95, List.of(), List.of(), 0);

        List<Long> ids = consumeSlowly(client.tasks().list(1, query()));

        assertThat(ids)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 95).boxed().toList());
        assertThat(requestedPages())
                .as("each page once, none past the last (the server's page size, 10, not the asked 100)")
                .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        System.out.println("TaskListingParallelPagesTest: consumed items when each page was requested: "
                + consumedAtRequest + ", max requests in flight " + maxInFlight.get());
        assertThat(maxInFlight.get()).as("requests at the same time").isEqualTo(AHEAD);
        for (int page = 2; page <= 10; page++) {
            // page p is requested when page p - AHEAD is handed over: the caller holds one page, AHEAD are fetched
            assertThat(consumedAtRequest.get(page))
                    .as("items taken when page %d was requested (at most %d pages ahead)", page, AHEAD)
                    .isGreaterThanOrEqualTo((long) Math.max(0, page - AHEAD - 1) * SIZE);
        }
    }

    @Test
    void theIdsListingFetchesInParallelToo() {
        serveTasks(45, List.of(), List.of(), 0);

        List<Long> ids = new ArrayList<>();
        client.tasks().listIds(1, query()).forEach(ids::add);

        assertThat(ids)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 45).boxed().toList());
        assertThat(maxInFlight.get()).isEqualTo(AHEAD);
        assertThat(requestedPages()).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    }

    @Test
    void theSameTasksAsOnePageAtATime() throws Exception {
        serveTasks(73, List.of(), List.of(), 0);
        List<Long> sequential = consumeSlowly(client.tasks().list(1, query().withPrefetch(false)));
        for (int ahead = 1; ahead <= 5; ahead++) {
            assertThat(consumeSlowly(client.tasks().list(1, query().withParallelPages(ahead))))
                    .as("parallelPages=%d", ahead)
                    .containsExactlyElementsOf(sequential);
        }
        assertThat(sequential).hasSize(73);
    }

    @Test
    void tasksAddedDuringTheListingAreNeitherRepeatedNorDoTheyHideEarlierOnes() throws Exception {
        serveTasks(55, List.of(), List.of(), 3); // every request adds 3 tasks with higher ids

        List<Long> ids = consumeSlowly(client.tasks().list(1, query()));

        assertThat(ids).as("no task twice").doesNotHaveDuplicates();
        assertThat(ids).as("in id order").isSorted();
        assertThat(ids)
                .as("every task there at the start, none skipped")
                .containsAll(LongStream.rangeClosed(1, 55).boxed().toList());
        assertThat(ids).as("consecutive ids: nothing skipped in between").hasSize((int) (long) ids.get(ids.size() - 1));
    }

    @Test
    void maxResultsBoundsThePagesFetchedAhead() throws Exception {
        serveTasks(200, List.of(), List.of(), 0);

        assertThat(consumeSlowly(
                        client.tasks().list(1, query().withParallelPages(8).withMaxResults(25))))
                .hasSize(25);
        assertThat(requestedPages()).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void anErrorIsRaisedOnceWhereTheFirstFailingPageIsReadAndThePagesAfterItAreDropped() throws Exception {
        serveTasks(95, List.of(4, 5), List.of(), 0);
        var iterator = client.tasks().list(1, query()).iterator();
        List<Long> ids = new ArrayList<>();

        assertThatThrownBy(() -> {
                    while (iterator.hasNext()) {
                        ids.add(iterator.next().id());
                    }
                })
                .isInstanceOf(ServerErrorException.class)
                .hasMessageContaining("boom on page 4")
                .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());

        assertThat(ids)
                .as("every item before the failing page, none after")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 30).boxed().toList());
        iterator.close();
        assertThat(iterator.hasNext()).isFalse();
    }

    @Test
    void a404PastTheServedPagesEndsTheListingAndStopsThePagesAfterIt() throws Exception {
        // The server reports 95 tasks on page 1, then serves only 25 (some deleted meanwhile).
        serveTasks(95, List.of(), List.of(), 0);
        var iterator = client.tasks().list(1, query()).iterator();
        List<Long> ids = new ArrayList<>();
        assertThat(iterator.hasNext()).isTrue(); // page 1 read, pages 2..4 on their way
        served.set(25);
        while (iterator.hasNext()) {
            ids.add(iterator.next().id());
        }

        assertThat(ids).hasSize(25).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void closingTheIteratorAbortsEveryFetchAndFreesTheirConnections() throws Exception {
        serveTasks(95, List.of(), List.of(3, 4, 5), 0); // pages 3..5 answer after 20 s
        PagedIterable<Task>.PageIterator iterator =
                client.tasks().list(1, query()).iterator();
        for (int i = 0; i < 11; i++) { // into page 2: pages 3, 4 and 5 are being fetched
            assertThat(iterator.hasNext()).isTrue();
            iterator.next();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!requestedPages().containsAll(List.of(3, 4, 5)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(requestedPages())
                .as("pages 3..5 requested in the background")
                .contains(3, 4, 5);

        long start = System.nanoTime();
        iterator.close();
        assertThat(iterator.hasNext())
                .as("a closed iteration has no more items")
                .isFalse();

        // All AHEAD connections were held by the slow pages: AHEAD requests that wait for each other only pass if
        // every connection is free again.
        CountDownLatch together = new CountDownLatch(AHEAD);
        stub.when("GET", "/api/tasks/7/", request -> {
            together.countDown();
            together.await(10, TimeUnit.SECONDS);
            return StubResponse.json(200, "{\"id\": 7, \"data\": {}}");
        });
        ExecutorService callers = Executors.newFixedThreadPool(AHEAD);
        try {
            List<CompletableFuture<Task>> gets = new ArrayList<>();
            for (int i = 0; i < AHEAD; i++) {
                gets.add(CompletableFuture.supplyAsync(() -> client.tasks().get(7), callers));
            }
            for (CompletableFuture<Task> get : gets) {
                assertThat(get.get(15, TimeUnit.SECONDS).id()).isEqualTo(7L);
            }
        } finally {
            callers.shutdownNow();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("TaskListingParallelPagesTest: close and " + AHEAD + " requests took " + millis + " ms");
        assertThat(together.getCount())
                .as("all requests were on the server at once")
                .isZero();
        assertThat(millis).as("close plus requests on the freed connections").isLessThan(8_000);
    }
}
