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

/**
 * Which projects to list and how to page through them. Immutable: each {@code with...} method returns a copy.
 *
 * @param pageSize   projects per request (Label Studio caps it at 100)
 * @param maxResults stop after this many projects; 0 for all
 * @param title      only projects whose title contains this text (case-insensitive); null for all
 */
public record ProjectQuery(int pageSize, long maxResults, String title) {

    /** Label Studio's maximum page size for projects. */
    public static final int MAX_PAGE_SIZE = 100;

    public ProjectQuery {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
        }
        if (maxResults < 0) {
            throw new IllegalArgumentException("maxResults must be 0 (no limit) or more, was " + maxResults);
        }
        pageSize = Math.min(pageSize, MAX_PAGE_SIZE);
    }

    /** All projects, 100 per request. */
    public static ProjectQuery all() {
        return new ProjectQuery(MAX_PAGE_SIZE, 0, null);
    }

    public ProjectQuery withPageSize(int size) {
        return new ProjectQuery(size, maxResults, title);
    }

    public ProjectQuery withMaxResults(long max) {
        return new ProjectQuery(pageSize, max, title);
    }

    public ProjectQuery withTitle(String text) {
        return new ProjectQuery(pageSize, maxResults, text);
    }
}
