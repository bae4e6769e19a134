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

import static io.camellabelstudio.component.consumer.TaskTable.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.RecordedRequest;
import io.camellabelstudio.client.StubLabelStudio;
import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.Task;

/**
 * event=created when task ids become visible out of order (a late commit on PostgreSQL), against a stub that filters,
 * orders and pages like the server. A task "commits late" here by being added to the table after a higher id was
 * delivered.
 */
class CreatedTasksCursorTest {

    private static final Duration WINDOW = Duration.ofSeconds(60);

    private final TaskTable table = new TaskTable();
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    /** Every id delivered, in delivery order, across the cursors of a test (a restart keeps the list). */
    private final List<Long> delivered = new ArrayList<>();

    private StubLabelStudio stub;
    private LabelStudioClient client;

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        table.serveOn(stub);
        client = LabelStudioClient.builder()
                .url(stub.url())
                .apiKey("k".repeat(40))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
        assertThat(stub.errors()).isEmpty();
    }

    private CreatedTasksCursor cursor(Duration window, int maxGaps) {
        return new CreatedTasksCursor(client.tasks(), 1, TaskQuery.all().withPageSize(100), window, clock, maxGaps);
    }

    private CreatedTasksCursor cursor() {
        CreatedTasksCursor cursor = cursor(WINDOW, CreatedTasksCursor.MAX_GAPS);
        cursor.start(StartFrom.parse("beginning"));
        return cursor;
    }

    /** One poll whose route completes every exchange: returns the ids it delivered. */
    private List<Long> poll(TaskEventCursor cursor) {
        List<Task> next = cursor.next(0);
        next.forEach(task -> {
            cursor.delivered(task);
            delivered.add(task.id());
        });
        return next.stream().map(Task::id).toList();
    }

    private void add(long... ids) {
        for (long id : ids) {
            table.add(id, at(1, (int) id));
        }
    }

    private List<RecordedRequest> fullListings() {
        return stub.requests("GET", "/api/tasks/").stream()
                .filter(r -> r.queryParam("include") == null)
                .toList();
    }

    @Test
    void aTaskCommittedAfterAHigherIdIsDeliveredOnceWithinTheWindow() {
        add(1, 3);
        CreatedTasksCursor cursor = cursor();
        assertThat(poll(cursor)).containsExactly(1L, 3L);
        assertThat(cursor.mark()).startsWith("{\"max\":3,\"gaps\":[[2,2,");

        clock.advance(Duration.ofSeconds(30));
        add(2);
        stub.reset();
        table.serveOn(stub);
        assertThat(poll(cursor)).containsExactly(2L);
        // the gap check listed ids only; the one full request asked for the gap's range, not for tasks 1 and 3
        assertThat(stub.requests("GET", "/api/tasks/"))
                .filteredOn(r -> "id".equals(r.queryParam("include")))
                .hasSize(1);
        assertThat(fullListings())
                .extracting(r -> r.queryParam("query"))
                .first()
                .satisfies(q -> assertThat(q)
                        .contains("\"operator\":\"greater\",\"type\":\"Number\",\"value\":1")
                        .contains("\"operator\":\"less\",\"type\":\"Number\",\"value\":3"));
        assertThat(cursor.mark()).isEqualTo("3");

        assertThat(poll(cursor)).isEmpty();
        assertThat(delivered).containsExactly(1L, 3L, 2L);
    }

    @Test
    void aPollDeliversLateTasksFirstThenNewOnesAllInIdOrderWithinTheLimit() {
        add(1, 4);
        CreatedTasksCursor cursor = cursor();
        poll(cursor);
        add(3, 2, 6, 5);
        List<Task> next = cursor.next(3);
        assertThat(next).extracting(Task::id).containsExactly(2L, 3L, 5L);
        next.forEach(cursor::delivered);
        assertThat(poll(cursor)).containsExactly(6L);
        assertThat(cursor.mark()).isEqualTo("6");
    }

    @Test
    void aHoleThatNeverFillsIsGivenUpAfterTheWindowAndNothingRepeats() {
        add(1, 2, 5);
        CreatedTasksCursor cursor = cursor();
        assertThat(poll(cursor)).containsExactly(1L, 2L, 5L);

        clock.advance(Duration.ofSeconds(59));
        assertThat(poll(cursor)).isEmpty();
        assertThat(cursor.mark()).contains("[3,4,");
        assertThat(cursor.gapsGivenUp()).isZero();

        clock.advance(Duration.ofSeconds(2));
        assertThat(poll(cursor)).isEmpty();
        assertThat(cursor.mark()).isEqualTo("5");
        assertThat(cursor.gapsGivenUp()).isEqualTo(1);

        // given up: a task that commits there now is not delivered, and nothing delivered comes again
        add(4);
        add(6);
        assertThat(poll(cursor)).containsExactly(6L);
        assertThat(poll(cursor)).isEmpty();
        assertThat(delivered).containsExactly(1L, 2L, 5L, 6L);
        // with the gap gone, a poll is one request again
        stub.reset();
        table.serveOn(stub);
        poll(cursor);
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void aVisibleLateTaskWhoseRouteKeepsFailingIsNotGivenUpWithItsGap() {
        add(1, 3);
        CreatedTasksCursor cursor = cursor();
        poll(cursor);
        add(2);
        assertThat(cursor.next(0)).extracting(Task::id).containsExactly(2L); // the route fails: not delivered
        clock.advance(WINDOW.multipliedBy(3));
        assertThat(cursor.next(0)).extracting(Task::id).containsExactly(2L);
        assertThat(poll(cursor)).containsExactly(2L);
        assertThat(cursor.mark()).isEqualTo("3");
    }

    @Test
    void aRestartKeepsTheGapsAndTheirAge() {
        add(1, 3, 5);
        CreatedTasksCursor first = cursor();
        assertThat(poll(first)).containsExactly(1L, 3L, 5L);
        String stored = first.mark();
        assertThat(stored).contains("[2,2,").contains("[4,4,");

        clock.advance(Duration.ofSeconds(40));
        CreatedTasksCursor second = cursor(WINDOW, CreatedTasksCursor.MAX_GAPS);
        second.restore(stored);
        add(4, 6);
        assertThat(poll(second)).containsExactly(4L, 6L);
        assertThat(second.mark()).startsWith("{\"max\":6,\"gaps\":[[2,2,");

        // the gap of id 2 was opened 40 s before the restart: 21 s later it has had its 60 s
        clock.advance(Duration.ofSeconds(21));
        CreatedTasksCursor third = cursor(WINDOW, CreatedTasksCursor.MAX_GAPS);
        third.restore(second.mark());
        assertThat(poll(third)).isEmpty();
        assertThat(third.mark()).isEqualTo("6");
        assertThat(delivered).containsExactly(1L, 3L, 5L, 4L, 6L);
    }

    @Test
    void aGapAgesFromTheCreationOfTheTaskAboveItSoABacklogKeepsNone() {
        // a backlog: tasks created an hour before the consumer reads them (startFrom=beginning, or it was down)
        for (long id : new long[] {1, 3, 5}) {
            table.add(id, at(1, 0)).put("created_at", "2025-12-31T23:00:00.000000Z");
        }
        CreatedTasksCursor cursor = cursor();
        assertThat(poll(cursor)).containsExactly(1L, 3L, 5L);
        assertThat(cursor.mark()).isEqualTo("5");
        assertThat(cursor.gapsGivenUp()).isEqualTo(2);

        // created 10 s before it is read: its gap has 50 s left
        table.add(7, at(2, 0)).put("created_at", "2025-12-31T23:59:50.000000Z");
        assertThat(poll(cursor)).containsExactly(7L);
        assertThat(cursor.mark()).isEqualTo("{\"max\":7,\"gaps\":[[6,6,1767225590]]}");
        clock.advance(Duration.ofSeconds(49));
        poll(cursor);
        assertThat(cursor.mark()).contains("[6,6,");
        clock.advance(Duration.ofSeconds(2));
        poll(cursor);
        assertThat(cursor.mark()).isEqualTo("7");
    }

    @Test
    void anOldPlainMarkIsReadAsSettled() {
        add(5, 7, 8, 9);
        CreatedTasksCursor cursor = cursor(WINDOW, CreatedTasksCursor.MAX_GAPS);
        cursor.restore("7");
        add(6); // below an old mark: settled, as the old cursor would have it
        assertThat(poll(cursor)).containsExactly(8L, 9L);
        assertThat(cursor.mark()).isEqualTo("9");
    }

    @Test
    void pastTheCapTheLowestGapsAreGivenUpWithAWarning() {
        add(1, 3, 5, 7, 9, 11);
        CreatedTasksCursor cursor = cursor(WINDOW, 3);
        cursor.start(StartFrom.parse("beginning"));
        poll(cursor);
        assertThat(cursor.mark()).startsWith("{\"max\":11,\"gaps\":[[6,6,").contains("[8,8,", "[10,10,");

        try (Warnings warnings = new Warnings()) {
            add(2, 6);
            assertThat(poll(cursor)).containsExactly(6L); // 2 was given up at the cap, 6 still waited
            assertThat(cursor.gapsDropped()).isEqualTo(2);
            assertThat(warnings.messages())
                    .singleElement()
                    .asString()
                    .contains("gave up 2 gap(s)", "task id 2 to task id 4", "more than 3 gaps");
        }
        assertThat(cursor.mark()).startsWith("{\"max\":11,\"gaps\":[[8,8,").contains("[10,10,");
    }

    @Test
    void aZeroWindowKeepsNoGapsAndSendsNoGapChecks() {
        add(1, 3);
        CreatedTasksCursor cursor = cursor(Duration.ZERO, CreatedTasksCursor.MAX_GAPS);
        cursor.start(StartFrom.parse("beginning"));
        assertThat(poll(cursor)).containsExactly(1L, 3L);
        assertThat(cursor.mark()).isEqualTo("3");
        add(2);
        assertThat(poll(cursor)).isEmpty();
        assertThat(stub.requests("GET", "/api/tasks/")).noneMatch(r -> r.queryParam("include") != null);
    }

    @Test
    void aMarkThatIsNeitherFormIsRefusedNamingTheStateKey() {
        CreatedTasksCursor cursor = cursor(WINDOW, 10);
        assertThatThrownBy(() -> cursor.restore("{\"max\":5,\"gaps\":[[3,9,1]]}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("event=created")
                .hasMessageContaining("stateKey");
        assertThatThrownBy(() -> cursor.restore("five"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'five'");
    }

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant start) {
            now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** The WARN lines of the cursor's logger while open. */
    private static final class Warnings extends AbstractAppender implements AutoCloseable {
        private final List<String> messages = new ArrayList<>();
        private final org.apache.logging.log4j.core.Logger logger =
                (org.apache.logging.log4j.core.Logger) LogManager.getLogger(CreatedTasksCursor.class);

        Warnings() {
            super("warnings", null, null, true, Property.EMPTY_ARRAY);
            start();
            logger.addAppender(this);
        }

        @Override
        public synchronized void append(LogEvent event) {
            if (event.getLevel().isMoreSpecificThan(Level.WARN)) {
                messages.add(event.getMessage().getFormattedMessage());
            }
        }

        synchronized List<String> messages() {
            return List.copyOf(messages);
        }

        @Override
        public void close() {
            logger.removeAppender(this);
            stop();
            ((LoggerContext) LogManager.getContext(false)).updateLoggers();
        }
    }
}
