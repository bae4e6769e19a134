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
import java.util.ArrayDeque;
import java.util.Deque;
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
 * A listing that fetches its pages lazily while it is iterated: memory stays at a few pages whatever the listing's
 * size. The first page fetched for {@link #total()} is handed to the first iteration, so they cost one request; every
 * further iteration fetches all pages afresh.
 *
 * <p>With prefetch (the default of task listings), the next pages are fetched in the background while the caller works
 * on the current one, so the server and the caller work at the same time: {@code pagesAhead} pages at most (1 by
 * default; more lets several server workers prepare pages at once), so at most {@code pagesAhead + 1} pages are held.
 * Pages are handed to the caller in page order whatever order they arrive in. A page is fetched ahead only while the
 * total the server last reported (and {@code maxResults}) says it exists. Closing the iterator ({@link Closeable};
 * Camel's splitter does) aborts the fetches in progress and frees their connections. An error of a prefetched page is
 * thrown where that page is read, as without prefetch, and the pages fetched after it are dropped.
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
    /** How many pages are fetched in the background at most (with prefetch). */
    private final int pagesAhead;

    private Page<T> unusedFirstPage;
    private long total = Long.MIN_VALUE;

    /** A listing without prefetch: each page is fetched when the previous one is used up. */
    public PagedIterable(PageFetcher<T> fetcher, int pageSize, long maxResults) {
        this(fetcher, pageSize, maxResults, null);
    }

    /** A listing that fetches one page ahead with {@code prefetch}; see the full constructor. */
    public PagedIterable(PageFetcher<T> fetcher, int pageSize, long maxResults, Executor prefetch) {
        this(fetcher, pageSize, maxResults, prefetch, 1);
    }

    /**
     * @param fetcher    fetches one page
     * @param pageSize   items per request
     * @param maxResults stop after this many items; 0 or less for no limit
     * @param prefetch   where to fetch the next pages in the background while the current one is iterated (up to
     *                   {@code pagesAhead} tasks per listing being iterated); null to fetch each page when it is
     *                   needed
     * @param pagesAhead how many pages are fetched in the background at the same time, at most (1 or more; ignored
     *                   without prefetch)
     */
    public PagedIterable(PageFetcher<T> fetcher, int pageSize, long maxResults, Executor prefetch, int pagesAhead) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
        }
        if (pagesAhead < 1) {
            throw new IllegalArgumentException("pagesAhead must be at least 1, was " + pagesAhead);
        }
        this.fetcher = fetcher;
        this.pageSize = pageSize;
        this.maxResults = maxResults;
        this.prefetch = prefetch;
        this.pagesAhead = pagesAhead;
    }

    /** Whether the next page is fetched in the background while the current one is iterated. */
    public boolean prefetch() {
        return prefetch != null;
    }

    /** How many pages are fetched in the background at most: 0 without prefetch. */
    public int pagesAhead() {
        return prefetch == null ? 0 : pagesAhead;
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

    /** An iterator that is also {@link Closeable}: closing it stops the background fetches. */
    @Override
    public PageIterator iterator() {
        return new PageIterator();
    }

    /** A page being fetched in the background, and how to abort its request. */
    private record Pending<T>(int number, CompletableFuture<Page<T>> page, Cancellation cancellation) {

        void cancel() {
            cancellation.cancel();
            page.cancel(false);
        }
    }

    /** Iterates the listing; close it when leaving early so that the background fetches stop. */
    public final class PageIterator implements Iterator<T>, Closeable {

        private List<T> items;
        private int indexInPage;
        private int pageNumber;
        private long fetched;
        private long returned;
        private boolean lastPage;
        private boolean closed;
        /** Items per page as the server serves them (it may cap the page size): the first page's count. */
        private int servedPageSize;
        /** The next pages, being fetched in the background, in page order (prefetch only). */
        private final Deque<Pending<T>> ahead = new ArrayDeque<>();

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

        /** Stops the background fetches, if any (aborting their requests), and ends the iteration. */
        @Override
        public void close() {
            closed = true;
            items = null;
            cancelAhead();
        }

        private boolean fetchNextPage() {
            Page<T> page;
            items = null; // the used-up page can go before the next one is read
            if (pageNumber == 0) {
                page = takeFirstPage();
                servedPageSize = page.items().size();
            } else {
                try {
                    page = ahead.isEmpty() ? fetcher.fetch(pageNumber + 1, pageSize) : awaitNextPage();
                } catch (NotFoundException e) {
                    // Past the last page (e.g. tasks deleted meanwhile): the normal end of a listing.
                    lastPage = true;
                    cancelAhead();
                    return false;
                }
            }
            pageNumber++;
            items = page.items();
            indexInPage = 0;
            fetched += items.size();
            // The server may cap the page size, so count items rather than trusting our own pageSize.
            lastPage = items.isEmpty() || (page.total() >= 0 && fetched >= page.total());
            if (lastPage) {
                cancelAhead(); // fetched on an older, larger total: past the end now
            } else if (prefetch != null) {
                startPagesAhead(page.total());
            }
            return !items.isEmpty();
        }

        /**
         * Tops the pages in flight up to {@code pagesAhead}, each only if the items before it (this page's count so
         * far plus full pages in between) are fewer than the latest total and {@code maxResults}. For the page right
         * after this one that is exactly "not the last page, maxResults not reached".
         */
        private void startPagesAhead(long latestTotal) {
            int next = pageNumber + 1 + ahead.size();
            while (ahead.size() < pagesAhead) {
                long itemsBefore = fetched + (long) (next - pageNumber - 1) * servedPageSize;
                if ((latestTotal >= 0 && itemsBefore >= latestTotal) || (maxResults > 0 && itemsBefore >= maxResults)) {
                    return;
                }
                ahead.addLast(start(next++));
            }
        }

        private Pending<T> start(int number) {
            Cancellation cancellation = new Cancellation();
            CompletableFuture<Page<T>> page = CompletableFuture.supplyAsync(
                    () -> cancellation.run(() -> fetcher.fetch(number, pageSize)), prefetch);
            return new Pending<>(number, page, cancellation);
        }

        private Page<T> awaitNextPage() {
            Pending<T> pending = ahead.removeFirst();
            try {
                return pending.page().get();
            } catch (InterruptedException e) {
                pending.cancel();
                cancelAhead();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for page " + pending.number(), e);
            } catch (ExecutionException e) {
                cancelAhead(); // this page's error (or its 404 end) is the one the caller sees, not those after it
                throw BackgroundThreads.failure(e.getCause());
            } catch (CancellationException e) {
                cancelAhead();
                throw new IllegalStateException("the fetch of page " + pending.number() + " was cancelled", e);
            }
        }

        private void cancelAhead() {
            while (!ahead.isEmpty()) {
                ahead.removeFirst().cancel();
            }
        }
    }
}
