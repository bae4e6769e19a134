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

import static io.camellabelstudio.client.ClientTestSupport.clientFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.http.RetrySettings;
import io.camellabelstudio.client.model.Task;

/**
 * A listing of selected tasks (the seed's {@code get_tasks(selected_ids=...)}) keeps every request line within 4094
 * bytes, gunicorn's limit: the selection travels in the query string, so a long one is listed in chunks.
 */
class TaskListingSelectionTest {

    private StubLabelStudio stub;
    private LabelStudioClient client;

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        client = clientFor(stub).retrySettings(RetrySettings.NONE).build();
        // the server's answer: the selected ids that exist (every third one is missing), in pages
        stub.when("GET", "/api/tasks/", request -> {
            JsonNode selected = Json.mapper()
                    .readTree(request.queryParam("query"))
                    .path("selectedItems")
                    .path("included");
            List<Long> existing = new ArrayList<>();
            selected.forEach(id -> {
                if (id.asLong() % 3 != 0) {
                    existing.add(id.asLong());
                }
            });
            existing.sort(null);
            int page = Integer.parseInt(request.queryParam("page"));
            int size = Integer.parseInt(request.queryParam("page_size"));
            int from = (page - 1) * size;
            if (from >= existing.size() && page > 1) {
                return StubResponse.json(404, "{\"detail\": \"Invalid page.\"}");
            }
            String tasks = existing.subList(from, Math.min(existing.size(), from + size)).stream()
                    .map(id -> "{\"id\": " + id + "}")
                    .collect(Collectors.joining(", "));
            return StubResponse.json(200, "{\"total\": " + existing.size() + ", \"tasks\": [" + tasks + "]}");
        });
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
    }

    @Test
    void aLongSelectionIsListedInChunksOfRequestsThatFitTheRequestLineLimit() {
        List<Long> selected = LongStream.rangeClosed(1, 5000)
                .map(i -> 100_000 + 7 * i)
                .boxed()
                .toList();
        List<Long> reversed = new ArrayList<>(selected);
        Collections.reverse(reversed);

        List<Long> listed = StreamSupport.stream(
                        client.tasks()
                                .list(
                                        5,
                                        TaskQuery.all()
                                                .withSelectedIds(reversed)
                                                .withPageSize(100))
                                .spliterator(),
                        false)
                .map(Task::id)
                .toList();

        assertThat(listed)
                .as("every selected task that exists, once, in id order")
                .containsExactlyElementsOf(
                        selected.stream().filter(id -> id % 3 != 0).toList());
        assertThat(stub.requests()).hasSizeGreaterThan(5);
        assertThat(stub.requests()).allSatisfy(r -> assertThat(requestLine(r)).hasSizeLessThanOrEqualTo(4094));
    }

    @Test
    void aShortSelectionIsOneListing() {
        List<Long> listed = new ArrayList<>();
        client.tasks()
                .listIds(5, TaskQuery.all().withSelectedIds(List.of(1L, 2L, 4L)))
                .forEach(listed::add);

        assertThat(listed).containsExactly(1L, 2L, 4L);
        assertThat(stub.requests()).hasSize(1);
    }

    private static String requestLine(RecordedRequest request) {
        String query = request.rawQuery() == null ? "" : "?" + request.rawQuery();
        return request.method() + " " + request.path() + query + " HTTP/1.1";
    }
}
