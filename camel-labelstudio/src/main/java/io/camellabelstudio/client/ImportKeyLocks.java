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

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import io.camellabelstudio.client.error.LabelStudioException;

/**
 * One permit per Label Studio project in this JVM for imports with an import key: a batch's key check and its import
 * request run while the batch holds the permit, so two imports of the same new key cannot both find it absent and
 * both create it. Shared by every client of the same server URL, whatever else their settings; projects do not wait
 * for each other. A permit, not a lock: the thread that sends the batch gives it back as soon as the server answered,
 * while the importing thread may still be reading the next batch.
 */
final class ImportKeyLocks {

    private static final ConcurrentMap<Target, Entry> PERMITS = new ConcurrentHashMap<>();

    private ImportKeyLocks() {}

    /** A project of a server, the server named by its normalized base URL. */
    private record Target(String server, long projectId) {}

    /** The permit of a project and how many imports hold or wait for it: the entry goes when none does. */
    private static final class Entry {
        final Semaphore permit = new Semaphore(1, true); // fair: imports take turns batch by batch
        int users;
    }

    /**
     * Waits until no other import of this JVM checks or imports a batch into the project, and takes the permit.
     *
     * @throws LabelStudioException when the thread is interrupted while waiting (its interrupt flag stays set)
     */
    static Permit acquire(URI server, long projectId) {
        Target target = new Target(normalized(server), projectId);
        Entry entry = PERMITS.compute(target, (t, e) -> {
            Entry used = e == null ? new Entry() : e;
            used.users++;
            return used;
        });
        try {
            entry.permit.acquire();
        } catch (InterruptedException e) {
            leave(target);
            Thread.currentThread().interrupt();
            throw new LabelStudioException(
                    "Interrupted while waiting for another import into project " + projectId + " to finish a batch", e);
        }
        return new Permit(target, entry);
    }

    /** Projects with an import holding or waiting for a permit (for tests: no entry outlives its imports). */
    static int projectsInUse() {
        return PERMITS.size();
    }

    private static void leave(Target target) {
        PERMITS.compute(target, (t, e) -> --e.users == 0 ? null : e);
    }

    /** {@code http://Host:80/base/} and {@code http://host/base} are one server. */
    static String normalized(URI server) {
        String scheme = server.getScheme().toLowerCase(Locale.ROOT);
        int port = server.getPort() != -1 ? server.getPort() : scheme.equals("https") ? 443 : 80;
        String path = server.getRawPath() == null ? "" : server.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return scheme + "://" + server.getHost().toLowerCase(Locale.ROOT) + ":" + port + path;
    }

    /** A held permit; releasing it twice releases it once, so every failure path can release it safely. */
    static final class Permit {
        private final Target target;
        private final Entry entry;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(Target target, Entry entry) {
            this.target = target;
            this.entry = entry;
        }

        /** Gives the permit back; may be called from any thread. */
        void release() {
            if (released.compareAndSet(false, true)) {
                entry.permit.release();
                leave(target);
            }
        }
    }
}
