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
package io.camellabelstudio.it;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** Helpers of the heap-capped ITs: lazily generated tasks and the heap pools' peak usage. */
public final class FlatMemorySupport {

    public static final long MB = 1024L * 1024;

    private FlatMemorySupport() {}

    /** Tasks made one at a time as the importer reads them: the test holds no list of them. */
    public static Iterator<Map<String, Object>> generatedTasks(int count) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Map<String, Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int n = next++;
                return Map.of("text", "Text number " + n, "uri", "s3://bucket/item-" + n + ".txt", "n", n);
            }
        };
    }

    /**
     * Counts ids as a route sees them, against the ids expected: a sorted {@code long[]} and a bit set, a few hundred
     * KB for 100,000 ids, so the tally itself does not weigh on the heap being measured.
     */
    public static final class IdTally {
        private final long[] expected;
        private final BitSet seen;
        private long total;
        private long unknown;
        private long duplicates;

        public IdTally(List<Long> expectedIds) {
            expected = new long[expectedIds.size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = expectedIds.get(i);
            }
            Arrays.sort(expected);
            seen = new BitSet(expected.length);
        }

        public synchronized void record(long id) {
            total++;
            int index = Arrays.binarySearch(expected, id);
            if (index < 0) {
                unknown++;
            } else if (seen.get(index)) {
                duplicates++;
            } else {
                seen.set(index);
            }
        }

        /** Ids recorded, repeats included. */
        public synchronized long total() {
            return total;
        }

        /** Recorded ids that were not expected. */
        public synchronized long unknown() {
            return unknown;
        }

        /** Expected ids recorded more than once, counted per repeat. */
        public synchronized long duplicates() {
            return duplicates;
        }

        /** Expected ids recorded at least once. */
        public synchronized int distinct() {
            return seen.cardinality();
        }
    }

    public static void resetPeakHeapUsage() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks: an upper bound of the heap used at any one time. */
    public static long peakHeapUsage() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
