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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The beans of the zero-cloud example routes, without a server. */
class ExampleBeansTest {

    @TempDir
    Path dir;

    private List<Map<String, Object>> read(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        List<Map<String, Object>> tasks = new ArrayList<>();
        try (TaskFiles.TaskIterator it = TaskFiles.open(file, name)) {
            it.forEachRemaining(tasks::add);
        }
        return tasks;
    }

    @Test
    void jsonListSingleObjectAndFullTasks() throws Exception {
        assertThat(read("a.json", "[{\"text\": \"x\"}, {\"data\": {\"text\": \"y\"}, \"meta\": {\"m\": 1}}]"))
                .containsExactly(
                        Map.of("text", "x", "source", "file:a.json#1"),
                        Map.of("data", Map.of("text", "y", "source", "file:a.json#2"), "meta", Map.of("m", 1)));
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
    }

    @Test
    void problemsNameTheFileAndPosition() {
        assertThatThrownBy(() -> read("b.json", "[{\"text\": 1}, 2]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("b.json: task #2 is not a JSON object");
        assertThatThrownBy(() -> read("b.json", "[{\"text\": 1}, {\"text\": }]"))
                .hasMessageStartingWith("b.json: not valid JSON near task #2 (line 1)");
        assertThatThrownBy(() -> read("b.json", "\"text\""))
                .hasMessageContaining("a list of task objects or one task object");
        assertThatThrownBy(() -> read("b.jsonl", "{\"text\": 1}\n[1]\n"))
                .hasMessage("b.jsonl line 2: not a JSON object");
        assertThatThrownBy(() -> read("b.csv", "text,n\nx,1\ny\n"))
                .hasMessageStartingWith("b.csv row 2 (line 3): 1 values, but the header has 2 columns");
        assertThatThrownBy(() -> read("b.csv", "text,text\nx,1\n")).hasMessageStartingWith("b.csv: bad CSV header");
        assertThatThrownBy(() -> read("b.txt", "x")).hasMessageContaining(".json, .jsonl, .ndjson or .csv");
    }

    @Test
    void sentimentModelIsDeterministic() {
        SentimentModel model = new SentimentModel();
        assertThat(model.predict("Great value, works fine. Great!"))
                .isEqualTo(new SentimentModel.Sentiment("Positive", 0.9));
        assertThat(model.predict("Broke after a day, returned it."))
                .isEqualTo(new SentimentModel.Sentiment("Negative", 0.833));
        assertThat(model.predict("A box.")).isEqualTo(new SentimentModel.Sentiment("Negative", 0.5));
        assertThat(model.predict(null)).isEqualTo(new SentimentModel.Sentiment("Negative", 0.5));
    }
}
