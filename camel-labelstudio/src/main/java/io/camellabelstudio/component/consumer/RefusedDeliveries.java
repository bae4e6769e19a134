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
package io.camellabelstudio.component.consumer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * Requests the webhooks consumer refused (wrong secret, too large, not a JSON object): counted, and logged at most once
 * per interval with the count since the last line. The webhook path is reachable by whoever can reach the node, so a
 * flood of bad requests must not become a flood of WARN lines.
 */
final class RefusedDeliveries {

    /** How often at most a refusal is logged. */
    static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

    private final Logger log;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong tooLarge = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private long lastLogged;
    private boolean loggedOnce;
    private long sinceLogged;

    RefusedDeliveries(Logger log, LongSupplier nanoTime, Duration interval) {
        this.log = log;
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
    }

    /** Counts one refusal and logs it unless one was logged within the interval. */
    void refused(int status, String why) {
        total.incrementAndGet();
        switch (status) {
            case 401 -> unauthorized.incrementAndGet();
            case 413 -> tooLarge.incrementAndGet();
            default -> malformed.incrementAndGet();
        }
        long suppressed;
        synchronized (this) {
            sinceLogged++;
            long now = nanoTime.getAsLong();
            if (loggedOnce && now - lastLogged < intervalNanos) {
                return;
            }
            loggedOnce = true;
            lastLogged = now;
            suppressed = sinceLogged - 1;
            sinceLogged = 0;
        }
        log.warn(
                "Refused a request to the webhook path: {} ({}). {} more refused since the last such message;"
                        + " {} in all (wrong secret {}, too large {}, not a JSON object {}). Logged at most once per {}",
                why,
                status,
                suppressed,
                total.get(),
                unauthorized.get(),
                tooLarge.get(),
                malformed.get(),
                LOG_INTERVAL.equals(Duration.ofNanos(intervalNanos)) ? "minute" : Duration.ofNanos(intervalNanos));
    }

    long total() {
        return total.get();
    }

    long unauthorized() {
        return unauthorized.get();
    }

    long tooLarge() {
        return tooLarge.get();
    }

    long malformed() {
        return malformed.get();
    }
}
