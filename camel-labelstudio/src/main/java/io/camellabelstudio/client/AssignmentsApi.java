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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.error.EnterpriseOnlyException;
import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.http.ApiTransport;

/**
 * Task assignment to annotators and reviewers — <b>Label Studio Enterprise only</b>: the Community edition has neither
 * {@code POST /api/projects/{id}/tasks/assignees} (404) nor the Data Manager actions {@code delete_annotators} /
 * {@code delete_reviewers} (500).
 *
 * <p>Before its first request this API asks {@code GET /api/version/} which edition the server runs, once per
 * instance. On Community every method throws {@link EnterpriseOnlyException} without sending anything. When the
 * answer names no edition (or the call fails), the request is sent and the server answers for itself.
 *
 * <p>Task ids go out in requests of at most 1000 ids. A failing request stops the remaining ones; the
 * assignments already sent stay.
 */
public final class AssignmentsApi {

    /** Task ids per request, as in the Python SDK. */
    static final int BATCH = 1000;

    private final ApiTransport transport;
    private final EditionGuard edition;

    AssignmentsApi(ApiTransport transport) {
        this(transport, new EditionGuard(transport));
    }

    AssignmentsApi(ApiTransport transport, EditionGuard edition) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.edition = Objects.requireNonNull(edition, "edition");
    }

    /**
     * Assigns every given task to every given user as annotator ({@code type AN}), in requests of at most 1000 tasks
     * that each name all users. An empty task list sends nothing.
     *
     * @throws IllegalArgumentException when {@code userIds} is empty or holds null
     * @throws EnterpriseOnlyException  when the server runs the Community edition
     */
    public AssignmentResult assignAnnotators(long projectId, List<Long> userIds, List<Long> taskIds) {
        return assign(projectId, AssignmentRole.ANNOTATOR, userIds, taskIds);
    }

    /** Like {@link #assignAnnotators}, as reviewers ({@code type RE}). */
    public AssignmentResult assignReviewers(long projectId, List<Long> userIds, List<Long> taskIds) {
        return assign(projectId, AssignmentRole.REVIEWER, userIds, taskIds);
    }

    /** Assigns every given task to every given user in {@code role}; see {@link #assignAnnotators}. */
    public AssignmentResult assign(long projectId, AssignmentRole role, List<Long> userIds, List<Long> taskIds) {
        Objects.requireNonNull(role, "role");
        List<Long> users = AssignmentSampling.distinct(userIds, "userIds");
        List<Long> tasks = AssignmentSampling.distinct(taskIds, "taskIds");
        if (users.isEmpty()) {
            throw new IllegalArgumentException("userIds is empty: give at least one user to assign tasks to");
        }
        Map<Long, List<Long>> tasksByUser = new LinkedHashMap<>();
        users.forEach(user -> tasksByUser.put(user, tasks));
        if (tasks.isEmpty()) {
            return new AssignmentResult(role, tasksByUser, 0, 0);
        }
        edition.requireEnterprise(role.assignOperation());
        long created = 0;
        int requests = 0;
        for (int from = 0; from < tasks.size(); from += BATCH) {
            created += postAssignees(projectId, role, users, tasks.subList(from, Math.min(tasks.size(), from + BATCH)));
            requests++;
        }
        return new AssignmentResult(role, tasksByUser, created, requests);
    }

    /**
     * Removes all annotators from the given tasks (Data Manager action {@code delete_annotators}), in requests of at
     * most 1000 tasks, always naming the tasks ({@code selectedItems}) — never "all tasks". An empty list sends nothing.
     *
     * @return the sum of the server's {@code processed_items} counts
     * @throws EnterpriseOnlyException when the server runs the Community edition
     */
    public long unassignAnnotators(long projectId, List<Long> taskIds) {
        return unassign(projectId, AssignmentRole.ANNOTATOR, taskIds);
    }

    /** Removes all reviewers from the given tasks ({@code delete_reviewers}); see {@link #unassignAnnotators}. */
    public long unassignReviewers(long projectId, List<Long> taskIds) {
        return unassign(projectId, AssignmentRole.REVIEWER, taskIds);
    }

    /** Removes every assignment of {@code role} from the given tasks; see {@link #unassignAnnotators}. */
    public long unassign(long projectId, AssignmentRole role, List<Long> taskIds) {
        Objects.requireNonNull(role, "role");
        List<Long> tasks = AssignmentSampling.distinct(taskIds, "taskIds");
        if (tasks.isEmpty()) {
            return 0; // an action without selectedItems would apply to every task of the project
        }
        edition.requireEnterprise(role.unassignOperation());
        long processed = 0;
        for (int from = 0; from < tasks.size(); from += BATCH) {
            List<Long> chunk = tasks.subList(from, Math.min(tasks.size(), from + BATCH));
            JsonNode answer;
            try {
                answer = DataManagerActions.run(
                        transport, projectId, role.deleteAction(), DataManagerActions.only(chunk), Map.of());
            } catch (ServerErrorException e) {
                throw unknownAction(role, e);
            }
            processed += answer == null ? 0 : answer.path("processed_items").asLong(0);
        }
        return processed;
    }

    /**
     * Assigns a random {@code fraction} of the tasks to annotators, each picked task to {@code overlap} different users,
     * spread evenly; see {@link AssignmentSampling} for the rules (the count of picked tasks is {@code floor(tasks ×
     * fraction)}). Sends one user per request, at most 1000 tasks each; nothing when no task is picked.
     *
     * @throws IllegalArgumentException on empty lists, a fraction outside (0, 1], or an overlap below 1 or above the
     *                                  number of distinct users
     * @throws EnterpriseOnlyException  when the server runs the Community edition
     */
    public AssignmentResult assignAnnotatorsBySampling(
            long projectId, List<Long> userIds, List<Long> taskIds, double fraction, int overlap, Random random) {
        return assignBySampling(projectId, AssignmentRole.ANNOTATOR, userIds, taskIds, fraction, overlap, random);
    }

    /** {@link #assignAnnotatorsBySampling(long, List, List, double, int, Random)} with an unseeded {@link Random}. */
    public AssignmentResult assignAnnotatorsBySampling(
            long projectId, List<Long> userIds, List<Long> taskIds, double fraction, int overlap) {
        return assignAnnotatorsBySampling(projectId, userIds, taskIds, fraction, overlap, new Random());
    }

    /** Like {@link #assignAnnotatorsBySampling(long, List, List, double, int, Random)}, as reviewers. */
    public AssignmentResult assignReviewersBySampling(
            long projectId, List<Long> userIds, List<Long> taskIds, double fraction, int overlap, Random random) {
        return assignBySampling(projectId, AssignmentRole.REVIEWER, userIds, taskIds, fraction, overlap, random);
    }

    /** {@link #assignReviewersBySampling(long, List, List, double, int, Random)} with an unseeded {@link Random}. */
    public AssignmentResult assignReviewersBySampling(
            long projectId, List<Long> userIds, List<Long> taskIds, double fraction, int overlap) {
        return assignReviewersBySampling(projectId, userIds, taskIds, fraction, overlap, new Random());
    }

    /** Plans with {@link AssignmentSampling#plan} and sends the plan in {@code role}. */
    public AssignmentResult assignBySampling(
            long projectId,
            AssignmentRole role,
            List<Long> userIds,
            List<Long> taskIds,
            double fraction,
            int overlap,
            Random random) {
        Objects.requireNonNull(role, "role");
        AssignmentPlan plan = AssignmentSampling.plan(userIds, taskIds, fraction, overlap, random);
        return send(projectId, role, plan, role.samplingOperation());
    }

    /**
     * Sends a plan from {@link AssignmentSampling#plan}: for each user with tasks, requests naming that user and at
     * most 1000 of its tasks. An empty plan sends nothing.
     */
    public AssignmentResult assign(long projectId, AssignmentRole role, AssignmentPlan plan) {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(plan, "plan");
        return send(projectId, role, plan, role.samplingOperation());
    }

    private AssignmentResult send(long projectId, AssignmentRole role, AssignmentPlan plan, String operation) {
        if (plan.isEmpty()) {
            return new AssignmentResult(role, plan.tasksByUser(), 0, 0);
        }
        edition.requireEnterprise(operation);
        long created = 0;
        int requests = 0;
        for (Map.Entry<Long, List<Long>> entry : plan.tasksByUser().entrySet()) {
            List<Long> tasks = entry.getValue();
            for (int from = 0; from < tasks.size(); from += BATCH) {
                List<Long> chunk = tasks.subList(from, Math.min(tasks.size(), from + BATCH));
                created += postAssignees(projectId, role, List.of(entry.getKey()), chunk);
                requests++;
            }
        }
        return new AssignmentResult(role, plan.tasksByUser(), created, requests);
    }

    private long postAssignees(long projectId, AssignmentRole role, List<Long> users, List<Long> tasks) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", role.type());
        body.put("users", users);
        body.put("selectedItems", DataManagerActions.only(tasks));
        JsonNode answer = transport.execute(
                ApiRequest.post("/api/projects/" + projectId + "/tasks/assignees", body), JsonNode.class);
        return answer == null ? 0 : answer.path("assignments").asLong(0);
    }

    /** The Community server's 500 for an action it does not have, as {@link EnterpriseOnlyException}. */
    private RuntimeException unknownAction(AssignmentRole role, ServerErrorException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("'" + role.deleteAction() + "'") && message.contains("registered actions")) {
            return new EnterpriseOnlyException(
                    role.unassignOperation(),
                    edition.serverUrl(),
                    EditionGuard.COMMUNITY,
                    null,
                    "it has no Data Manager action " + role.deleteAction(),
                    e);
        }
        return e;
    }
}
