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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.error.LabelStudioException;

/** The one poll-until-done loop of imports, exports, conversions and storage syncs. */
class WaitingTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void returnsTheValueOfTheFirstPollThatIsDone() {
        List<String> statuses = new ArrayList<>(List.of("queued", "in_progress", "completed"));
        String result = Waiting.until(
                clock,
                Duration.ofMinutes(1),
                Waiting.every(Duration.ofMillis(1)),
                "a test",
                () -> {
                    String status = statuses.remove(0);
                    return status.equals("completed") ? Waiting.Poll.done(status) : Waiting.Poll.running(status);
                },
                status -> "timed out in " + status);
        assertThat(result).isEqualTo("completed");
        assertThat(statuses).isEmpty();
    }

    @Test
    void aTimeoutNamesTheLastStatusSeen() {
        int[] polls = {0};
        assertThatThrownBy(() -> Waiting.until(
                        clock,
                        Duration.ofSeconds(10),
                        Waiting.every(Duration.ofMillis(1)),
                        "a test",
                        () -> {
                            polls[0]++;
                            clock.advance(Duration.ofSeconds(4));
                            return Waiting.Poll.running("in_progress " + polls[0]);
                        },
                        status -> "did not finish within 10 s (status: " + status + ")"))
                .isInstanceOf(LabelStudioException.class)
                .hasMessage("did not finish within 10 s (status: in_progress 3)");
        assertThat(polls[0]).isEqualTo(3);
    }

    @Test
    void aFailureThrownByThePollEndsTheWait() {
        assertThatThrownBy(() -> Waiting.until(
                        clock,
                        Duration.ofMinutes(1),
                        Waiting.every(Duration.ofMillis(1)),
                        "a test",
                        () -> {
                            throw new LabelStudioException("Export 3 failed");
                        },
                        status -> "timed out"))
                .hasMessage("Export 3 failed");
    }

    @Test
    void fibonacciDelaysStopGrowingAtTheirMaximum() {
        Supplier<Duration> delays = Waiting.fibonacci(Duration.ofMillis(10), 13);
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            millis.add(delays.get().toMillis());
        }
        assertThat(millis).containsExactly(10L, 10L, 20L, 30L, 50L, 80L, 130L, 130L, 130L);
    }

    @Test
    void anInterruptEndsTheWaitAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Waiting.pause(Duration.ofSeconds(5), "an export"))
                    .isInstanceOf(LabelStudioException.class)
                    .hasMessage("Interrupted while waiting for an export");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
