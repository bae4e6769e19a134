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

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.ToIntFunction;

import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.client.paging.Page;
import io.camellabelstudio.client.paging.PageFetcher;

/**
 * The pages of a listing whose id selection ({@link TaskQuery#selectedIds()}) is too long for one request line: a
 * production server (gunicorn) refuses a request line over 4094 bytes, and the selection travels in the query string.
 * The ids are sorted and cut into chunks whose requests fit; the chunks are listed one after the other and their tasks
 * repacked into full pages, so the caller sees one listing. The query's ordering applies within each chunk; the order
 * across chunks is that of the ids. Pages must be fetched in order (as {@link io.camellabelstudio.client.paging
 * .PagedIterable} does); page 1 starts over.
 */
final class SelectionChunks implements PageFetcher<Task> {

    /** Fetches one page of one chunk's listing: (query with the chunk's ids, page, size). */
    @FunctionalInterface
    interface ChunkFetcher {
        List<Task> fetch(TaskQuery chunkQuery, int page, int size);
    }

    private final List<TaskQuery> chunks;
    private final ChunkFetcher fetcher;
    private final Deque<Task> pending = new ArrayDeque<>();
    private int chunk;
    private int chunkPage;
    private int expectedPage = 1;

    private SelectionChunks(List<TaskQuery> chunks, ChunkFetcher fetcher) {
        this.chunks = chunks;
        this.fetcher = fetcher;
    }

    /**
     * The chunks of {@code query}'s selection, each as large as {@code requestLineLength} allows within {@code
     * budget}.
     *
     * @param requestLineLength the request line of a listing page for a query, in bytes
     */
    static SelectionChunks of(
            TaskQuery query, ToIntFunction<TaskQuery> requestLineLength, int budget, ChunkFetcher fetcher) {
        List<Long> ids = query.selectedIds().stream().sorted().distinct().toList();
        List<TaskQuery> chunks = new ArrayList<>();
        int from = 0;
        while (from < ids.size()) {
            // the longest prefix that fits, found by halving: each measure builds one request
            int low = from + 1;
            int high = ids.size();
            if (requestLineLength.applyAsInt(query.withSelectedIds(ids.subList(from, low))) > budget) {
                throw new IllegalArgumentException("A task listing with a single selected id makes a request line"
                        + " longer than " + budget + " bytes: shorten the filters or the ordering");
            }
            while (low < high) {
                int middle = (low + high + 1) >>> 1;
                if (requestLineLength.applyAsInt(query.withSelectedIds(ids.subList(from, middle))) <= budget) {
                    low = middle;
                } else {
                    high = middle - 1;
                }
            }
            chunks.add(query.withSelectedIds(ids.subList(from, low)));
            from = low;
        }
        return new SelectionChunks(chunks, fetcher);
    }

    int chunkCount() {
        return chunks.size();
    }

    @Override
    public synchronized Page<Task> fetch(int pageNumber, int pageSize) {
        if (pageNumber == 1) {
            pending.clear();
            chunk = 0;
            chunkPage = 0;
        } else if (pageNumber != expectedPage) {
            throw new IllegalStateException("The pages of a chunked selection are read in order: asked for page "
                    + pageNumber + ", expected " + expectedPage);
        }
        List<Task> page = new ArrayList<>(pageSize);
        while (page.size() < pageSize) {
            if (!pending.isEmpty()) {
                page.add(pending.poll());
            } else if (chunk < chunks.size()) {
                List<Task> tasks = chunkPage(++chunkPage, pageSize);
                pending.addAll(tasks);
                if (tasks.size() < pageSize) {
                    chunk++;
                    chunkPage = 0;
                }
            } else {
                break;
            }
        }
        expectedPage = pageNumber + 1;
        return new Page<>(page, -1); // the total of the whole selection is not known before its last chunk
    }

    private List<Task> chunkPage(int page, int size) {
        try {
            return fetcher.fetch(chunks.get(chunk), page, size);
        } catch (NotFoundException e) {
            if (page > 1) {
                return List.of(); // past the chunk's last page
            }
            throw e;
        }
    }
}
