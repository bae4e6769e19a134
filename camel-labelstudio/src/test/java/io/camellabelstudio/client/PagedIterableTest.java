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

import static io.camellabelstudio.client.ClientTestSupport.PROJECTS;
import static io.camellabelstudio.client.ClientTestSupport.clientFor;
import static io.camellabelstudio.client.ClientTestSupport.fastRetries;
import static io.camellabelstudio.client.ClientTestSupport.pageJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.error.PermissionDeniedException;
import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.paging.PagedIterable;

/** Lazy page-number paging of {@code GET /api/projects/} through {@link PagedIterable}, against a stub server. */
class PagedIterableTest {

    private static final String INVALID_PAGE = "{\"detail\": \"Invalid page.\"}";

    private StubLabelStudio stub;
    private LabelStudioClient client;

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        client = clientFor(stub).retrySettings(fastRetries(2)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
        assertThat(stub.errors()).as("problems of the stub server itself").isEmpty();
    }

    /**
     * Serves the listing page by page (page n answers {@code pages.get(n - 1)}) with {@code count} as the reported
     * total, and 404 "Invalid page." past the last page, like Django REST framework's page-number pagination.
     */
    private void servePages(long count, List<List<Long>> pages) {
        stub.when("GET", PROJECTS, request -> {
            int page = Integer.parseInt(request.queryParam("page"));
            return page <= pages.size()
                    ? StubResponse.json(200, pageJson(count, pages.get(page - 1)))
                    : StubResponse.json(404, INVALID_PAGE);
        });
    }

    private static List<Long> ids(Iterable<Project> projects) {
        List<Long> ids = new ArrayList<>();
        projects.forEach(p -> ids.add(p.id()));
        return ids;
    }

    private List<String> requestedPages() {
        return stub.requests("GET", PROJECTS).stream()
                .map(r -> r.queryParam("page"))
                .toList();
    }

    @Test
    void invalidPage404AfterTheLastServedPageEndsTheListingNormally() {
        // The server reports 7 projects but serves only 4 (e.g. some were deleted while paging).
        servePages(7, List.of(List.of(1L, 2L), List.of(3L, 4L)));

        List<Long> ids = ids(client.projects().list(ProjectQuery.all().withPageSize(2)));

        assertThat(ids).containsExactly(1L, 2L, 3L, 4L);
        assertThat(requestedPages()).containsExactly("1", "2", "3");
        assertThat(stub.requests("GET", PROJECTS))
                .allSatisfy(r -> assertThat(r.queryParam("page_size")).isEqualTo("2"))
                .allSatisfy(r -> assertThat(r.queryParams()).doesNotContainKey("title"));
    }

    @Test
    void noRequestPastTheLastPageWhenTheCountIsReached() {
        servePages(5, List.of(List.of(1L, 2L), List.of(3L, 4L), List.of(5L)));

        List<Long> ids = ids(client.projects().list(ProjectQuery.all().withPageSize(2)));

        assertThat(ids).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(requestedPages()).containsExactly("1", "2", "3");
    }

    @Test
    void countReachedOnAFullPageMakesNoFurtherRequest() {
        servePages(4, List.of(List.of(1L, 2L), List.of(3L, 4L)));

        assertThat(ids(client.projects().list(ProjectQuery.all().withPageSize(2))))
                .containsExactly(1L, 2L, 3L, 4L);
        assertThat(requestedPages()).containsExactly("1", "2");
    }

    @Test
    void emptyListingMakesOneRequest() {
        servePages(0, List.of(List.of()));

        PagedIterable<Project> projects = client.projects().list(ProjectQuery.all());

        assertThat(projects.iterator().hasNext()).isFalse();
        assertThat(projects.total()).isZero();
        assertThat(requestedPages()).containsExactly("1");
        assertThat(stub.requests().get(0).queryParam("page_size")).isEqualTo("100");
    }

    @Test
    void pagesAreFetchedLazilyOneAtATime() {
        servePages(6, List.of(List.of(1L, 2L), List.of(3L, 4L), List.of(5L, 6L)));

        PagedIterable<Project> projects =
                client.projects().list(ProjectQuery.all().withPageSize(2));
        Iterator<Project> iterator = projects.iterator();
        assertThat(stub.requestCount()).as("requests before hasNext()").isZero();

        assertThat(iterator.hasNext()).isTrue();
        assertThat(requestedPages()).containsExactly("1");
        assertThat(iterator.next().id()).isEqualTo(1L);
        assertThat(iterator.hasNext()).isTrue();
        assertThat(iterator.next().id()).isEqualTo(2L);
        assertThat(requestedPages()).as("page 2 before page 1 was used up").containsExactly("1");

        assertThat(iterator.hasNext()).isTrue();
        assertThat(requestedPages()).containsExactly("1", "2");
        assertThat(iterator.next().id()).isEqualTo(3L);
        assertThat(requestedPages()).containsExactly("1", "2");
    }

    @Test
    void totalFetchesOnlyTheFirstPageAndTheIterationReusesIt() {
        servePages(6, List.of(List.of(1L, 2L), List.of(3L, 4L), List.of(5L, 6L)));

        PagedIterable<Project> projects =
                client.projects().list(ProjectQuery.all().withPageSize(2));
        assertThat(stub.requestCount()).isZero();

        assertThat(projects.total()).isEqualTo(6);
        assertThat(projects.total()).isEqualTo(6);
        assertThat(requestedPages()).containsExactly("1");

        assertThat(ids(projects)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(requestedPages()).containsExactly("1", "2", "3");
    }

    @Test
    void maxResultsStopsWithoutFetchingFurtherPages() {
        servePages(10, List.of(List.of(1L, 2L), List.of(3L, 4L), List.of(5L, 6L)));

        assertThat(ids(client.projects().list(ProjectQuery.all().withPageSize(2).withMaxResults(2))))
                .containsExactly(1L, 2L);
        assertThat(requestedPages()).containsExactly("1");

        int before = stub.requestCount();
        assertThat(ids(client.projects().list(ProjectQuery.all().withPageSize(2).withMaxResults(3))))
                .containsExactly(1L, 2L, 3L);
        assertThat(stub.requests().subList(before, stub.requestCount()))
                .extracting(r -> r.queryParam("page"))
                .containsExactly("1", "2");
    }

    @Test
    void titleAndPageSizeAreSentAsQueryParameters() {
        servePages(1, List.of(List.of(7L)));

        assertThat(ids(client.projects()
                        .list(ProjectQuery.all().withPageSize(500).withTitle("Invoices & co"))))
                .containsExactly(7L);

        RecordedRequest request = stub.requests().get(0);
        assertThat(request.queryParam("title")).isEqualTo("Invoices & co");
        assertThat(request.queryParam("page_size"))
                .as("capped at Label Studio's maximum")
                .isEqualTo("100");
    }

    @Test
    void serverErrorOnPage2IsThrownAfterRetriesNotTreatedAsTheEnd() {
        AtomicInteger page2Attempts = new AtomicInteger();
        stub.when("GET", PROJECTS, request -> {
            if (request.queryParam("page").equals("1")) {
                return StubResponse.json(200, pageJson(4, List.of(1L, 2L)));
            }
            page2Attempts.incrementAndGet();
            return StubResponse.json(500, "{\"detail\": \"database is locked\"}");
        });

        List<Long> seen = new ArrayList<>();
        assertThatThrownBy(() -> client.projects()
                        .list(ProjectQuery.all().withPageSize(2))
                        .forEach(p -> seen.add(p.id())))
                .isInstanceOfSatisfying(ServerErrorException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(500);
                    assertThat(e.getMethod()).isEqualTo("GET");
                    assertThat(e.getPath()).isEqualTo(PROJECTS);
                    assertThat(e.getMessage()).contains("database is locked");
                });
        assertThat(seen).containsExactly(1L, 2L);
        assertThat(page2Attempts).hasValue(3); // 1 + maxRetries 2
    }

    @Test
    void permissionDeniedOnPage2IsThrown() {
        stub.enqueue("GET", PROJECTS, StubResponse.json(200, pageJson(4, List.of(1L, 2L))))
                .enqueue(
                        "GET",
                        PROJECTS,
                        StubResponse.json(403, "{\"detail\": \"You do not have permission to perform this action.\"}"));

        Iterator<Project> iterator =
                client.projects().list(ProjectQuery.all().withPageSize(2)).iterator();
        iterator.next();
        iterator.next();

        assertThatThrownBy(iterator::hasNext).isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(403);
            assertThat(e.getMessage()).contains("You do not have permission");
        });
        assertThat(requestedPages()).containsExactly("1", "2");
    }

    @Test
    void notFoundOnTheFirstPageIsAnErrorNotAnEmptyListing() {
        stub.when("GET", PROJECTS, StubResponse.json(404, INVALID_PAGE));

        PagedIterable<Project> projects = client.projects().list(ProjectQuery.all());

        assertThatThrownBy(() -> projects.iterator().hasNext()).isInstanceOfSatisfying(NotFoundException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(404);
            assertThat(e.getPath()).isEqualTo(PROJECTS);
        });
        assertThatThrownBy(projects::total).isInstanceOf(NotFoundException.class);
        assertThat(stub.requestCount()).as("404 is not retried").isEqualTo(2);
    }

    @Test
    void totalAndTheFirstIterationShareTheFirstPageLaterIterationsFetchAfresh() {
        ConcurrentHashMap<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        stub.when("GET", PROJECTS, request -> {
            String page = request.queryParam("page");
            hits.computeIfAbsent(page, p -> new AtomicInteger()).incrementAndGet();
            return page.equals("1")
                    ? StubResponse.json(200, pageJson(3, List.of(1L, 2L)))
                    : StubResponse.json(200, pageJson(3, List.of(3L)));
        });

        PagedIterable<Project> projects =
                client.projects().list(ProjectQuery.all().withPageSize(2));
        assertThat(projects.total()).isEqualTo(3);
        assertThat(ids(projects)).containsExactly(1L, 2L, 3L);
        assertThat(hits.get("1"))
                .as("total() and the first iteration: one request")
                .hasValue(1);

        assertThat(ids(projects)).containsExactly(1L, 2L, 3L);
        assertThat(hits.get("1"))
                .as("a second iteration does not reuse a stale page")
                .hasValue(2);
        assertThat(hits.get("2")).hasValue(2);
        assertThat(stub.requests()).allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
    }
}
