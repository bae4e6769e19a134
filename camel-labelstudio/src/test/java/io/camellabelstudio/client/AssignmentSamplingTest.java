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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

/** The pure planning part of assignment by sampling: no HTTP, seeded randomness. */
class AssignmentSamplingTest {

    private static List<Long> ids(long from, int count) {
        return LongStream.range(from, from + count).boxed().toList();
    }

    /** How often each task occurs over all users. */
    private static Map<Long, Integer> occurrences(AssignmentPlan plan) {
        Map<Long, Integer> counts = new HashMap<>();
        plan.tasksByUser().values().forEach(tasks -> tasks.forEach(t -> counts.merge(t, 1, Integer::sum)));
        return counts;
    }

    private static void assertNoUserHasATaskTwice(AssignmentPlan plan) {
        plan.tasksByUser()
                .forEach((user, tasks) -> assertThat(new HashSet<>(tasks))
                        .as("tasks of user %d", user)
                        .hasSize(tasks.size()));
    }

    private static void assertEvenlySpread(AssignmentPlan plan) {
        IntSummaryStatistics perUser =
                plan.tasksByUser().values().stream().mapToInt(List::size).summaryStatistics();
        assertThat(perUser.getMax() - perUser.getMin())
                .as("per-user counts %s", plan.tasksByUser())
                .isLessThanOrEqualTo(1);
    }

    @Test
    void fractionOneAssignsEveryTaskExactlyOverlapTimesToDistinctUsersEvenly() {
        List<Long> users = List.of(7L, 8L, 9L, 10L);
        List<Long> tasks = ids(100, 5);

        AssignmentPlan plan = AssignmentSampling.plan(users, tasks, 1.0, 2, new Random(42));

        assertThat(plan.sampledTaskIds()).containsExactlyElementsOf(tasks);
        assertThat(occurrences(plan))
                .hasSize(5)
                .allSatisfy((task, count) -> assertThat(count).isEqualTo(2));
        assertNoUserHasATaskTwice(plan);
        assertEvenlySpread(plan);
        // 10 assignments over 4 users: 3, 3, 2, 2 (the first users in the given order get the extra ones)
        assertThat(plan.tasksByUser().keySet()).containsExactly(7L, 8L, 9L, 10L);
        assertThat(plan.tasksByUser().values().stream().map(List::size)).containsExactly(3, 3, 2, 2);
        assertThat(plan.assignmentCount()).isEqualTo(10);
    }

    /** Many shapes and seeds (including 5 tasks / 4 users / overlap 2, where the Python SDK gives a user a task twice). */
    @Test
    void guaranteesHoldForManyShapesAndSeeds() {
        Random seeds = new Random(2024);
        for (int taskCount = 1; taskCount <= 40; taskCount++) {
            for (int userCount = 1; userCount <= 7; userCount++) {
                for (int overlap = 1; overlap <= userCount; overlap++) {
                    AssignmentPlan plan = AssignmentSampling.plan(
                            ids(1, userCount), ids(1000, taskCount), 1.0, overlap, new Random(seeds.nextLong()));
                    int expectedOverlap = overlap;
                    assertThat(occurrences(plan))
                            .as("%d tasks, %d users, overlap %d", taskCount, userCount, overlap)
                            .hasSize(taskCount)
                            .allSatisfy((task, count) -> assertThat(count).isEqualTo(expectedOverlap));
                    assertNoUserHasATaskTwice(plan);
                    assertEvenlySpread(plan);
                }
            }
        }
    }

    @Test
    void sameSeedSamePlanAndTheSampleIsRandom() {
        List<Long> users = List.of(1L, 2L, 3L);
        List<Long> tasks = ids(1, 200);

        AssignmentPlan first = AssignmentSampling.plan(users, tasks, 0.25, 2, new Random(7));
        AssignmentPlan again = AssignmentSampling.plan(users, tasks, 0.25, 2, new Random(7));
        AssignmentPlan other = AssignmentSampling.plan(users, tasks, 0.25, 2, new Random(8));

        assertThat(again.tasksByUser()).isEqualTo(first.tasksByUser());
        assertThat(other.sampledTaskIds()).isNotEqualTo(first.sampledTaskIds());
        assertThat(first.sampledTaskIds()).hasSize(50).isSorted().isSubsetOf(tasks);
        assertThat(first.sampledTaskIds()).isNotEqualTo(ids(1, 50)); // not simply the first tasks
    }

    @Test
    void fractionHalfOfAnOddCountRoundsDown() {
        AssignmentPlan plan = AssignmentSampling.plan(List.of(1L, 2L), ids(1, 7), 0.5, 1, new Random(1));

        assertThat(plan.sampledTaskIds()).hasSize(3); // floor(7 * 0.5), like the SDK's int(7 * 0.5)
        assertThat(plan.availableTaskCount()).isEqualTo(7);
        assertThat(occurrences(plan))
                .hasSize(3)
                .allSatisfy((task, count) -> assertThat(count).isEqualTo(1));
        assertThat(plan.tasksByUser().values().stream().map(List::size)).containsExactly(2, 1);
        assertThat(AssignmentSampling.sampleSize(2501, 0.5)).isEqualTo(1250);
        assertThat(AssignmentSampling.sampleSize(1, 0.5)).isZero();
        assertThat(AssignmentSampling.sampleSize(10, 0.99)).isEqualTo(9);
        assertThat(AssignmentSampling.sampleSize(10, 1.0)).isEqualTo(10);
    }

    @Test
    void roundingIgnoresBinaryFloatingPointNoise() {
        // 100 * 0.29 is 28.999999999999996 in double arithmetic; the SDK's int() gives 28
        assertThat(AssignmentSampling.sampleSize(100, 0.29)).isEqualTo(29);
        assertThat(AssignmentSampling.sampleSize(100, 0.57)).isEqualTo(57);
        assertThat(AssignmentSampling.sampleSize(3, 1.0 / 3)).isEqualTo(1);
        assertThat(AssignmentSampling.sampleSize(3, 0.3333)).isEqualTo(0);
        assertThat(AssignmentSampling.sampleSize(1_000_000, 0.999999)).isEqualTo(999_999);
        assertThat(AssignmentSampling.sampleSize(Integer.MAX_VALUE, 0.9999999999))
                .isLessThan(Integer.MAX_VALUE);
    }

    @Test
    void aFractionTooSmallForOneTaskGivesAnEmptyPlan() {
        AssignmentPlan plan = AssignmentSampling.plan(List.of(1L, 2L), ids(1, 5), 0.1, 2, new Random(1));

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.assignmentCount()).isZero();
        assertThat(plan.tasksByUser())
                .containsOnlyKeys(1L, 2L)
                .allSatisfy((u, t) -> assertThat(t).isEmpty());
    }

    @Test
    void fewerAssignmentsThanUsersLeavesTheLastUsersWithout() {
        AssignmentPlan plan = AssignmentSampling.plan(ids(1, 5), List.of(10L, 11L), 1.0, 1, new Random(3));

        assertThat(plan.tasksByUser().values().stream().map(List::size)).containsExactly(1, 1, 0, 0, 0);
        assertThat(occurrences(plan)).containsOnlyKeys(10L, 11L);
    }

    @Test
    void overlapEqualToTheNumberOfUsersGivesEveryoneEverything() {
        AssignmentPlan plan = AssignmentSampling.plan(List.of(1L, 2L, 3L), ids(1, 4), 1.0, 3, new Random(5));

        plan.tasksByUser().values().forEach(tasks -> assertThat(tasks).containsExactly(1L, 2L, 3L, 4L));
    }

    @Test
    void duplicateIdsCountOnce() {
        AssignmentPlan plan =
                AssignmentSampling.plan(Arrays.asList(1L, 2L, 1L), List.of(5L, 5L, 6L), 1.0, 2, new Random(5));

        assertThat(plan.tasksByUser()).containsOnlyKeys(1L, 2L);
        assertThat(plan.sampledTaskIds()).containsExactly(5L, 6L);
        plan.tasksByUser().values().forEach(tasks -> assertThat(tasks).containsExactly(5L, 6L));
    }

    @Test
    void overlapAboveTheNumberOfUsersIsRejected() {
        assertThatThrownBy(() -> AssignmentSampling.plan(List.of(1L, 2L), ids(1, 10), 1.0, 3, new Random()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("overlap 3 is more than the number of users (2): each task must go to 3 different users");
        // duplicates do not count as more users
        assertThatThrownBy(() -> AssignmentSampling.plan(List.of(1L, 1L), ids(1, 10), 1.0, 2, new Random()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlap 2 is more than the number of users (1)");
    }

    @Test
    void invalidArgumentsAreRejectedWithClearMessages() {
        List<Long> users = List.of(1L, 2L);
        List<Long> tasks = ids(1, 10);
        for (double fraction : new double[] {0, -0.5, 1.0001, 2, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> AssignmentSampling.plan(users, tasks, fraction, 1, new Random()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("fraction must be in (0, 1] (the share of the tasks to assign), was " + fraction);
        }
        assertThatThrownBy(() -> AssignmentSampling.plan(users, tasks, 1.0, 0, new Random()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("overlap must be at least 1, was 0");
        assertThatThrownBy(() -> AssignmentSampling.plan(List.of(), tasks, 1.0, 1, new Random()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("userIds is empty: give at least one user to assign tasks to");
        assertThatThrownBy(() -> AssignmentSampling.plan(users, List.of(), 1.0, 1, new Random()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("taskIds is empty: give at least one task to sample from");
        assertThatThrownBy(() -> AssignmentSampling.plan(users, Arrays.asList(1L, null), 1.0, 1, new Random()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("taskIds must not contain null");
        assertThatThrownBy(() -> AssignmentSampling.plan(users, tasks, 1.0, 1, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("random");
        assertThatThrownBy(() -> AssignmentSampling.sampleSize(-1, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("taskCount must not be negative, was -1");
    }

    @Test
    void largePlansStayExact() {
        List<Long> users = ids(1, 7);
        AssignmentPlan plan = AssignmentSampling.plan(users, ids(1, 10_001), 0.75, 3, new Random(11));

        assertThat(plan.sampledTaskIds()).hasSize(7500);
        assertThat(occurrences(plan).values().stream().collect(Collectors.toSet()))
                .containsExactly(3);
        assertNoUserHasATaskTwice(plan);
        assertEvenlySpread(plan);
        assertThat(new ArrayList<>(plan.tasksByUser().keySet())).isEqualTo(users);
    }
}
