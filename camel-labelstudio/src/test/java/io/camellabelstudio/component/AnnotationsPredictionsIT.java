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
package io.camellabelstudio.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.error.EnterpriseOnlyException;
import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.model.Annotation;
import io.camellabelstudio.client.model.Prediction;
import io.camellabelstudio.client.model.PredictionCoverage;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;

/** labelstudio:annotations, labelstudio:predictions and the label-config operations of projects, on a real server. */
class AnnotationsPredictionsIT extends LabelStudioIT {

    static final String CHOICES = "<View><Text name=\"text\" value=\"$text\"/>"
            + "<Choices name=\"class\" toName=\"text\"><Choice value=\"Class A\"/><Choice value=\"Class B\"/>"
            + "</Choices></View>";
    static final String NER = "<View><Labels name=\"label\" toName=\"text\"><Label value=\"PER\"/>"
            + "<Label value=\"ORG\" alias=\"Organisation\"/></Labels><Text name=\"text\" value=\"$text\"/></View>";

    private List<Long> tasks(Project project, int count) {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(Map.of("text", "Alice works at Acme, text " + i));
        }
        return ls.client()
                .tasks()
                .importTasks(project.id(), tasks, ImportOptions.defaults())
                .taskIds();
    }

    private Prediction predict(long taskId, Object body, String options) {
        return ls.request("labelstudio:predictions?operation=create&taskId=" + taskId + options, body, Map.of())
                .getMessage()
                .getBody(Prediction.class);
    }

    @Test
    void threeResultFormsGiveEqualPredictions() {
        Project project = ls.project("Predictions", CHOICES);
        List<Long> ids = tasks(project, 3);

        Prediction fromLabel = predict(ids.get(0), "Class A", "&modelVersion=v1&score=0.9");
        Prediction fromValue = predict(ids.get(1), Map.of("choices", List.of("Class A")), "&modelVersion=v1");
        Prediction fromFull = predict(
                ids.get(2),
                List.of(Map.of(
                        "from_name",
                        "class",
                        "to_name",
                        "text",
                        "type",
                        "choices",
                        "value",
                        Map.of("choices", List.of("Class A")))),
                "&modelVersion=v1");

        // read back from the server
        List<Object> results = new ArrayList<>();
        for (Prediction p : List.of(fromLabel, fromValue, fromFull)) {
            Prediction read = ls.request("labelstudio:predictions?operation=get&predictionId=" + p.id(), null, Map.of())
                    .getMessage()
                    .getBody(Prediction.class);
            assertThat(read.modelVersion()).isEqualTo("v1");
            results.add(read.result());
        }
        assertThat(results.get(0)).isEqualTo(results.get(1)).isEqualTo(results.get(2));
        assertThat(ls.client().predictions().get(fromLabel.id()).score()).isEqualTo(0.9);

        // an unknown label is refused before anything is sent
        Exception unknown =
                ls.failure("labelstudio:predictions?operation=create&taskId=" + ids.get(0), "Class Z", Map.of());
        assertThat(unknown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Class Z");
        List<Prediction> ofTask = new ArrayList<>();
        ls.client().predictions().listForTask(ids.get(0)).forEach(ofTask::add);
        assertThat(ofTask).hasSize(1);
    }

    @Test
    void labelsOnTextTakeTheValueForm() {
        Project project = ls.project("NER", NER);
        long task = tasks(project, 1).get(0);

        Prediction prediction = predict(
                task, Map.of("start", 0, "end", 5, "text", "Alice", "labels", List.of("PER")), "&modelVersion=ner-1");

        Map<String, Object> item =
                ls.client().predictions().get(prediction.id()).result().get(0);
        assertThat(item)
                .containsEntry("from_name", "label")
                .containsEntry("to_name", "text")
                .containsEntry("type", "labels");
        assertThat(item.get("value"))
                .isEqualTo(Map.of("start", 0L, "end", 5L, "text", "Alice", "labels", List.of("PER")));
    }

    @Test
    void predictionCrudListCreateManyAndCoverage() {
        Project project = ls.project("Coverage", CHOICES);
        List<Long> ids = tasks(project, 4);

        Exchange many = ls.request(
                "labelstudio:predictions?operation=createMany&projectId=" + project.id() + "&modelVersion=bulk",
                List.of(
                        Map.of("task", ids.get(0), "result", "Class A"),
                        Map.of("task", ids.get(1), "result", Map.of("choices", List.of("Class B"))),
                        Map.of("task", ids.get(1), "result", "Class A", "model_version", "other")),
                Map.of());
        assertThat(many.getMessage().getHeader(LabelStudioConstants.CREATED_COUNT))
                .isEqualTo(3L);

        List<Prediction> all = new ArrayList<>();
        Iterable<?> listed = ls.request(
                        "labelstudio:predictions?operation=list&projectId=" + project.id(), null, Map.of())
                .getMessage()
                .getBody(Iterable.class);
        listed.forEach(p -> all.add((Prediction) p));
        assertThat(all).hasSize(3);

        @SuppressWarnings("unchecked")
        Map<String, Object> versions = ls.request(
                        "labelstudio:projects?operation=listModelVersions&projectId=" + project.id(), null, Map.of())
                .getMessage()
                .getBody(Map.class);
        assertThat(versions).containsEntry("bulk", 2L).containsEntry("other", 1L);

        List<?> coverage = ls.request(
                        "labelstudio:projects?operation=predictionsCoverage&projectId=" + project.id(), null, Map.of())
                .getMessage()
                .getBody(List.class);
        // computed independently from the tasks' predictions
        for (Object entry : coverage) {
            PredictionCoverage c = (PredictionCoverage) entry;
            long expected = ids.stream()
                    .filter(id -> ls.client().tasks().get(id).predictions().stream()
                            .anyMatch(p -> c.modelVersion().equals(p.get("model_version"))))
                    .count();
            assertThat(c.tasksWithPredictions()).as(c.modelVersion()).isEqualTo(expected);
            assertThat(c.totalTasks()).isEqualTo(4);
            assertThat(c.coverage()).isEqualTo(expected / 4.0);
        }
        assertThat(coverage)
                .extracting(c -> ((PredictionCoverage) c).modelVersion())
                .contains("bulk", "other");

        Prediction first = all.get(0);
        ls.request(
                "labelstudio:predictions?operation=update",
                Map.of("score", 0.25),
                Map.of(LabelStudioConstants.PREDICTION_ID, first.id()));
        assertThat(ls.client().predictions().get(first.id()).score()).isEqualTo(0.25);
        ls.request("labelstudio:predictions?operation=delete&predictionId=" + first.id(), null, Map.of());
        assertThatThrownBy(() -> ls.client().predictions().get(first.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void annotationCrudAndCreateFromPredictions() {
        Project project = ls.project("Annotations", CHOICES);
        List<Long> ids = tasks(project, 3);
        Map<String, Object> choiceA = Map.of(
                "from_name",
                "class",
                "to_name",
                "text",
                "type",
                "choices",
                "value",
                Map.of("choices", List.of("Class A")));

        Annotation created = ls.request(
                        "labelstudio:annotations?operation=create&taskId=" + ids.get(0),
                        Map.of("result", List.of(choiceA), "lead_time", 4.5),
                        Map.of())
                .getMessage()
                .getBody(Annotation.class);
        Annotation read = ls.request(
                        "labelstudio:annotations?operation=get&annotationId=" + created.id(), null, Map.of())
                .getMessage()
                .getBody(Annotation.class);
        assertThat(read.result()).isEqualTo(List.of(choiceA));
        assertThat(read.leadTime()).isEqualTo(4.5);

        ls.request(
                "labelstudio:annotations?operation=update",
                Map.of("ground_truth", true),
                Map.of(LabelStudioConstants.ANNOTATION_ID, created.id()));
        assertThat(ls.client().annotations().get(created.id()).groundTruth()).isTrue();

        // predictions for the two other tasks, then turned into annotations
        ls.client()
                .predictions()
                .createMany(
                        project.id(),
                        List.<Map<String, ?>>of(
                                        Map.of("task", ids.get(1), "result", "Class B"),
                                        Map.of("task", ids.get(2), "result", "Class A", "model_version", "skip-me"))
                                .iterator(),
                        ls.client().projects().parseConfig(project.id()),
                        null,
                        null,
                        "use-me");
        Exchange converted = ls.request(
                "labelstudio:annotations?operation=createFromPredictions&modelVersions=use-me&projectId="
                        + project.id(),
                null,
                Map.of());
        assertThat(converted.getMessage().getBody()).isEqualTo(1L);
        List<?> ofTask1 = ls.request("labelstudio:annotations?operation=list&taskId=" + ids.get(1), null, Map.of())
                .getMessage()
                .getBody(List.class);
        assertThat(ofTask1).hasSize(1);
        assertThat(((Annotation) ofTask1.get(0)).result().get(0).get("value"))
                .isEqualTo(Map.of("choices", List.of("Class B")));
        assertThat(ls.client().annotations().list(ids.get(2))).isEmpty();

        ls.request("labelstudio:annotations?operation=delete&annotationId=" + created.id(), null, Map.of());
        assertThat(ls.client().annotations().list(ids.get(0))).isEmpty();
        assertThat(ls.client()
                        .tasks()
                        .listIds(project.id(), TaskQuery.all().withLabeled(true))
                        .total())
                .isEqualTo(1);
    }

    @Test
    void parseConfigMatchesTheServersParsedLabelConfig() {
        for (String config : List.of(CHOICES, NER, LabelConfigs.IMAGE_LABELS)) {
            Project project = ls.project("Parse", config);
            Map<?, ?> ours = ls.request(
                            "labelstudio:projects?operation=parseConfig&projectId=" + project.id(), null, Map.of())
                    .getMessage()
                    .getBody(Map.class);
            Object servers = ls.client().projects().get(project.id()).field("parsed_label_config");
            assertThat(ours).as(config).isEqualTo(servers);
            // the same from an XML body, without a project
            Map<?, ?> fromXml = ls.request("labelstudio:projects?operation=parseConfig", config, Map.of())
                    .getMessage()
                    .getBody(Map.class);
            assertThat(fromXml).isEqualTo(ours);
        }
        Map<?, ?> ner = ls.request("labelstudio:projects?operation=parseConfig", NER, Map.of())
                .getMessage()
                .getBody(Map.class);
        Map<?, ?> label = (Map<?, ?>) ner.get("label");
        assertThat(label.get("type")).isEqualTo("Labels");
        assertThat(label.get("to_name")).isEqualTo(List.of("text"));
        assertThat(label.get("labels")).isEqualTo(List.of("PER", "Organisation")); // alias before value
        assertThat(((Map<?, ?>) ((List<?>) label.get("inputs")).get(0)).get("value"))
                .isEqualTo("text");
    }

    @Test
    void membersOnCommunityGiveTheEnterpriseOnlyError() {
        Project project = ls.project("Members", CHOICES);
        for (String uri : List.of(
                "labelstudio:projects?operation=listMembers&projectId=" + project.id(),
                "labelstudio:projects?operation=addMember&userId=1&projectId=" + project.id())) {
            assertThat(ls.failure(uri, null, Map.of()))
                    .isInstanceOf(EnterpriseOnlyException.class)
                    .hasMessageContaining("needs Label Studio Enterprise");
        }
    }
}
