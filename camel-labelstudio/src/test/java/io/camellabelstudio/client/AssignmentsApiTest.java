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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.error.EnterpriseOnlyException;
import io.camellabelstudio.client.error.LabelStudioException;
import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.client.http.Json;

/** Assignment requests against the stub: batching, request shapes, and the Enterprise-only check. */
class AssignmentsApiTest {

    private static final String VERSION = "/api/version/";
    private static final String ASSIGNEES = "/api/projects/5/tasks/assignees";
    private static final String ACTIONS = "/api/dm/actions/";
    private static final String ENTERPRISE =
            "{\"release\": \"2.30.0\", \"label-studio-os-package\": {\"version\": \"2.30.0\"}, \"edition\": \"Enterprise\"}";
    private static final String COMMUNITY = "{\"release\": \"1.23.2\", \"label-studio-os-package\": {\"version\":"
            + " \"1.23.2\"}, \"label-studio-frontend\": {}, \"edition\": \"Community\"}";

    private StubLabelStudio stub;
    private LabelStudioClient client;
    private AssignmentsApi api;

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        client = clientFor(stub).build();
        api = new AssignmentsApi(client.transport());
        // like the server: {"assignments": users x tasks}
        stub.when("POST", ASSIGNEES, request -> {
            JsonNode body = json(request);
            long count = (long) body.path("users").size()
                    * body.path("selectedItems").path("included").size();
            return StubResponse.json(201, "{\"assignments\": " + count + "}");
        });
        stub.when(
                "POST",
                ACTIONS,
                request -> StubResponse.json(
                        200,
                        "{\"processed_items\": "
                                + json(request)
                                        .path("selectedItems")
                                        .path("included")
                                        .size() + ", \"detail\": \"Updated\"}"));
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
        assertThat(stub.errors()).isEmpty();
    }

    private static JsonNode json(RecordedRequest request) throws Exception {
        return Json.mapper().readTree(request.bodyAsString());
    }

    private static List<Long> ids(long from, int count) {
        return LongStream.range(from, from + count).boxed().toList();
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asLong()));
        return values;
    }

    private void enterprise() {
        stub.when("GET", VERSION, StubResponse.json(200, ENTERPRISE));
    }

    private void community() {
        stub.when("GET", VERSION, StubResponse.json(200, COMMUNITY));
    }

    private List<RecordedRequest> assignmentRequests() {
        return stub.requests(r -> r.path().equals(ASSIGNEES) || r.path().equals(ACTIONS));
    }

    @Test
    void assignsAnnotatorsInBatchesOf1000() throws Exception {
        enterprise();
        List<Long> tasks = ids(10_001, 2500);

        AssignmentResult result = api.assignAnnotators(5, List.of(3L, 4L), tasks);

        List<RecordedRequest> posts = stub.requests("POST", ASSIGNEES);
        assertThat(posts).hasSize(3);
        List<Long> sent = new ArrayList<>();
        int[] sizes = {1000, 1000, 500};
        for (int i = 0; i < posts.size(); i++) {
            JsonNode body = json(posts.get(i));
            assertThat(posts.get(i).rawQuery()).isNull();
            assertThat(posts.get(i).header("Content-Type")).startsWith("application/json");
            assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("type", "users", "selectedItems");
            assertThat(body.path("type").asText()).isEqualTo("AN");
            assertThat(longs(body.path("users"))).containsExactly(3L, 4L);
            assertThat(body.path("selectedItems").path("all").isBoolean()).isTrue();
            assertThat(body.path("selectedItems").path("all").asBoolean()).isFalse();
            assertThat(body.path("selectedItems").path("included")).hasSize(sizes[i]);
            sent.addAll(longs(body.path("selectedItems").path("included")));
        }
        assertThat(sent).isEqualTo(tasks);
        assertThat(result.requests()).isEqualTo(3);
        assertThat(result.createdAssignments()).isEqualTo(5000);
        assertThat(result.requestedAssignments()).isEqualTo(5000);
        assertThat(result.taskIds()).isEqualTo(tasks);
        assertThat(result.taskCountOf(3)).isEqualTo(2500);
        assertThat(result.role()).isEqualTo(AssignmentRole.ANNOTATOR);
        assertThat(stub.requests("GET", VERSION)).hasSize(1);
        assertThat(stub.requests().get(0).path()).isEqualTo(VERSION); // checked before anything is sent
    }

    @Test
    void assignsReviewersWithTypeRe() throws Exception {
        enterprise();

        AssignmentResult result = api.assignReviewers(5, List.of(9L), List.of(1L, 2L, 2L));

        RecordedRequest post = stub.requests("POST", ASSIGNEES).get(0);
        assertThat(post.bodyAsString())
                .isEqualTo("{\"type\":\"RE\",\"users\":[9],\"selectedItems\":{\"all\":false,\"included\":[1,2]}}");
        assertThat(result.role()).isEqualTo(AssignmentRole.REVIEWER);
        assertThat(result.createdAssignments()).isEqualTo(2);
    }

    @Test
    void unassignAlwaysSendsTheSelectedTasks() throws Exception {
        enterprise();

        long annotators = api.unassignAnnotators(5, List.of(11L, 12L, 13L));
        long reviewers = api.unassignReviewers(5, List.of(14L));

        List<RecordedRequest> posts = stub.requests("POST", ACTIONS);
        assertThat(posts).hasSize(2);
        assertThat(posts.get(0).queryParam("id")).isEqualTo("delete_annotators");
        assertThat(posts.get(0).queryParam("project")).isEqualTo("5");
        assertThat(posts.get(0).bodyAsString())
                .isEqualTo("{\"selectedItems\":{\"all\":false,\"included\":[11,12,13]}}");
        assertThat(posts.get(1).queryParam("id")).isEqualTo("delete_reviewers");
        assertThat(posts.get(1).bodyAsString()).isEqualTo("{\"selectedItems\":{\"all\":false,\"included\":[14]}}");
        assertThat(annotators).isEqualTo(3);
        assertThat(reviewers).isEqualTo(1);
    }

    @Test
    void unassignBatchesLargeSelections() throws Exception {
        enterprise();

        long processed = api.unassignAnnotators(5, ids(1, 2001));

        List<RecordedRequest> posts = stub.requests("POST", ACTIONS);
        assertThat(posts).hasSize(3);
        assertThat(posts)
                .allSatisfy(p -> assertThat(
                                json(p).path("selectedItems").path("all").asBoolean(true))
                        .isFalse());
        assertThat(posts.stream()
                        .map(p -> {
                            try {
                                return json(p).path("selectedItems")
                                        .path("included")
                                        .size();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        })
                        .toList())
                .containsExactly(1000, 1000, 1);
        assertThat(processed).isEqualTo(2001);
    }

    @Test
    void emptyTaskListsSendNothing() {
        community(); // would refuse, but nothing is even asked

        assertThat(api.unassignAnnotators(5, List.of())).isZero();
        assertThat(api.unassignReviewers(5, List.of())).isZero();
        AssignmentResult result = api.assignAnnotators(5, List.of(1L), List.of());

        assertThat(result.requests()).isZero();
        assertThat(result.taskIds()).isEmpty();
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void communityEditionIsRefusedBeforeAnythingIsSent() {
        community();

        Throwable error = catchThrowable(() -> api.assignAnnotators(5, List.of(1L), List.of(10L, 11L)));

        assertThat(error)
                .isInstanceOf(EnterpriseOnlyException.class)
                .isInstanceOf(LabelStudioException.class)
                .hasMessage("assignAnnotators needs Label Studio Enterprise; the server at " + stub.url()
                        + " runs the Community edition 1.23.2 (from /api/version/)");
        EnterpriseOnlyException enterpriseOnly = (EnterpriseOnlyException) error;
        assertThat(enterpriseOnly.getOperation()).isEqualTo("assignAnnotators");
        assertThat(enterpriseOnly.getEdition()).isEqualTo("Community");
        assertThat(enterpriseOnly.getRelease()).isEqualTo("1.23.2");
        assertThat(enterpriseOnly.getServerUrl()).isEqualTo(stub.url());
        assertThat(assignmentRequests()).isEmpty();
    }

    @Test
    void everyOperationIsRefusedOnCommunityAndTheVersionIsAskedOnce() {
        community();

        assertThatThrownBy(() -> api.assignAnnotators(5, List.of(1L), List.of(10L)))
                .isInstanceOf(EnterpriseOnlyException.class);
        assertThatThrownBy(() -> api.assignReviewers(5, List.of(1L), List.of(10L)))
                .isInstanceOf(EnterpriseOnlyException.class)
                .hasMessageStartingWith("assignReviewers needs Label Studio Enterprise");
        assertThatThrownBy(() -> api.unassignAnnotators(5, List.of(10L)))
                .isInstanceOf(EnterpriseOnlyException.class)
                .hasMessageStartingWith("unassignAnnotators needs Label Studio Enterprise");
        assertThatThrownBy(() -> api.unassignReviewers(5, List.of(10L)))
                .isInstanceOf(EnterpriseOnlyException.class)
                .hasMessageStartingWith("unassignReviewers needs Label Studio Enterprise");
        assertThatThrownBy(() -> api.assignAnnotatorsBySampling(5, List.of(1L, 2L), List.of(10L, 11L), 1.0, 1))
                .isInstanceOf(EnterpriseOnlyException.class)
                .hasMessageStartingWith("assignAnnotatorsBySampling needs Label Studio Enterprise");
        assertThatThrownBy(() -> api.assignReviewersBySampling(5, List.of(1L), List.of(10L), 1.0, 1, new Random(1)))
                .isInstanceOf(EnterpriseOnlyException.class)
                .hasMessageStartingWith("assignReviewersBySampling needs Label Studio Enterprise");

        assertThat(stub.requests("GET", VERSION)).hasSize(1);
        assertThat(assignmentRequests()).isEmpty();
    }

    @Test
    void enterpriseEditionSendsAndTheVersionIsAskedOnce() {
        enterprise();

        api.assignAnnotators(5, List.of(1L), List.of(10L));
        api.unassignReviewers(5, List.of(10L));
        api.assignReviewersBySampling(5, List.of(1L, 2L), ids(1, 10), 0.5, 2, new Random(3));

        assertThat(stub.requests("GET", VERSION)).hasSize(1);
        assertThat(stub.requests("POST", ASSIGNEES)).hasSize(3); // 1 + one per sampled user
        assertThat(stub.requests("POST", ACTIONS)).hasSize(1);
    }

    @Test
    void aVersionWithoutEditionLetsTheServerAnswerAndIsRemembered() {
        stub.when("GET", VERSION, StubResponse.json(200, "{\"release\": \"1.9.0\"}"));

        api.assignAnnotators(5, List.of(1L), List.of(10L));
        api.assignAnnotators(5, List.of(1L), List.of(11L));

        assertThat(stub.requests("GET", VERSION)).hasSize(1);
        assertThat(stub.requests("POST", ASSIGNEES)).hasSize(2);
    }

    @Test
    void aFailedVersionCallLetsTheServerAnswerAndIsAskedAgain() {
        stub.when("GET", VERSION, StubResponse.json(404, "{\"detail\": \"Not found.\"}"));

        api.assignAnnotators(5, List.of(1L), List.of(10L));
        api.assignAnnotators(5, List.of(1L), List.of(11L));

        assertThat(stub.requests("GET", VERSION)).hasSize(2);
        assertThat(stub.requests("POST", ASSIGNEES)).hasSize(2);
    }

    @Test
    void theCommunityServersUnknownActionErrorBecomesEnterpriseOnly() {
        stub.when("GET", VERSION, StubResponse.json(200, "{}"));
        stub.when(
                "POST",
                ACTIONS,
                StubResponse.json(
                        500,
                        "{\"id\": \"x\", \"status_code\": 500, \"version\": \"1.23.2\","
                                + " \"detail\": \"Can't find 'delete_annotators' in registered actions\"}"));

        Throwable error = catchThrowable(() -> api.unassignAnnotators(5, List.of(10L)));

        assertThat(error)
                .isInstanceOf(EnterpriseOnlyException.class)
                .hasMessage("unassignAnnotators needs Label Studio Enterprise; the server at " + stub.url()
                        + " runs the Community edition (it has no Data Manager action delete_annotators)")
                .hasCauseInstanceOf(ServerErrorException.class);
    }

    @Test
    void otherServerErrorsStayAsTheyAre() {
        enterprise();
        stub.when("POST", ACTIONS, StubResponse.json(500, "{\"detail\": \"database is locked\"}"));

        assertThatThrownBy(() -> api.unassignReviewers(5, List.of(10L)))
                .isExactlyInstanceOf(ServerErrorException.class)
                .hasMessageContaining("database is locked");
    }

    @Test
    void samplingSendsThePlanOneUserPerRequest() throws Exception {
        enterprise();
        List<Long> users = List.of(1L, 2L, 3L);
        List<Long> tasks = ids(100, 9);

        AssignmentResult result = api.assignAnnotatorsBySampling(5, users, tasks, 1.0, 2, new Random(99));

        AssignmentPlan plan = AssignmentSampling.plan(users, tasks, 1.0, 2, new Random(99));
        Map<Long, List<Long>> sent = new HashMap<>();
        Map<Long, Integer> perTask = new HashMap<>();
        for (RecordedRequest post : stub.requests("POST", ASSIGNEES)) {
            JsonNode body = json(post);
            assertThat(body.path("type").asText()).isEqualTo("AN");
            assertThat(body.path("users")).hasSize(1);
            assertThat(body.path("selectedItems").path("all").asBoolean(true)).isFalse();
            List<Long> included = longs(body.path("selectedItems").path("included"));
            sent.put(body.path("users").get(0).asLong(), included);
            included.forEach(t -> perTask.merge(t, 1, Integer::sum));
        }
        assertThat(sent).isEqualTo(plan.tasksByUser());
        assertThat(perTask)
                .hasSize(9)
                .allSatisfy((task, count) -> assertThat(count).isEqualTo(2));
        assertThat(result.tasksByUser()).isEqualTo(plan.tasksByUser());
        assertThat(result.requests()).isEqualTo(3);
        assertThat(result.createdAssignments()).isEqualTo(18);
        assertThat(result.taskCountOf(1)).isEqualTo(6);
    }

    @Test
    void samplingBatchesEachUsersTasks() throws Exception {
        enterprise();

        AssignmentResult result =
                api.assignReviewersBySampling(5, List.of(1L, 2L), ids(1, 3000), 1.0, 1, new Random(4));

        List<RecordedRequest> posts = stub.requests("POST", ASSIGNEES);
        List<String> shape = new ArrayList<>();
        for (RecordedRequest post : posts) {
            JsonNode body = json(post);
            shape.add(
                    body.path("type").asText() + " " + body.path("users").get(0).asLong() + ":"
                            + body.path("selectedItems").path("included").size());
        }
        assertThat(shape).containsExactly("RE 1:1000", "RE 1:500", "RE 2:1000", "RE 2:500");
        assertThat(result.requests()).isEqualTo(4);
        assertThat(result.taskIds()).hasSize(3000);
    }

    @Test
    void aSampleOfNoTaskSendsNothing() {
        enterprise();

        AssignmentResult result = api.assignAnnotatorsBySampling(5, List.of(1L), ids(1, 3), 0.2, 1, new Random(1));

        assertThat(result.requests()).isZero();
        assertThat(result.requestedAssignments()).isZero();
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void invalidArgumentsAreRejectedBeforeAnyRequest() {
        enterprise();

        assertThatThrownBy(() -> api.assignAnnotatorsBySampling(5, List.of(1L, 2L), ids(1, 5), 1.0, 3, new Random()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlap 3 is more than the number of users (2)");
        assertThatThrownBy(() -> api.assignReviewersBySampling(5, List.of(1L), ids(1, 5), 1.5, 1, new Random()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fraction must be in (0, 1]");
        assertThatThrownBy(() -> api.assignAnnotators(5, List.of(), ids(1, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("userIds is empty: give at least one user to assign tasks to");
        assertThat(stub.requests()).isEmpty();
    }
}
