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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;
import io.camellabelstudio.it.LabelStudioServer;

/** routes/folder-to-tasks.camel.yaml against a real Label Studio. */
class FolderToTasksIT extends LabelStudioIT {

    @TempDir
    Path dir;

    @Test
    void filesBecomeTasksOnceAndBrokenFilesImportNothing(LabelStudioServer server) throws Exception {
        Project project = ls.project("Folder to tasks", LabelConfigs.TEXT_CLASSIFICATION);
        Path inbox = dir.resolve("inbox");
        Files.createDirectories(inbox);
        ExampleApp app = ExampleApp.start(
                server,
                "classpath:routes/folder-to-tasks.camel.yaml",
                Map.of("demo.project-id", project.id().toString(), "demo.inbox.dir", inbox.toString()));
        app.whileRunning(() -> {
            // a JSON list: flat data, a full task with data, and a task that brings its own source
            String json = """
                    [{"text": "Great kettle", "rating": 5},
                     {"data": {"text": "Broke after a day"}, "meta": {"batch": "b1"}},
                     {"text": "Own source", "source": "crm:4711"}]
                    """;
            // JSON lines, with a blank line that is skipped (but counted as a line)
            String jsonLines = "{\"text\": \"First line\"}\n\n{\"text\": \"Third line\", \"lang\": \"en\"}\n";
            // CSV: the header's columns become the data keys; quoted commas and line breaks stay in their value
            String csv = "text,rating\r\n" + "Comfortable shoes,5\r\n" + "\"Too loud, returned it\",1\r\n"
                    + "\"Two\nlines\",3\r\n" + "Crisp screen,4\r\n";
            drop(inbox, "reviews.json", json);
            drop(inbox, "reviews.jsonl", jsonLines);
            drop(inbox, "reviews.csv", csv);
            waitUntilProcessed(inbox);

            assertThat(Files.exists(inbox.resolve(".done/reviews.json"))).isTrue();
            assertThat(Files.exists(inbox.resolve(".done/reviews.jsonl"))).isTrue();
            assertThat(Files.exists(inbox.resolve(".done/reviews.csv"))).isTrue();
            Map<Object, Map<String, Object>> bySource = dataBySource(project.id());
            assertThat(bySource)
                    .containsOnlyKeys(
                            "file:reviews.json#1",
                            "file:reviews.json#2",
                            "crm:4711",
                            "file:reviews.jsonl#1",
                            "file:reviews.jsonl#3",
                            "file:reviews.csv#1",
                            "file:reviews.csv#2",
                            "file:reviews.csv#3",
                            "file:reviews.csv#4");
            assertThat(bySource.get("file:reviews.json#1"))
                    .containsEntry("text", "Great kettle")
                    .containsEntry("rating", 5L);
            assertThat(bySource.get("file:reviews.json#2")).containsEntry("text", "Broke after a day");
            assertThat(bySource.get("file:reviews.jsonl#3")).containsEntry("lang", "en");
            assertThat(bySource.get("file:reviews.csv#2"))
                    .containsOnlyKeys("text", "rating", "source")
                    .containsEntry("text", "Too loud, returned it")
                    .containsEntry("rating", "1");
            assertThat(bySource.get("file:reviews.csv#3")).containsEntry("text", "Two\nlines");

            // the same files again: all their tasks exist, nothing new
            drop(inbox, "reviews.json", json);
            drop(inbox, "reviews.csv", csv);
            waitUntilProcessed(inbox);
            assertThat(taskCount(project.id())).isEqualTo(9);

            // a broken file: the problem is found before anything is sent, and the file lands in .failed
            drop(inbox, "broken.jsonl", "{\"text\": \"fine\"}\n{\"text\": \"fine too\"}\n{\"text\": oops}\n");
            drop(inbox, "broken.csv", "text,rating\nok,1\ntoo,many,values\n");
            waitUntilProcessed(inbox);
            assertThat(Files.exists(inbox.resolve(".failed/broken.jsonl"))).isTrue();
            assertThat(Files.exists(inbox.resolve(".failed/broken.csv"))).isTrue();
            assertThat(taskCount(project.id())).isEqualTo(9);

            // a header-only CSV has no tasks: done, not failed
            drop(inbox, "empty.csv", "text,rating\n");
            waitUntilProcessed(inbox);
            assertThat(Files.exists(inbox.resolve(".done/empty.csv"))).isTrue();
            assertThat(taskCount(project.id())).isEqualTo(9);
        });
    }

    @Test
    void bigFileIsImportedInBatches(LabelStudioServer server) throws Exception {
        Project project = ls.project("Folder to tasks, big", LabelConfigs.TEXT_CLASSIFICATION);
        Path inbox = dir.resolve("inbox-big");
        Files.createDirectories(inbox);
        int rows = 2500; // three import batches of at most 1000
        StringBuilder csv = new StringBuilder("text,n\n");
        for (int i = 1; i <= rows; i++) {
            csv.append("Review number ").append(i).append(',').append(i).append('\n');
        }
        ExampleApp app = ExampleApp.start(
                server,
                "classpath:routes/folder-to-tasks.camel.yaml",
                Map.of("demo.project-id", project.id().toString(), "demo.inbox.dir", inbox.toString()));
        app.whileRunning(() -> {
            drop(inbox, "many.csv", csv.toString());
            waitUntilProcessed(inbox);
            assertThat(Files.exists(inbox.resolve(".done/many.csv"))).isTrue();
            assertThat(taskCount(project.id())).isEqualTo(rows);
        });
    }

    /** Writes the file next to the inbox and moves it in, as a finished file appears in a drop folder. */
    private void drop(Path inbox, String name, String content) throws IOException {
        Path staged = Files.createTempFile(dir, "staged", ".tmp");
        Files.writeString(staged, content, StandardCharsets.UTF_8);
        Files.move(staged, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits until the inbox holds no file: each was imported (or failed) and moved to .done or .failed. */
    private static void waitUntilProcessed(Path inbox) throws InterruptedException {
        Eventually.waitFor("the inbox to be empty", () -> files(inbox).isEmpty(), () -> files(inbox));
        Eventually.quietPeriod(Duration.ofMillis(500));
    }

    private static List<Path> files(Path inbox) {
        try (Stream<Path> list = Files.list(inbox)) {
            return list.filter(Files::isRegularFile).collect(Collectors.toList());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Map<Object, Map<String, Object>> dataBySource(long projectId) {
        List<Task> tasks = new ArrayList<>();
        ls.client().tasks().list(projectId, TaskQuery.all()).forEach(tasks::add);
        assertThat(tasks).extracting(t -> t.data().get("source")).doesNotHaveDuplicates();
        return tasks.stream().collect(Collectors.toMap(t -> t.data().get("source"), Task::data));
    }

    private long taskCount(long projectId) {
        long count = 0;
        for (Long ignored : ls.client().tasks().listIds(projectId, TaskQuery.all())) {
            count++;
        }
        return count;
    }
}
