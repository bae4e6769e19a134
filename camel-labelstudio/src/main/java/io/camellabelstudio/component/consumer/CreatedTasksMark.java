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
package io.camellabelstudio.component.consumer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camellabelstudio.client.http.Json;

/**
 * How far event=created has delivered: the highest delivered task id, and the open gaps below it, ranges of ids that
 * were not delivered when a higher id was. A gap may still fill (a task whose transaction commits after a higher id's,
 * on PostgreSQL) or never (another project's ids, a rolled-back insert, a task deleted before it was seen). Every id
 * up to the highest that is in no gap was delivered or given up.
 *
 * <p>Stored as the plain highest id while no gap is open (the mark's old format, which still reads), else as
 * {@code {"max":1234,"gaps":[[1200,1210,1767225600]]}}: each gap is its first and last id and when it opened (epoch
 * second, rounded up): when the task above it was created. At most {@code maxGaps} gaps are kept: past that the
 * lowest ones are given up, so that the mark stays small.
 */
final class CreatedTasksMark {

    /** Task ids {@code from}..{@code to} (inclusive), open since the epoch second {@code since}. */
    record Gap(long from, long to, long since) {

        boolean contains(long id) {
            return id >= from && id <= to;
        }

        @Override
        public String toString() {
            return from == to ? "task id " + from : "task ids " + from + "-" + to;
        }
    }

    private final int maxGaps;
    private long max;
    private final TreeMap<Long, Gap> gaps = new TreeMap<>();
    /** Gaps given up because there were more than maxGaps, not yet reported; see {@link #takeDropped()}. */
    private final List<Gap> dropped = new ArrayList<>();

    private CreatedTasksMark(long max, int maxGaps) {
        this.max = max;
        this.maxGaps = maxGaps;
    }

    /** Every id up to {@code max} is settled: delivered or not to be delivered. */
    static CreatedTasksMark settled(long max, int maxGaps) {
        return new CreatedTasksMark(max, maxGaps);
    }

    /** Reads a mark written by {@link #toString()} or the plain task id of the old format. */
    static CreatedTasksMark parse(String text, int maxGaps) {
        String stored = text.strip();
        try {
            if (!stored.startsWith("{")) {
                return settled(Long.parseLong(stored), maxGaps);
            }
            JsonNode node = Json.mapper().readTree(stored);
            if (!node.path("max").canConvertToLong() || !node.path("gaps").isArray()) {
                throw new IllegalArgumentException("no max and gaps");
            }
            CreatedTasksMark mark = new CreatedTasksMark(node.path("max").asLong(), maxGaps);
            for (JsonNode gap : node.path("gaps")) {
                if (gap.size() != 3
                        || !gap.get(0).canConvertToLong()
                        || !gap.get(1).canConvertToLong()) {
                    throw new IllegalArgumentException("a gap is not [from, to, since]: " + gap);
                }
                mark.add(new Gap(
                        gap.get(0).asLong(), gap.get(1).asLong(), gap.get(2).asLong()));
            }
            return mark;
        } catch (Exception e) {
            throw new IllegalStateException("The stored mark '" + abbreviate(stored) + "' of a labelstudio:tasks"
                    + " consumer with event=created is neither a task id nor the JSON it writes; remove it from the"
                    + " state repository or use another stateKey");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    long max() {
        return max;
    }

    /** The open gaps, lowest ids first. */
    List<Gap> gaps() {
        return List.copyOf(gaps.values());
    }

    boolean hasGaps() {
        return !gaps.isEmpty();
    }

    /** The open gap holding the id, or null. */
    Gap gapOf(long id) {
        Map.Entry<Long, Gap> entry = gaps.floorEntry(id);
        return entry != null && entry.getValue().contains(id) ? entry.getValue() : null;
    }

    /**
     * A task was delivered: above the highest id it opens a gap for the ids skipped, unless {@code gapOpened} is null
     * (the gap is not kept); inside a gap it splits the gap, whose parts keep their age.
     */
    void delivered(long id, Instant gapOpened) {
        if (id > max) {
            long previous = max;
            max = id;
            if (gapOpened != null && id > previous + 1) {
                long since = gapOpened.getEpochSecond() + (gapOpened.getNano() > 0 ? 1 : 0);
                add(new Gap(previous + 1, id - 1, since));
            }
            while (gaps.size() > maxGaps) {
                dropped.add(gaps.pollFirstEntry().getValue());
            }
            return;
        }
        Gap gap = gapOf(id);
        if (gap == null) {
            return; // delivered before (at least once)
        }
        gaps.remove(gap.from());
        if (gap.from() < id) {
            add(new Gap(gap.from(), id - 1, gap.since()));
        }
        if (id < gap.to()) {
            add(new Gap(id + 1, gap.to(), gap.since()));
        }
    }

    /** Gives a gap up: a task committing there later is not delivered. */
    void giveUp(Gap gap) {
        gaps.remove(gap.from(), gap);
    }

    /** The gaps given up since the last call because more than maxGaps were open. */
    List<Gap> takeDropped() {
        List<Gap> taken = List.copyOf(dropped);
        dropped.clear();
        return taken;
    }

    private void add(Gap gap) {
        if (gap.from() > gap.to() || gap.to() >= max) {
            throw new IllegalArgumentException("gap " + gap + " is not below the highest id " + max);
        }
        Map.Entry<Long, Gap> below = gaps.floorEntry(gap.to());
        if (below != null && below.getValue().to() >= gap.from()) {
            throw new IllegalArgumentException("gap " + gap + " overlaps " + below.getValue());
        }
        gaps.put(gap.from(), gap);
    }

    @Override
    public String toString() {
        if (gaps.isEmpty()) {
            return Long.toString(max);
        }
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("max", max);
        ArrayNode list = node.putArray("gaps");
        for (Gap gap : gaps.values()) {
            list.addArray().add(gap.from()).add(gap.to()).add(gap.since());
        }
        return node.toString();
    }
}
