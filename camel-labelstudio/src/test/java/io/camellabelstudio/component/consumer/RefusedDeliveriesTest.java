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

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;

/** Refusals are all counted, but logged once per interval with the number left out since the previous line. */
class RefusedDeliveriesTest {

    @Test
    void logsTheFirstRefusalThenAtMostOncePerIntervalWithTheCountInBetween() {
        AtomicLong now = new AtomicLong();
        RecordingLogger log = new RecordingLogger();
        RefusedDeliveries refused = new RefusedDeliveries(log, now::get, Duration.ofSeconds(60));

        refused.refused(401, "wrong secret");
        for (int i = 0; i < 99; i++) {
            now.addAndGet(Duration.ofMillis(100).toNanos());
            refused.refused(i % 2 == 0 ? 413 : 400, "something");
        }
        assertThat(log.lines).hasSize(1);
        now.addAndGet(Duration.ofSeconds(60).toNanos());
        refused.refused(401, "wrong secret again");

        assertThat(log.lines).hasSize(2);
        assertThat(log.lines.get(0))
                .contains("wrong secret (401)")
                .contains("0 more refused")
                .contains("1 in all");
        assertThat(log.lines.get(1))
                .contains("wrong secret again (401)")
                .contains("99 more refused")
                .contains("101 in all (wrong secret 2, too large 50, not a JSON object 49)");
        assertThat(refused.total()).isEqualTo(101);
    }

    /** Keeps WARN lines, formatted. */
    private static final class RecordingLogger extends AbstractLogger {
        private static final long serialVersionUID = 1L;
        final List<String> lines = new ArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(
                Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
            lines.add(org.slf4j.helpers.MessageFormatter.basicArrayFormat(pattern, arguments));
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isTraceEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled(Marker marker) {
            return true;
        }
    }
}
