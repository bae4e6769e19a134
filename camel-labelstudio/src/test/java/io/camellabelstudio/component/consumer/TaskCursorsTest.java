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

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.StubLabelStudio;
import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.Task;

/** The tasks consumer's cursors against a stub that filters, orders and pages like the server. */
class TaskCursorsTest {

    private final TaskTable table = new TaskTable();
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

    private static List<Long> ids(List<Task> tasks) {
        return tasks.stream().map(Task::id).toList();
    }

    /** Delivers what next() returns, as the consumer does after each exchange, and returns the ids. */
    private static List<Long> deliverAll(TaskEventCursor cursor, int limit) {
        List<Task> next = cursor.next(limit);
        next.forEach(cursor::delivered);
        return ids(next);
    }

    private TaskEventCursor created(int pageSize) {
        return new CreatedTasksCursor(
                client.tasks(), 1, TaskQuery.all().withPageSize(pageSize), Duration.ofSeconds(60));
    }

    private TaskEventCursor changed(boolean completed, int pageSize) {
        return new ChangedTasksCursor(
                client.tasks(), 1, TaskQuery.all().withPageSize(pageSize), completed, Duration.ofSeconds(10));
    }

    @Test
    void createdPagesByTheLastIdReadNeverByPageNumber() {
        for (long id = 1; id <= 7; id++) {
            table.add(id, at(1, (int) id));
        }
        TaskEventCursor cursor = created(3);
        cursor.start(StartFrom.parse("beginning"));
        assertThat(deliverAll(cursor, 0)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(stub.requests("GET", "/api/tasks/"))
                .allSatisfy(r -> assertThat(r.queryParam("page")).isEqualTo("1"))
                .extracting(r -> r.queryParam("query"))
                .anySatisfy(q -> assertThat(q).contains("\"value\":3"))
                .anySatisfy(q -> assertThat(q).contains("\"value\":6"));
        assertThat(cursor.mark()).isEqualTo("7");

        table.add(8, at(2, 0));
        assertThat(deliverAll(cursor, 0)).containsExactly(8L);
        assertThat(deliverAll(cursor, 0)).isEmpty();
    }

    @Test
    void createdRespectsTheLimitAndResumesFromARestoredMark() {
        for (long id = 1; id <= 5; id++) {
            table.add(id, at(1, (int) id));
        }
        TaskEventCursor first = created(100);
        first.start(StartFrom.parse("now"));
        assertThat(first.mark()).isEqualTo("5");
        first.restore("2");
        assertThat(deliverAll(first, 2)).containsExactly(3L, 4L);

        TaskEventCursor second = created(100);
        second.restore(first.mark());
        assertThat(deliverAll(second, 0)).containsExactly(5L);
    }

    @Test
    void updatedGetsThroughAPageFullOfOneTimestampAndNeverRepeats() {
        // seven tasks changed in the same microsecond, three per page: keyset paging alone would loop on page one
        for (long id = 1; id <= 7; id++) {
            table.add(id, at(5, 0));
        }
        table.add(8, at(6, 0));
        TaskEventCursor cursor = changed(false, 3);
        cursor.start(StartFrom.parse("beginning"));
        assertThat(deliverAll(cursor, 0)).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        // the next polls look back into the overlap window and skip what was delivered there
        assertThat(deliverAll(cursor, 0)).isEmpty();

        table.update(3, at(7, 0));
        assertThat(deliverAll(cursor, 0)).containsExactly(3L);
        assertThat(deliverAll(cursor, 0)).isEmpty();
    }

    @Test
    void updatedFindsAChangeCommittedLateWithAnEarlierTimestamp() {
        table.add(1, at(10, 0));
        table.add(2, at(12, 0));
        TaskEventCursor cursor = changed(false, 100);
        cursor.start(StartFrom.parse("beginning"));
        assertThat(deliverAll(cursor, 0)).containsExactly(1L, 2L);
        // committed after the poll above, stamped before task 2
        table.add(3, at(11, 0));
        assertThat(deliverAll(cursor, 0)).containsExactly(3L);

        // the mark survives a restart: a restored cursor does not repeat them either
        TaskEventCursor restored = changed(false, 100);
        restored.restore(cursor.mark());
        assertThat(deliverAll(restored, 0)).isEmpty();
    }

    @Test
    void updatedStartingNowSkipsTheChangesBeforeTheStartEvenInsideTheOverlap() {
        table.add(1, at(10, 0));
        table.add(2, at(10, 5));
        TaskEventCursor cursor = changed(false, 100);
        cursor.start(StartFrom.parse("now"));
        assertThat(deliverAll(cursor, 0)).isEmpty();
        table.update(1, at(11, 0));
        assertThat(deliverAll(cursor, 0)).containsExactly(1L);
    }

    @Test
    void updatedFromAnInstantIncludesIt() {
        table.add(1, at(10, 0));
        table.add(2, at(20, 0));
        TaskEventCursor cursor = changed(false, 100);
        cursor.start(StartFrom.parse(Instant.parse(at(20, 0)).toString()));
        assertThat(deliverAll(cursor, 0)).containsExactly(2L);
    }

    @Test
    void completedDeliversEachTaskOnceEvenWhenItIsAnnotatedAgain() {
        table.add(1, at(1, 0));
        table.add(2, at(1, 0));
        table.add(3, at(1, 0));
        TaskEventCursor cursor = changed(true, 100);
        cursor.start(StartFrom.parse("now"));
        assertThat(deliverAll(cursor, 0)).isEmpty();

        table.annotate(2, at(30, 0));
        table.annotate(1, at(31, 0));
        assertThat(deliverAll(cursor, 0)).containsExactly(2L, 1L);

        // another annotation on task 2, much later: its completed_at moves, but it became labeled long ago
        table.annotate(2, at(59, 0));
        table.annotate(3, at(59, 1));
        assertThat(deliverAll(cursor, 0)).containsExactly(3L);
        assertThat(deliverAll(cursor, 0)).isEmpty();
    }

    @Test
    void startFromOfTheWrongKindIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> created(10).start(StartFrom.parse("2026-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("startFrom=2026-01-01T00:00:00Z")
                .hasMessageContaining("event=created");
        assertThatThrownBy(() -> changed(false, 10).start(StartFrom.parse("42")))
                .hasMessageContaining("startFrom=42")
                .hasMessageContaining("event=updated");
    }

    @Test
    void aMarkThatIsNotTheConsumersOwnIsRefusedClearly() {
        assertThatThrownBy(() -> created(10).restore("{\"at\":null}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("neither a task id nor the JSON it writes")
                .hasMessageContaining("stateKey");
        assertThatThrownBy(() -> changed(true, 10).restore("17"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("event=completed");
    }

    @Test
    void aPollAsksForNoFurtherPageOnceTheConsumerStops() {
        for (long id = 1; id <= 9; id++) {
            table.add(id, at(1, (int) id));
        }
        for (boolean changed : new boolean[] {false, true}) {
            TaskEventCursor cursor = changed ? changed(false, 3) : created(3);
            cursor.start(StartFrom.parse("beginning"));
            String mark = cursor.mark();
            int before = stub.requests("GET", "/api/tasks/").size();
            // the consumer stops while the poll's first page is on its way
            int[] asked = {0};
            cursor.askWhile(() -> asked[0]++ == 0);

            assertThatThrownBy(() -> cursor.next(0)).isInstanceOf(PollStopped.class);
            assertThat(stub.requests("GET", "/api/tasks/"))
                    .as(changed ? "updated" : "created")
                    .hasSize(before + 1);
            assertThat(cursor.mark())
                    .as("nothing was delivered, so the mark stays")
                    .isEqualTo(mark);

            cursor.askWhile(() -> true); // started again: the poll brings every task
            assertThat(deliverAll(cursor, 0)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        }
    }
}
