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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;

import io.camellabelstudio.client.error.LabelStudioException;

/**
 * Polls server-side work (an asynchronous import, an export snapshot, a conversion, a storage sync) until it is done:
 * one loop for all of them, with their delays and deadline.
 */
final class Waiting {

    /** What one poll saw: done with a value, or still running in some status (for the timeout message). */
    record Poll<T>(boolean done, T value, String status) {

        static <T> Poll<T> done(T value) {
            return new Poll<>(true, value, null);
        }

        static <T> Poll<T> running(String status) {
            return new Poll<>(false, null, status);
        }
    }

    private Waiting() {}

    /**
     * Polls with {@code poll} until it is done and returns its value; {@code poll} throws when the work failed. Between
     * polls it pauses for the next of {@code delays}, never past the deadline; once {@code timeout} has passed on
     * {@code clock}, it throws {@link LabelStudioException} with {@code timedOut}'s message for the last status.
     *
     * @param awaited what is awaited, for the message of an interrupt (e.g. "an export")
     */
    static <T> T until(
            Clock clock,
            Duration timeout,
            Supplier<Duration> delays,
            String awaited,
            Supplier<Poll<T>> poll,
            Function<String, String> timedOut) {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            Poll<T> seen = poll.get();
            if (seen.done()) {
                return seen.value();
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new LabelStudioException(timedOut.apply(seen.status()));
            }
            Duration delay = delays.get();
            pause(delay.compareTo(left) < 0 ? delay : left, awaited);
        }
    }

    /** The same delay between all polls. */
    static Supplier<Duration> every(Duration interval) {
        return () -> interval;
    }

    /** Fibonacci delays: 1, 1, 2, 3, 5, 8, ... units, at most {@code maxUnits} units. */
    static Supplier<Duration> fibonacci(Duration unit, long maxUnits) {
        long[] state = {0, 1};
        return () -> {
            Duration delay = unit.multipliedBy(state[1]);
            long next = Math.min(state[0] + state[1], maxUnits);
            state[0] = state[1];
            state[1] = next;
            return delay;
        };
    }

    /** Sleeps; an interrupt keeps the thread's flag and ends the wait with an exception naming what was awaited. */
    static void pause(Duration duration, String awaited) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabelStudioException("Interrupted while waiting for " + awaited, e);
        }
    }
}
