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

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.RecordedRequest;
import io.camellabelstudio.client.StubResponse;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.Task;

/**
 * What a user porting code from the Python SDK expects: the task list with annotations and predictions
 * ({@code get_tasks()}: fields=all), filters and ordering per message, one page with its totals
 * ({@code get_paginated_tasks}), and {@code score} 0 on a prediction created without one ({@code create_prediction}).
 */
class SeedDefaultsTest extends StubCamelTestSupport {

    private static final String TASKS = "/api/tasks/";
    private static final String PAGE = "{\"total\": 25, \"total_annotations\": 40, \"total_predictions\": 7,"
            + " \"tasks\": [{\"id\": 11, \"data\": {\"text\": \"a\"}, \"annotations\": [{\"id\": 1}]},"
            + " {\"id\": 12, \"data\": {\"text\": \"b\"}}]}";
    private static final String FILTER_OPTION = "{\"conjunction\": \"and\", \"items\": [{\"filter\":"
            + " \"filter:tasks:id\", \"operator\": \"greater\", \"type\": \"Number\", \"value\": 1}]}";
    private static final String FILTER_HEADER = "{\"conjunction\": \"and\", \"items\": [{\"filter\":"
            + " \"filter:tasks:total_annotations\", \"operator\": \"equal\", \"type\": \"Number\", \"value\": 0}]}";

    @Test
    void theTaskListBringsAnnotationsAndPredictionsUnlessTaskOnlyIsAsked() {
        stub.when("GET", TASKS, StubResponse.json(200, PAGE.replace("25", "2")));

        List<?> all = success("labelstudio:tasks?operation=list&projectId=1", null, Map.of())
                .getMessage()
                .getBody(List.class);
        success("labelstudio:tasks?operation=list&projectId=1&fields=task_only", null, Map.of())
                .getMessage()
                .getBody(List.class);

        assertThat(all).hasSize(2);
        assertThat(stub.requests()).extracting(r -> r.queryParam("fields")).containsExactly("all", "task_only");
    }

    @Test
    void filtersAndOrderingHeadersOverrideTheOptionsForOneMessage() throws IOException {
        stub.when("GET", TASKS, StubResponse.json(200, PAGE.replace("25", "2")));
        String uri =
                "labelstudio:tasks?operation=list&projectId=1&ordering=tasks:id&filters=RAW(" + FILTER_OPTION + ")";

        success(uri, null, Map.of()).getMessage().getBody(List.class);
        success(
                        uri,
                        null,
                        Map.of(
                                LabelStudioConstants.FILTERS,
                                FILTER_HEADER,
                                LabelStudioConstants.ORDERING,
                                "-tasks:updated_at"))
                .getMessage()
                .getBody(List.class);
        // a Map works too
        success(uri, null, Map.of(LabelStudioConstants.FILTERS, Json.mapper().readValue(FILTER_HEADER, Map.class)))
                .getMessage()
                .getBody(List.class);

        List<RecordedRequest> requests = stub.requests();
        assertThat(query(requests.get(0)).at("/filters/items/0/filter").asText())
                .isEqualTo("filter:tasks:id");
        assertThat(query(requests.get(0)).at("/ordering/0").asText()).isEqualTo("tasks:id");
        assertThat(query(requests.get(1)).at("/filters/items/0/filter").asText())
                .isEqualTo("filter:tasks:total_annotations");
        assertThat(query(requests.get(1)).at("/ordering/0").asText()).isEqualTo("-tasks:updated_at");
        assertThat(query(requests.get(2)).at("/filters/items/0/filter").asText())
                .isEqualTo("filter:tasks:total_annotations");
        assertThat(query(requests.get(2)).at("/ordering/0").asText()).isEqualTo("tasks:id");

        Throwable bad = failure(uri, null, Map.of(LabelStudioConstants.FILTERS, "{\"items\": 3}"));
        assertThat(bad).hasMessageContaining("the CamelLabelStudioFilters header is invalid");
    }

    @Test
    void thePageOptionAnswersOnePageWithTheSelectionsTotals() {
        stub.when("GET", TASKS, StubResponse.json(200, PAGE));

        Exchange page = success("labelstudio:tasks?operation=list&projectId=1&page=3&pageSize=2", null, Map.of());

        List<?> tasks = page.getMessage().getBody(List.class);
        assertThat(tasks).extracting(t -> ((Task) t).id()).containsExactly(11L, 12L);
        assertThat(page.getMessage().getHeader(LabelStudioConstants.TOTAL)).isEqualTo(25L);
        assertThat(page.getMessage().getHeader(LabelStudioConstants.TOTAL_ANNOTATIONS))
                .isEqualTo(40L);
        assertThat(page.getMessage().getHeader(LabelStudioConstants.TOTAL_PREDICTIONS))
                .isEqualTo(7L);
        assertThat(page.getMessage().getHeader(LabelStudioConstants.PAGE)).isEqualTo(3);
        assertThat(stub.requests()).singleElement().satisfies(r -> {
            assertThat(r.queryParam("page")).isEqualTo("3");
            assertThat(r.queryParam("page_size")).isEqualTo("2");
            assertThat(r.queryParam("fields")).isEqualTo("all");
        });

        // the header picks another page; past the last one the list is empty
        stub.when("GET", TASKS, StubResponse.json(404, "{\"detail\": \"Invalid page.\"}"));
        Exchange past = success(
                "labelstudio:tasks?operation=list&projectId=1&page=3", null, Map.of(LabelStudioConstants.PAGE, "99"));
        List<?> pastTheLast = past.getMessage().getBody(List.class);
        assertThat(pastTheLast).isEmpty();
        assertThat(stub.requests().get(1).queryParam("page")).isEqualTo("99");

        assertThat(failure("labelstudio:tasks?operation=list&projectId=1&page=0", null, Map.of()))
                .hasMessageContaining("the page option must be 1 or more");
    }

    @Test
    void aPredictionWithoutAScoreIsCreatedWithScoreZero() throws IOException {
        stub.when(
                "GET",
                "/api/projects/1/",
                StubResponse.json(
                        200,
                        "{\"id\": 1, \"title\": \"P\", \"label_config\": \"<View><Text name=\\\"text\\\""
                                + " value=\\\"$text\\\"/><Choices name=\\\"sentiment\\\" toName=\\\"text\\\">"
                                + "<Choice value=\\\"Positive\\\"/></Choices></View>\"}"));
        stub.when("POST", "/api/predictions/", StubResponse.json(201, "{\"id\": 5, \"task\": 12}"));

        success("labelstudio:predictions?operation=create&taskId=12&projectId=1", "Positive", Map.of());
        success("labelstudio:predictions?operation=create&taskId=12&projectId=1&score=0.75", "Positive", Map.of());

        List<RecordedRequest> posts = stub.requests("POST", "/api/predictions/");
        assertThat(Json.mapper()
                        .readTree(posts.get(0).bodyAsString())
                        .get("score")
                        .asDouble())
                .isEqualTo(0.0);
        assertThat(Json.mapper()
                        .readTree(posts.get(1).bodyAsString())
                        .get("score")
                        .asDouble())
                .isEqualTo(0.75);
    }

    private static JsonNode query(RecordedRequest request) throws IOException {
        return Json.mapper().readTree(request.queryParam("query"));
    }
}
