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

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

/** Incremental reading of tasks from JSON with {@link JsonTasks}. */
class JsonTasksTest {

    /** Counts the bytes read and remembers whether it was closed. */
    private static final class TrackedStream extends FilterInputStream {
        long bytesRead;
        boolean closed;

        TrackedStream(String json) {
            super(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytesRead++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                bytesRead += n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }

    private static List<Map<String, Object>> readAll(Iterator<Map<String, Object>> tasks) {
        List<Map<String, Object>> all = new ArrayList<>();
        tasks.forEachRemaining(all::add);
        return all;
    }

    @Test
    void listIsParsedLazily() {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 20_000; i++) {
            json.append(i == 0 ? "" : ",\n")
                    .append("{\"data\": {\"text\": \"task number ")
                    .append(i)
                    .append("\"}, \"meta\": {\"n\": ")
                    .append(i)
                    .append("}}");
        }
        json.append("]");
        TrackedStream stream = new TrackedStream(json.toString());
        long size = json.length();
        assertThat(size).isGreaterThan(800_000);

        Iterator<Map<String, Object>> tasks = JsonTasks.read(stream);
        Map<String, Object> first = tasks.next();

        assertThat(first).isEqualTo(Map.of("data", Map.of("text", "task number 0"), "meta", Map.of("n", 0L)));
        assertThat(stream.bytesRead)
                .as("bytes read for the first task, of %d", size)
                .isLessThan(64 * 1024);
        assertThat(stream.closed).isFalse();

        long count = 1;
        Map<String, Object> last = first;
        while (tasks.hasNext()) {
            last = tasks.next();
            count++;
        }
        assertThat(count).isEqualTo(20_000);
        assertThat(last.get("meta")).isEqualTo(Map.of("n", 19_999L));
        assertThat(stream.bytesRead).isEqualTo(size);
        assertThat(stream.closed).as("closed at the end").isTrue();
        assertThat(tasks.hasNext()).isFalse();
        assertThatThrownBy(tasks::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void hasNextDoesNotSkipTasks() {
        Iterator<Map<String, Object>> tasks = JsonTasks.read(new TrackedStream("[{\"a\": 1}, {\"a\": 2}]"));

        assertThat(tasks.hasNext()).isTrue();
        assertThat(tasks.hasNext()).isTrue();
        assertThat(tasks.next()).isEqualTo(Map.of("a", 1L));
        assertThat(tasks.next()).isEqualTo(Map.of("a", 2L));
        assertThat(tasks.hasNext()).isFalse();
    }

    @Test
    void singleObjectIsOneTask() {
        TrackedStream stream = new TrackedStream("  {\"text\": \"only\", \"nested\": [1, {\"x\": null}]}  ");

        Iterator<Map<String, Object>> tasks = JsonTasks.read(stream);
        List<Map<String, Object>> all = readAll(tasks);

        assertThat(all).hasSize(1);
        assertThat(all.get(0)).containsEntry("text", "only").containsKey("nested");
        assertThat(stream.closed).isTrue();
    }

    @Test
    void emptyListHasNoTasksAndIsClosed() {
        TrackedStream stream = new TrackedStream("[ ]");

        assertThat(readAll(JsonTasks.read(stream))).isEmpty();
        assertThat(stream.closed).isTrue();
    }

    @Test
    void nonObjectElementFailsNamingItsPosition() {
        TrackedStream stream = new TrackedStream("[{\"a\": 1}, {\"a\": 2}, 42, {\"a\": 4}]");
        Iterator<Map<String, Object>> tasks = JsonTasks.read(stream);

        assertThat(tasks.next()).isEqualTo(Map.of("a", 1L));
        assertThat(tasks.next()).isEqualTo(Map.of("a", 2L));
        assertThatThrownBy(tasks::hasNext)
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Task #3 of the JSON list is not an object")
                .hasMessageContaining("42")
                .hasMessageNotContaining("null");
        assertThat(stream.closed).as("closed after the failure").isTrue();
        assertThat(tasks.hasNext()).isFalse();
    }

    @Test
    void nonObjectElementsAreDescribed() {
        assertThatThrownBy(() -> readAll(JsonTasks.read(new TrackedStream("[\"just text\"]"))))
                .hasMessageStartingWith("Task #1 of the JSON list is not an object")
                .hasMessageContaining("just text");
        assertThatThrownBy(() -> readAll(JsonTasks.read(new TrackedStream("[{}, [1, 2]]"))))
                .hasMessageStartingWith("Task #2 of the JSON list is not an object")
                .hasMessageContaining("[");
        assertThatThrownBy(() -> readAll(JsonTasks.read(new TrackedStream("[{}, {}, null]"))))
                .hasMessageStartingWith("Task #3 of the JSON list is not an object but null");
    }

    @Test
    void jsonThatIsNeitherListNorObjectIsRejected() {
        TrackedStream stream = new TrackedStream("\"tasks\"");
        assertThatThrownBy(() -> JsonTasks.read(stream))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Tasks must be a JSON list of objects (or one object)")
                .hasMessageContaining("tasks")
                .hasMessageNotContaining("null");
        assertThat(stream.closed).isTrue();

        assertThatThrownBy(() -> JsonTasks.read(new TrackedStream("   ")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("starts with nothing");
    }

    @Test
    void malformedJsonFailsNamingTheOffset() {
        // the error is at the second task, which the iterator reaches after the first
        TrackedStream stream = new TrackedStream("[{\"a\": 1},\n {\"b\": }]");
        Iterator<Map<String, Object>> tasks = JsonTasks.read(stream);

        assertThat(tasks.next()).isEqualTo(Map.of("a", 1L));
        assertThatThrownBy(tasks::next)
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The tasks are not valid JSON: ")
                .hasMessageContaining("line: 2, column: 8");
        assertThat(stream.closed).isTrue();

        // a single object that breaks off
        TrackedStream single = new TrackedStream("{\"text\": \"unterminated");
        assertThatThrownBy(() -> JsonTasks.read(single))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The tasks are not valid JSON: ")
                .hasMessageContaining("line: 1, column: ");
        assertThat(single.closed).as("closed after the failure").isTrue();

        // an error long before the end of a large stream: closed too
        TrackedStream large = new TrackedStream("{\"a\": ]" + " ".repeat(100_000) + "}");
        assertThatThrownBy(() -> JsonTasks.read(large))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line: 1, column: 7");
        assertThat(large.bytesRead).isLessThan(100_000);
        assertThat(large.closed).as("closed after the failure").isTrue();
    }

    @Test
    void missingClosingBracketFails() {
        Iterator<Map<String, Object>> tasks = JsonTasks.read(new TrackedStream("[{\"a\": 1}, {\"a\": 2}"));

        assertThat(tasks.next()).isEqualTo(Map.of("a", 1L));
        assertThat(tasks.next()).isEqualTo(Map.of("a", 2L));
        assertThatThrownBy(tasks::hasNext)
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The tasks are not valid JSON: ");
    }

    @Test
    void unicodeIsReadAsUtf8() {
        InputStream stream = new TrackedStream("[{\"text\": \"ünïcödé 文字 🐪\"}]");

        assertThat(readAll(JsonTasks.read(stream))).containsExactly(Map.of("text", "ünïcödé 文字 🐪"));
    }
}
