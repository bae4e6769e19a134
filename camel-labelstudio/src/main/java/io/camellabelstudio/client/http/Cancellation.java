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
package io.camellabelstudio.client.http;

import java.util.function.Supplier;

import org.apache.hc.core5.concurrent.Cancellable;

/**
 * Lets another thread abort the requests that one piece of work sends, e.g. the background fetch of a listing's next
 * page when the listing is closed. Aborting a request closes its connection at once (a blocked read ends), so the
 * connection's pool slot is free again; the aborted call fails with a connection error.
 */
public final class Cancellation {

    private static final ThreadLocal<Cancellation> CURRENT = new ThreadLocal<>();

    private Cancellable request;
    private boolean cancelled;

    /** Runs {@code work} on this thread so that {@link #cancel()} aborts the requests it sends. */
    public <T> T run(Supplier<T> work) {
        Cancellation outer = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** The cancellation of the work running on this thread; null outside {@link #run}. */
    static Cancellation current() {
        return CURRENT.get();
    }

    /** Aborts the request in progress, if any, and every request the work sends from now on. */
    public void cancel() {
        Cancellable inProgress;
        synchronized (this) {
            cancelled = true;
            inProgress = request;
            request = null;
        }
        if (inProgress != null) {
            inProgress.cancel();
        }
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Called before a request is sent: after {@link #cancel()} it is aborted before it starts. */
    void attach(Cancellable sending) {
        boolean abort;
        synchronized (this) {
            abort = cancelled;
            if (!abort) {
                request = sending;
            }
        }
        if (abort) {
            sending.cancel();
        }
    }

    synchronized void detach(Cancellable sent) {
        if (request == sent) {
            request = null;
        }
    }
}
