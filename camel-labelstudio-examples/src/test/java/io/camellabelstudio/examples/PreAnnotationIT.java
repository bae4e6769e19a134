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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.Prediction;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;
import io.camellabelstudio.it.LabelStudioServer;

/** {@link PreAnnotationRoute} against a real Label Studio. */
class PreAnnotationIT extends LabelStudioIT {

    private static final String MODEL_VERSION = "it-keywords-v1";

    /** Review texts (from demo/reviews.txt) and the label the model must give them. */
    private static final Map<String, String> EXPECTED = Map.of(
            "The kettle boils fast and the handle stays cool. Great buy.", "Positive",
            "Stopped working after two days and support never answered.", "Negative",
            "Comfortable shoes, true to size, I wear them every day.", "Positive",
            "The zipper broke the first time I used the bag. Disappointing.", "Negative",
            "Crisp screen and the battery easily lasts a full day.", "Positive",
            "Arrived late, the box was crushed and one part was missing.", "Negative",
            "Easy to assemble, sturdy, and it looks great in the hall.", "Positive");

    @TempDir
    Path dir;

    @Test
    void everyNewTaskGetsExactlyOnePredictionAcrossRestarts(LabelStudioServer server) throws Exception {
        Project project = ls.project("Pre-annotation", LabelConfigs.TEXT_CLASSIFICATION);
        long projectId = project.id();
        List<String> texts = new ArrayList<>(EXPECTED.keySet());
        Path stateDir = dir.resolve("state");
        Map<String, String> properties = Map.of(
                "demo.project-id", Long.toString(projectId),
                "demo.state.dir", stateDir.toString(),
                "demo.model.version", MODEL_VERSION);

        // two tasks exist before the first start: startFrom=beginning predicts them too
        importTexts(projectId, texts.subList(0, 2));
        start(server, properties).whileRunning(() -> {
            importTexts(projectId, texts.subList(2, 5));
            waitForPredictions(projectId, 5);
            Eventually.quietPeriod(Duration.ofSeconds(2)); // several more polls: nothing more
            assertExactlyOnePredictionPerTask(projectId, 5);
        });
        assertThat(Files.exists(stateDir.resolve("pre-annotation.marks"))).isTrue();

        // stopped while two tasks arrive; the restart with the same state predicts those two and nothing twice
        importTexts(projectId, texts.subList(5, 7));
        start(server, properties).whileRunning(() -> {
            waitForPredictions(projectId, 7);
            Eventually.quietPeriod(Duration.ofSeconds(2));
            assertExactlyOnePredictionPerTask(projectId, 7);
        });

        // even with the state lost (a new state dir starts from the beginning), a task that has a prediction of this
        // model version gets no second one
        long lastTaskId = 0;
        for (Long id : ls.client().tasks().listIds(projectId, TaskQuery.all())) {
            lastTaskId = Math.max(lastTaskId, id);
        }
        long lastId = lastTaskId;
        Map<String, String> freshState = new HashMap<>(properties);
        freshState.put("demo.state.dir", dir.resolve("state-lost").toString());
        start(server, freshState).whileRunning(() -> {
            Eventually.waitFor(
                    "the route to go through the 7 tasks and store its mark",
                    () -> markStored(dir.resolve("state-lost/pre-annotation.marks"), lastId));
            Eventually.quietPeriod(Duration.ofSeconds(3));
            assertExactlyOnePredictionPerTask(projectId, 7);
        });
    }

    /** Whether the consumer's mark, the last task id it handled, has reached {@code taskId} in the state file. */
    private static boolean markStored(Path marks, long taskId) {
        try {
            return Files.exists(marks) && Files.readString(marks).contains("=" + taskId + "\n");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static ExampleApp start(LabelStudioServer server, Map<String, String> properties) throws Exception {
        // no YAML routes: only the Java DSL route under test
        return ExampleApp.start(server, "classpath:routes/none-*.camel.yaml", properties, new PreAnnotationRoute());
    }

    private void importTexts(long projectId, List<String> texts) {
        ls.client()
                .tasks()
                .importTasks(
                        projectId,
                        texts.stream().map(t -> Map.of("text", t)).collect(Collectors.toList()),
                        ImportOptions.defaults());
    }

    private List<Prediction> predictions(long projectId) {
        List<Prediction> predictions = new ArrayList<>();
        ls.client().predictions().listForProject(projectId).forEach(predictions::add);
        return predictions;
    }

    private void waitForPredictions(long projectId, int count) throws InterruptedException {
        Eventually.waitFor(
                count + " predictions", () -> predictions(projectId).size() >= count, () -> predictions(projectId));
    }

    @SuppressWarnings("unchecked")
    private void assertExactlyOnePredictionPerTask(long projectId, int taskCount) {
        List<Task> tasks = new ArrayList<>();
        ls.client().tasks().list(projectId, TaskQuery.all()).forEach(tasks::add);
        assertThat(tasks).hasSize(taskCount);
        Map<Long, String> textByTask = tasks.stream()
                .collect(Collectors.toMap(Task::id, t -> (String) t.data().get("text")));

        List<Prediction> predictions = predictions(projectId);
        assertThat(predictions).hasSize(taskCount);
        assertThat(predictions).extracting(Prediction::task).containsExactlyInAnyOrderElementsOf(textByTask.keySet());
        for (Prediction prediction : predictions) {
            String text = textByTask.get(prediction.task());
            assertThat(prediction.modelVersion()).isEqualTo(MODEL_VERSION);
            assertThat(prediction.score()).isBetween(0.5, 1.0);
            assertThat(prediction.result()).hasSize(1);
            Map<String, Object> result = prediction.result().get(0);
            assertThat(result)
                    .containsEntry("from_name", "sentiment")
                    .containsEntry("to_name", "text")
                    .containsEntry("type", "choices");
            assertThat(((Map<String, Object>) result.get("value")).get("choices"))
                    .as("the label of '%s'", text)
                    .isEqualTo(List.of(EXPECTED.get(text)));
        }
    }
}
