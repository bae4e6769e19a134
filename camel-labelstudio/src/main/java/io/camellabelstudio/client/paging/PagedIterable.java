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

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import io.camellabelstudio.client.error.NotFoundException;

/**
 * A listing that fetches its pages lazily, one at a time, while it is iterated: memory stays at one page whatever the
 * listing's size. The first page fetched for {@link #total()} is handed to the first iteration, so they cost one
 * request; every further iteration fetches all pages afresh.
 *
 * <p>Label Studio ends page-number listings with a 404 "Invalid page." past the last page: that 404 ends the
 * iteration. Any other error, on any page, is thrown from {@code hasNext()} / {@code next()}: a listing is never
 * silently cut short.
 */
public final class PagedIterable<T> implements Iterable<T> {

    private final PageFetcher<T> fetcher;
    private final int pageSize;
    private final long maxResults;
    private Page<T> unusedFirstPage;
    private long total = Long.MIN_VALUE;

    /**
     * @param fetcher    fetches one page
     * @param pageSize   items per request
     * @param maxResults stop after this many items; 0 or less for no limit
     */
    public PagedIterable(PageFetcher<T> fetcher, int pageSize, long maxResults) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
        }
        this.fetcher = fetcher;
        this.pageSize = pageSize;
        this.maxResults = maxResults;
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

    @Override
    public Iterator<T> iterator() {
        return new PageIterator();
    }

    private final class PageIterator implements Iterator<T> {

        private List<T> items;
        private int indexInPage;
        private int pageNumber;
        private long fetched;
        private long returned;
        private boolean lastPage;

        @Override
        public boolean hasNext() {
            if (maxResults > 0 && returned >= maxResults) {
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

        private boolean fetchNextPage() {
            Page<T> page;
            if (pageNumber == 0) {
                page = takeFirstPage();
            } else {
                try {
                    page = fetcher.fetch(pageNumber + 1, pageSize);
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
            return !items.isEmpty();
        }
    }
}
