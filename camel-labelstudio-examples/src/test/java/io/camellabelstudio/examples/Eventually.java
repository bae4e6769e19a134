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
package io.camellabelstudio.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting in the example routes' ITs: for a condition, or for a state to stay the same. */
final class Eventually {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    private Eventually() {}

    /** Waits until {@code condition} holds, failing with {@code what} (and its last state) after {@link #PATIENCE}. */
    static void waitFor(String what, BooleanSupplier condition, Supplier<Object> state) {
        await(what)
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(condition.getAsBoolean())
                        .as("%s; last state: %s", what, state.get())
                        .isTrue());
    }

    static void waitFor(String what, BooleanSupplier condition) {
        waitFor(what, condition, () -> "-");
    }

    /**
     * Lets the routes run for a while, e.g. several polls, before checking that nothing more happened: the time that
     * passes is the point (there is no event to wait for when nothing may happen), so this one sleeps.
     */
    static void quietPeriod(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
