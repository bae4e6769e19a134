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

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Plans an assignment by sampling, the way the Python SDK's {@code assign_annotators_by_sampling} /
 * {@code assign_reviewers_by_sampling} do, without HTTP so that it can be tested with a seeded {@link Random}.
 *
 * <ol>
 *   <li>Duplicate user and task ids count once; the order of the users is kept.
 *   <li>{@link #sampleSize(int, double) floor(tasks × fraction)} tasks are picked at random (all of them for a fraction
 *       of 1).
 *   <li>Each picked task is given to {@code overlap} different users. The {@code picked × overlap} assignments are
 *       spread evenly: every user gets {@code floor(picked × overlap / users)} tasks, and the first
 *       {@code (picked × overlap) mod users} users, in the order given, one more. So with fewer assignments than users
 *       the last users get none.
 * </ol>
 *
 * <p>Guarantees: each picked task is assigned exactly {@code overlap} times, to {@code overlap} different users; no
 * user gets a task twice; users' task counts differ by at most one. The SDK aims at the same, but its leftover handling
 * can give a user the same task twice when {@code overlap > 1} (the server then keeps one assignment, and the task ends
 * up with fewer than {@code overlap} users); this plan cannot.
 */
public final class AssignmentSampling {

    private static final double FLOAT_NOISE = 1e-12;

    private AssignmentSampling() {}

    /**
     * How many of {@code taskCount} tasks a fraction picks: {@code taskCount × fraction} rounded <b>down</b>, as the SDK's
     * {@code int(len(tasks) * fraction)} does. So 0.5 of 7 tasks is 3, and a fraction too small for one task picks none
     * (0.1 of 5 tasks). One difference: a product that misses a whole number only by binary floating-point error counts
     * as that number, so 0.29 of 100 tasks is 29 (the SDK computes 28.999999999999996 and takes 28).
     *
     * @throws IllegalArgumentException when {@code fraction} is not in (0, 1] or {@code taskCount} is negative
     */
    public static int sampleSize(int taskCount, double fraction) {
        checkFraction(fraction);
        if (taskCount < 0) {
            throw new IllegalArgumentException("taskCount must not be negative, was " + taskCount);
        }
        if (fraction == 1.0) {
            return taskCount;
        }
        // A relative nudge of 1e-12 absorbs the product's rounding error (at most about 1e-16 relative) and is far
        // below any fraction someone would write.
        double product = taskCount * fraction;
        return (int) Math.min(taskCount, Math.floor(product + product * FLOAT_NOISE));
    }

    /**
     * Plans which of {@code taskIds} go to which of {@code userIds}; see the class description.
     *
     * @param userIds  the users to spread the tasks over; at least one, at least {@code overlap} distinct
     * @param taskIds  the tasks to sample from; at least one
     * @param fraction the share of the tasks to assign, in (0, 1]; the count is rounded down (see
     *                 {@link #sampleSize})
     * @param overlap  how many different users each picked task goes to; 1 to the number of distinct users
     * @param random   the source of randomness (seed it for a repeatable plan)
     * @throws IllegalArgumentException on an empty or null-holding list, a fraction outside (0, 1], or an overlap below 1
     *                                  or above the number of distinct users
     */
    public static AssignmentPlan plan(
            List<Long> userIds, List<Long> taskIds, double fraction, int overlap, Random random) {
        List<Long> users = distinct(userIds, "userIds");
        List<Long> tasks = distinct(taskIds, "taskIds");
        checkFraction(fraction);
        Objects.requireNonNull(random, "random");
        if (users.isEmpty()) {
            throw new IllegalArgumentException("userIds is empty: give at least one user to assign tasks to");
        }
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("taskIds is empty: give at least one task to sample from");
        }
        if (overlap < 1) {
            throw new IllegalArgumentException("overlap must be at least 1, was " + overlap);
        }
        if (overlap > users.size()) {
            throw new IllegalArgumentException("overlap " + overlap + " is more than the number of users ("
                    + users.size() + "): each task must go to " + overlap + " different users");
        }

        int picked = sampleSize(tasks.size(), fraction);
        List<Long> sample = pick(tasks, picked, random);

        // Lay the sample out overlap times in a row, [t0 .. tk-1, t0 .. tk-1, ...], and cut that sequence into one
        // contiguous run per user. A run is at most ceil(k * overlap / users) <= k long (overlap <= users), and k
        // consecutive positions of a sequence repeating every k hold k different tasks: no user gets a task twice, and
        // each task's overlap occurrences land with overlap different users.
        long total = (long) picked * overlap;
        long base = total / users.size();
        long extra = total % users.size();
        Map<Long, List<Long>> tasksByUser = new LinkedHashMap<>();
        long position = 0;
        for (int u = 0; u < users.size(); u++) {
            long length = base + (u < extra ? 1 : 0);
            List<Long> own = new ArrayList<>((int) length);
            for (long i = 0; i < length; i++, position++) {
                own.add(sample.get((int) (position % picked)));
            }
            Collections.sort(own);
            tasksByUser.put(users.get(u), own);
        }
        List<Long> sorted = new ArrayList<>(sample);
        Collections.sort(sorted);
        return new AssignmentPlan(tasksByUser, sorted, tasks.size(), fraction, overlap);
    }

    /** {@code count} tasks drawn uniformly without replacement, in random order (partial Fisher-Yates). */
    private static List<Long> pick(List<Long> tasks, int count, Random random) {
        List<Long> pool = new ArrayList<>(tasks);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(pool.size() - i);
            Collections.swap(pool, i, j);
        }
        return new ArrayList<>(pool.subList(0, count));
    }

    static List<Long> distinct(List<Long> ids, String name) {
        Objects.requireNonNull(ids, name);
        Set<Long> seen = new LinkedHashSet<>();
        for (Long id : ids) {
            if (id == null) {
                throw new IllegalArgumentException(name + " must not contain null");
            }
            seen.add(id);
        }
        return new ArrayList<>(seen);
    }

    private static void checkFraction(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException(
                    "fraction must be in (0, 1] (the share of the tasks to assign), was " + fraction);
        }
    }
}
