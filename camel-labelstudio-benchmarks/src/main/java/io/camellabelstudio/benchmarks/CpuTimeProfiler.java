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
package io.camellabelstudio.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation: of the benchmark threads (the caller's side of a request: building it, the socket calls,
 * reading and parsing the answer, and Camel's work around it), and of the whole JVM (the stub server, the JIT and the
 * garbage collector included).
 * Unlike wall time, a thread's CPU time hardly changes when other processes compete for the CPUs, so the client-side
 * cost of the variants can be compared on a busy machine. Use with {@code -prof
 * io.camellabelstudio.benchmarks.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long workerStart;
    private long processStart;

    @Override
    public String getDescription() {
        return "CPU time per operation of the benchmark threads and of the JVM";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        workerStart = cpuOf("jmh-worker");
        processStart = processCpu();
    }

    @Override
    @SuppressWarnings("rawtypes") // the signature of JMH's InternalProfiler, which declares the raw Result
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long ops = Math.max(1, result.getMetadata().getAllOps());
        double worker = (cpuOf("jmh-worker") - workerStart) / 1000.0 / ops;
        double process = (processCpu() - processStart) / 1000.0 / ops;
        return List.of(
                new ScalarResult("cpu.caller", worker, "us/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.jvm", process, "us/op", AggregationPolicy.AVG));
    }

    /** Summed CPU time (ns) of the live threads whose name contains {@code part}. */
    private long cpuOf(String part) {
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(part)) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu > 0) {
                    sum += cpu;
                }
            }
        }
        return sum;
    }

    private static long processCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }
}
