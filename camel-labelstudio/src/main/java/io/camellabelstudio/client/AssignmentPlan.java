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

/**
 * Which tasks go to which user, as planned by {@link AssignmentSampling#plan}: no HTTP, nothing sent yet.
 *
 * <p>Every sampled task appears in the lists of exactly {@link #overlap()} different users; no list holds a task twice.
 */
public final class AssignmentPlan {

    private final Map<Long, List<Long>> tasksByUser;
    private final List<Long> sampledTaskIds;
    private final int availableTaskCount;
    private final double fraction;
    private final int overlap;

    AssignmentPlan(
            Map<Long, List<Long>> tasksByUser,
            List<Long> sampledTaskIds,
            int availableTaskCount,
            double fraction,
            int overlap) {
        Map<Long, List<Long>> copy = new LinkedHashMap<>();
        tasksByUser.forEach((user, tasks) -> copy.put(user, List.copyOf(tasks)));
        this.tasksByUser = Collections.unmodifiableMap(copy);
        this.sampledTaskIds = List.copyOf(sampledTaskIds);
        this.availableTaskCount = availableTaskCount;
        this.fraction = fraction;
        this.overlap = overlap;
    }

    /**
     * User id to the ids of the tasks planned for that user (ascending), in the order the users were given; a user
     * who gets no task (fewer assignments than users) is present with an empty list.
     */
    public Map<Long, List<Long>> tasksByUser() {
        return tasksByUser;
    }

    /** The tasks picked by sampling, ascending. */
    public List<Long> sampledTaskIds() {
        return sampledTaskIds;
    }

    /** How many distinct tasks sampling picked from. */
    public int availableTaskCount() {
        return availableTaskCount;
    }

    public double fraction() {
        return fraction;
    }

    /** How many different users each sampled task goes to. */
    public int overlap() {
        return overlap;
    }

    /** The number of (user, task) assignments in the plan: sampled tasks times overlap. */
    public long assignmentCount() {
        return (long) sampledTaskIds.size() * overlap;
    }

    /** True when sampling picked no task (the fraction of the tasks rounded down to 0): nothing to send. */
    public boolean isEmpty() {
        return sampledTaskIds.isEmpty();
    }

    @Override
    public String toString() {
        return "AssignmentPlan[" + sampledTaskIds.size() + " of " + availableTaskCount + " tasks, overlap " + overlap
                + ", " + tasksByUser.size() + " users]";
    }
}
