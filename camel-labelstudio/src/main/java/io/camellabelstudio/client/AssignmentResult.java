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

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** What an assignment sent: which tasks went to which user, and what the server reported. */
public final class AssignmentResult {

    private final AssignmentRole role;
    private final Map<Long, List<Long>> tasksByUser;
    private final List<Long> taskIds;
    private final long createdAssignments;
    private final int requests;

    AssignmentResult(AssignmentRole role, Map<Long, List<Long>> tasksByUser, long createdAssignments, int requests) {
        this.role = role;
        Map<Long, List<Long>> copy = new LinkedHashMap<>();
        TreeSet<Long> tasks = new TreeSet<>();
        tasksByUser.forEach((user, ids) -> {
            copy.put(user, List.copyOf(ids));
            tasks.addAll(ids);
        });
        this.tasksByUser = Collections.unmodifiableMap(copy);
        this.taskIds = List.copyOf(tasks);
        this.createdAssignments = createdAssignments;
        this.requests = requests;
    }

    public AssignmentRole role() {
        return role;
    }

    /** User id to the task ids sent for that user, in the order the users were given; may hold empty lists. */
    public Map<Long, List<Long>> tasksByUser() {
        return tasksByUser;
    }

    /** How many tasks were sent for one user; 0 for a user not in this result. */
    public int taskCountOf(long userId) {
        List<Long> tasks = tasksByUser.get(userId);
        return tasks == null ? 0 : tasks.size();
    }

    /** The distinct tasks that got at least one user, ascending. */
    public List<Long> taskIds() {
        return taskIds;
    }

    /** The (user, task) pairs sent: the sum of every user's task count. */
    public long requestedAssignments() {
        long sum = 0;
        for (List<Long> tasks : tasksByUser.values()) {
            sum += tasks.size();
        }
        return sum;
    }

    /**
     * The sum of the {@code assignments} counts the server answered with; it can be below
     * {@link #requestedAssignments()} when some users already had some of the tasks, and is 0 when the server reported
     * no count.
     */
    public long createdAssignments() {
        return createdAssignments;
    }

    /** How many assignment requests were sent. */
    public int requests() {
        return requests;
    }

    @Override
    public String toString() {
        return "AssignmentResult[" + role + ", " + taskIds.size() + " tasks, " + tasksByUser.size() + " users, "
                + requestedAssignments() + " assignments sent, " + createdAssignments + " created, " + requests
                + " requests]";
    }
}
