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
package io.camellabelstudio.component.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTasksTransformerTest extends TransformerTestSupport {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private List<Map<String, Object>> read(String name, String content) throws Exception {
        List<Map<String, Object>> tasks = new ArrayList<>();
        try (FileTasks file = FileTasks.read(write(name, content), name)) {
            file.forEach(tasks::add);
            assertThat(file.taskCount()).isEqualTo(tasks.size());
        }
        return tasks;
    }

    @Test
    void jsonListSingleObjectAndFullTasks() throws Exception {
        assertThat(read("a.json", "[{\"text\": \"x\"}, {\"data\": {\"text\": \"y\"}, \"meta\": {\"m\": 1}}]"))
                .containsExactly(
                        Map.of("text", "x", "source", "file:a.json#1"),
                        Map.of("data", Map.of("text", "y", "source", "file:a.json#2"), "meta", Map.of("m", 1L)));
        assertThat(read("one.json", "{\"text\": \"only\", \"source\": \"mine\"}"))
                .containsExactly(Map.of("text", "only", "source", "mine"));
        assertThat(read("empty.json", "")).isEmpty();
        assertThat(read("none.json", "[]")).isEmpty();
    }

    @Test
    void jsonLinesCountLinesAndSkipBlankOnes() throws Exception {
        assertThat(read("a.ndjson", "{\"text\": \"x\"}\n\n  \n{\"text\": \"y\"}"))
                .extracting(t -> t.get("source"))
                .containsExactly("file:a.ndjson#1", "file:a.ndjson#4");
    }

    @Test
    void csvWithByteOrderMarkQuotesAndLineBreaks() throws Exception {
        assertThat(read("a.csv", "\uFEFFtext,n\r\n\"a, b\",1\r\n\"two\nlines\",2\r\n"))
                .containsExactly(
                        Map.of("text", "a, b", "n", "1", "source", "file:a.csv#1"),
                        Map.of("text", "two\nlines", "n", "2", "source", "file:a.csv#2"));
        assertThat(read("header-only.csv", "text,n\n")).isEmpty();
    }

    @Test
    void problemsNameTheFileAndPosition() {
        assertThatThrownBy(() -> read("b.json", "[{\"text\": 1}, 2]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("b.json: task #2 is not a JSON object");
        assertThatThrownBy(() -> read("b.json", "[{\"text\": 1}, {\"text\": }]"))
                .hasMessageStartingWith("b.json: not valid JSON near task #2 (line 1)");
        assertThatThrownBy(() -> read("b.json", "\"text\"")).hasMessageContaining("a list of task objects or one");
        assertThatThrownBy(() -> read("b.json", "[] []")).hasMessage("b.json: unexpected content after the JSON value");
        assertThatThrownBy(() -> read("b.jsonl", "{\"text\": 1}\n[1]\n"))
                .hasMessage("b.jsonl line 2: not a JSON object");
        assertThatThrownBy(() -> read("b.jsonl", "{\"text\": 1}\n{\"text\": oops}\n"))
                .hasMessageStartingWith("b.jsonl line 2: not valid JSON");
        assertThatThrownBy(() -> read("b.csv", "text,n\nx,1\ny\n"))
                .hasMessageStartingWith("b.csv row 2 (line 3): 1 values, but the header has 2 columns");
        assertThatThrownBy(() -> read("b.csv", "text,text\nx,1\n")).hasMessageStartingWith("b.csv: bad CSV header");
        assertThatThrownBy(() -> read("b.txt", "x")).hasMessageContaining(".json, .jsonl, .ndjson or .csv");
    }

    @Test
    void theTransformerTakesAFileNamedByTheFileComponentsHeader() throws Exception {
        Path file = write("upload-1234.tmp.jsonl", "{\"text\": \"x\"}\n{\"text\": \"y\"}\n");
        // the file component sets CamelFileNameOnly; the source names the file as the user dropped it
        Object body = transform("file-tasks", file.toFile(), Map.of(Exchange.FILE_NAME_ONLY, "reviews.jsonl"));
        assertThat(body).isInstanceOf(FileTasks.class);
        FileTasks tasks = (FileTasks) body;
        assertThat(tasks.taskCount()).isEqualTo(2);
        assertThat(tasks.name()).isEqualTo("reviews.jsonl");
        List<Object> sources = new ArrayList<>();
        tasks.forEach(t -> sources.add(t.get("source")));
        assertThat(sources).containsExactly("file:reviews.jsonl#1", "file:reviews.jsonl#2");
        // a Path, without the header: the file's own name
        FileTasks byPath = (FileTasks) transform("file-tasks", file, Map.of());
        assertThat(byPath.iterator().next()).containsEntry("source", "file:upload-1234.tmp.jsonl#1");
        byPath.close();
    }

    @Test
    void aBrokenFileFailsTheTransformAndAnythingElseIsNamed() throws Exception {
        Path broken = write("broken.csv", "text,rating\nok,1\ntoo,many,values\n");
        assertThat(failure("file-tasks", broken.toFile()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("broken.csv row 2 (line 3): 3 values, but the header has 2 columns");
        assertFailsWith("file-tasks", 42, "labelstudio:file-tasks needs a file");
    }

    @Test
    void closeClosesTheFilesThatIteratorsLeftOpen() throws Exception {
        FileTasks tasks = FileTasks.read(write("a.jsonl", "{\"text\": \"x\"}\n{\"text\": \"y\"}\n"), "a.jsonl");
        Iterator<Map<String, Object>> iterator = tasks.iterator();
        assertThat(iterator.next()).containsEntry("text", "x");
        tasks.close();
        assertThatThrownBy(iterator::hasNext)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("a.jsonl");
        // a new iterator reads the file again from the start
        assertThat(tasks.iterator().next()).containsEntry("text", "x");
        tasks.close();
    }
}
