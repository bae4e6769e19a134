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
package io.camellabelstudio.client.paging;

import java.io.Closeable;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.http.BackgroundThreads;
import io.camellabelstudio.client.http.Cancellation;

/**
 * A listing that fetches its pages lazily while it is iterated: memory stays at one or two pages whatever the
 * listing's size. The first page fetched for {@link #total()} is handed to the first iteration, so they cost one
 * request; every further iteration fetches all pages afresh.
 *
 * <p>With prefetch (the default of task listings), the next page is fetched in the background while the caller works
 * on the current one, so the server and the caller work at the same time; never more than one page ahead, so at most
 * two pages are held. Closing the iterator ({@link Closeable}; Camel's splitter does) aborts a fetch in progress and
 * frees its connection. Errors of a prefetched page are thrown where that page is read, as without prefetch.
 *
 * <p>Label Studio ends page-number listings with a 404 "Invalid page." past the last page: that 404 ends the
 * iteration. Any other error, on any page, is thrown from {@code hasNext()} / {@code next()}: a listing is never
 * silently cut short.
 */
public final class PagedIterable<T> implements Iterable<T> {

    private final PageFetcher<T> fetcher;
    private final int pageSize;
    private final long maxResults;
    /** Where next pages are fetched in the background; null without prefetch. */
    private final Executor prefetch;

    private Page<T> unusedFirstPage;
    private long total = Long.MIN_VALUE;

    /** A listing without prefetch: each page is fetched when the previous one is used up. */
    public PagedIterable(PageFetcher<T> fetcher, int pageSize, long maxResults) {
        this(fetcher, pageSize, maxResults, null);
    }

    /**
     * @param fetcher    fetches one page
     * @param pageSize   items per request
     * @param maxResults stop after this many items; 0 or less for no limit
     * @param prefetch   where to fetch the next page in the background while the current one is iterated (one task
     *                   per listing being iterated at most); null to fetch each page when it is needed
     */
    public PagedIterable(PageFetcher<T> fetcher, int pageSize, long maxResults, Executor prefetch) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
        }
        this.fetcher = fetcher;
        this.pageSize = pageSize;
        this.maxResults = maxResults;
        this.prefetch = prefetch;
    }

    /** Whether the next page is fetched in the background while the current one is iterated. */
    public boolean prefetch() {
        return prefetch != null;
    }

    /** The number of items the server reports for the whole listing (before {@code maxResults}); -1 if unknown. */
    public synchronized long total() {
        if (total == Long.MIN_VALUE) {
            unusedFirstPage = fetcher.fetch(1, pageSize);
            total = unusedFirstPage.total();
        }
        return total;
    }

    /** The page fetched by total() if no iteration used it yet, else a fresh first page. */
    private synchronized Page<T> takeFirstPage() {
        Page<T> page = unusedFirstPage;
        unusedFirstPage = null;
        if (page == null) {
            page = fetcher.fetch(1, pageSize);
            if (total == Long.MIN_VALUE) {
                total = page.total();
            }
        }
        return page;
    }

    /** An iterator that is also {@link Closeable}: closing it stops a background fetch. */
    @Override
    public PageIterator iterator() {
        return new PageIterator();
    }

    /** Iterates the listing; close it when leaving early so that a background fetch stops. */
    public final class PageIterator implements Iterator<T>, Closeable {

        private List<T> items;
        private int indexInPage;
        private int pageNumber;
        private long fetched;
        private long returned;
        private boolean lastPage;
        private boolean closed;
        /** The next page, being fetched in the background (prefetch only). */
        private CompletableFuture<Page<T>> nextPage;

        private Cancellation nextPageCancellation;

        @Override
        public boolean hasNext() {
            if (closed || (maxResults > 0 && returned >= maxResults)) {
                return false;
            }
            while (items == null || indexInPage >= items.size()) {
                if (lastPage || !fetchNextPage()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            returned++;
            return items.get(indexInPage++);
        }

        /** Stops the background fetch, if any (aborting its request), and ends the iteration. */
        @Override
        public void close() {
            closed = true;
            items = null;
            cancelNextPage();
        }

        private boolean fetchNextPage() {
            Page<T> page;
            items = null; // the used-up page can go before the next one is read
            if (pageNumber == 0) {
                page = takeFirstPage();
            } else {
                try {
                    page = nextPage != null ? awaitNextPage() : fetcher.fetch(pageNumber + 1, pageSize);
                } catch (NotFoundException e) {
                    // Past the last page (e.g. tasks deleted meanwhile): the normal end of a listing.
                    lastPage = true;
                    return false;
                }
            }
            pageNumber++;
            items = page.items();
            indexInPage = 0;
            fetched += items.size();
            // The server may cap the page size, so count items rather than trusting our own pageSize.
            lastPage = items.isEmpty() || (page.total() >= 0 && fetched >= page.total());
            if (prefetch != null && !lastPage && (maxResults <= 0 || fetched < maxResults)) {
                startNextPage(pageNumber + 1);
            }
            return !items.isEmpty();
        }

        private void startNextPage(int number) {
            Cancellation cancellation = new Cancellation();
            nextPageCancellation = cancellation;
            nextPage = CompletableFuture.supplyAsync(
                    () -> cancellation.run(() -> fetcher.fetch(number, pageSize)), prefetch);
        }

        private Page<T> awaitNextPage() {
            CompletableFuture<Page<T>> pending = nextPage;
            nextPage = null;
            nextPageCancellation = null;
            try {
                return pending.get();
            } catch (InterruptedException e) {
                pending.cancel(false);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for page " + (pageNumber + 1), e);
            } catch (ExecutionException e) {
                throw BackgroundThreads.failure(e.getCause());
            } catch (CancellationException e) {
                throw new IllegalStateException("the fetch of page " + (pageNumber + 1) + " was cancelled", e);
            }
        }

        private void cancelNextPage() {
            if (nextPageCancellation != null) {
                nextPageCancellation.cancel();
            }
            if (nextPage != null) {
                nextPage.cancel(false);
            }
            nextPage = null;
            nextPageCancellation = null;
        }
    }
}
