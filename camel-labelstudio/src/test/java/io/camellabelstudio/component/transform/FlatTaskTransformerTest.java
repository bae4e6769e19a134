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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.Task;

class FlatTaskTransformerTest extends TransformerTestSupport {

    private static final Map<String, Object> RECORD = expected();

    private static Map<String, Object> expected() {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("task_id", 17L);
        record.put("text", "Great kettle, boils fast");
        record.put("source", "s3://reviews-inbox/2026/11/great kettle!.txt");
        record.put("data_label", "from the shop");
        // annotation 12 is newer but was cancelled: 9 counts
        record.put("label", "Positive");
        record.put("annotation_id", 9L);
        record.put("annotator", 1L);
        record.put("completed_at", "2026-11-28T16:25:40.102933Z");
        return record;
    }

    @Test
    void aCompletedTaskAsTheConsumerDeliversIt() throws Exception {
        Task task = Json.mapper().readValue(sample("completed-task.json"), Task.class);
        Object record = transform("flat-task", task);
        assertThat(record).isEqualTo(RECORD);
        assertThat(((Map<?, ?>) record).keySet().stream().map(String::valueOf).toList())
                .containsExactly(
                        "task_id",
                        "text",
                        "source",
                        "data_label",
                        "label",
                        "annotation_id",
                        "annotator",
                        "completed_at");
    }

    @Test
    void theTaskAsJsonOrAMap() throws Exception {
        assertThat(transform("flat-task", sample("completed-task.json"))).isEqualTo(RECORD);
        Map<?, ?> map = Json.mapper().readValue(sample("completed-task.json"), Map.class);
        assertThat(transform("flat-task", map)).isEqualTo(RECORD);
    }

    @Test
    void labelsOfOtherTagsAnnotatorObjectsAndNoAnnotation() {
        String task = """
                {"id": 3, "data": {"image": "s3://b/cat.jpg"}, "annotations": [
                  {"id": 5, "completed_by": {"id": 7, "email": "a@example.com"}, "created_at": "2026-11-28T10:00:00Z",
                   "result": [{"type": "rectanglelabels", "value": {"x": 1, "rectanglelabels": ["Cat"]}}]}]}""";
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("task_id", 3L);
        record.put("image", "s3://b/cat.jpg");
        record.put("label", "Cat");
        record.put("annotation_id", 5L);
        record.put("annotator", 7L);
        record.put("completed_at", "2026-11-28T10:00:00Z");
        assertThat(transform("flat-task", task)).isEqualTo(record);

        String taxonomy = "{\"id\": 4, \"data\": {}, \"annotations\": [{\"id\": 6, \"completed_by\": 1, \"result\":"
                + " [{\"type\": \"taxonomy\", \"value\": {\"taxonomy\": [[\"Animal\", \"Cat\"]]}}]}]}";
        assertThat(transform("flat-task", taxonomy))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("label", "Cat");

        Map<String, Object> unlabeled = new LinkedHashMap<>();
        unlabeled.put("task_id", 8L);
        unlabeled.put("text", "t");
        unlabeled.put("label", null);
        unlabeled.put("annotation_id", null);
        unlabeled.put("annotator", null);
        unlabeled.put("completed_at", null);
        assertThat(transform("flat-task", "{\"id\": 8, \"data\": {\"text\": \"t\"}, \"annotations\": []}"))
                .isEqualTo(unlabeled);
    }

    @Test
    void notATaskFails() {
        assertFailsWith("flat-task", List.of(1).toString(), "Cannot deserialize");
        assertFailsWith("flat-task", "{\"data\": {}}", "Not a Label Studio task (no id)");
        assertFailsWith("flat-task", "oops", "Not a Label Studio task (not JSON)");
    }
}
