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
package io.camellabelstudio.it.faults;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Chooses the {@link Fault} for each request the {@link FaultProxy} receives. The proxy asks one request at a time, in
 * the order the requests arrive, so a plan may keep state (a position in a cycle, a seeded random, a burst).
 */
@FunctionalInterface
public interface FaultPlan {

    /** The fault for request number {@code number} (1, 2, ...) of the proxy, {@code method} {@code path}. */
    Fault next(long number, String method, String path);

    /** Forwards everything. */
    static FaultPlan none() {
        return (number, method, path) -> Fault.NONE;
    }

    /**
     * Every {@code n}th request this plan is asked about gets the next fault of {@code cycle}, round and round; the
     * others are forwarded. It counts the requests it is asked about, so behind {@link #onlyFor} it counts only those.
     */
    static FaultPlan everyNth(int n, Fault... cycle) {
        List<Fault> faults = List.of(cycle);
        return new FaultPlan() {
            private long asked;

            @Override
            public Fault next(long number, String method, String path) {
                asked++;
                return asked % n == 0 ? faults.get((int) ((asked / n - 1) % faults.size())) : Fault.NONE;
            }
        };
    }

    /** Each request gets, with probability {@code rate}, one of {@code kinds} picked at random; reproducible by seed. */
    static FaultPlan random(long seed, double rate, Fault... kinds) {
        Random random = new Random(seed);
        List<Fault> faults = List.of(kinds);
        return (number, method, path) ->
                random.nextDouble() < rate ? faults.get(random.nextInt(faults.size())) : Fault.NONE;
    }

    /** The first requests get {@code faults} in order; the ones after them are forwarded. */
    static FaultPlan script(Fault... faults) {
        List<Fault> script = Arrays.asList(faults);
        return new FaultPlan() {
            private int position;

            @Override
            public Fault next(long number, String method, String path) {
                return position < script.size() ? script.get(position++) : Fault.NONE;
            }
        };
    }

    /** This plan, applied only to requests with this method whose path starts with {@code pathPrefix}. */
    default FaultPlan onlyFor(String onlyMethod, String pathPrefix) {
        return (number, method, path) ->
                method.equals(onlyMethod) && path.startsWith(pathPrefix) ? next(number, method, path) : Fault.NONE;
    }

    /** This plan's fault, or where it chooses none, the fault of {@code other}. */
    default FaultPlan orElse(FaultPlan other) {
        return (number, method, path) -> {
            Fault fault = next(number, method, path);
            return fault != Fault.NONE ? fault : other.next(number, method, path);
        };
    }

    /**
     * This plan, where a 502, 503 or 504 it chooses is a burst: the {@code length - 1} requests after it get the same
     * status (the plan is not asked for them).
     */
    default FaultPlan withBursts(int length) {
        FaultPlan plan = this;
        return new FaultPlan() {
            private Fault burst = Fault.NONE;
            private int left;

            @Override
            public Fault next(long number, String method, String path) {
                if (left > 0) {
                    left--;
                    return burst;
                }
                Fault fault = plan.next(number, method, path);
                if (fault.status() != 0) {
                    burst = fault;
                    left = length - 1;
                }
                return fault;
            }
        };
    }
}
