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

import java.time.Duration;

/**
 * What a {@link LabelStudioClient} reports while it works, for metrics: retried requests, access-token renewals, the
 * outcome of imports and the size and time of export downloads. Every method has an empty default, so a listener
 * implements only what it records. Methods are called on the thread that did the work (a request thread, the caller's,
 * or a background thread of the client) and must return quickly and not throw; they carry no secrets.
 */
public interface ClientListener {

    /** The listener that records nothing (the default). */
    ClientListener NONE = new ClientListener() {};

    /**
     * An idempotent request is sent again.
     *
     * @param method  the HTTP method
     * @param path    the request's path, without query
     * @param attempt the attempt about to be made: 2 for the first retry
     * @param reason  why: the HTTP status (e.g. {@code 503}) or the connection error's simple class name
     */
    default void requestRetried(String method, String path, int attempt, String reason) {}

    /** A personal access token was exchanged for a new access token (the first one too). */
    default void accessTokenRenewed() {}

    /**
     * An import into a project ended, successfully or not, with these counts so far.
     *
     * @param created tasks the server created
     * @param skipped tasks left out because their {@code importKey} value was already in the project
     */
    default void tasksImported(long projectId, long created, long skipped) {}

    /**
     * An export download of a project ended (read to its end, closed early or failed).
     *
     * @param bytes    the bytes read from it, as delivered (after HTTP decompression)
     * @param duration from the export's first request until the download was closed
     */
    default void exportDownloaded(long projectId, long bytes, Duration duration) {}
}
