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

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;

import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.component.LabelStudioComponent;

/**
 * What the benchmarks share: the generated tasks, the server connection, and the measurements of CPU time, heap and
 * RSS (client) and of the local server's CPU time.
 */
final class BenchmarkSupport {

    /** The label config of the benchmark projects (the curl variants of the scripts use the same). */
    static final String LABEL_CONFIG = "<View><Text name=\"text\" value=\"$text\"/>"
            + "<Choices name=\"sentiment\" toName=\"text\"><Choice value=\"Positive\"/>"
            + "<Choice value=\"Negative\"/></Choices></View>";

    static final double MB = 1024.0 * 1024.0;

    private BenchmarkSupport() {}

    /** Task number {@code n}: about 140 bytes of JSON. Insertion-ordered, so its JSON is the same every time. */
    static Map<String, Object> task(int n) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put(
                "text",
                "Review " + n + ": the delivery was quick and the product works as described, would buy again.");
        task.put("uri", String.format(Locale.ROOT, "s3://bench-bucket/reviews/%08d.txt", n));
        task.put("n", n);
        return task;
    }

    /** Tasks 0..count-1, made as they are read. */
    static Iterator<Map<String, Object>> tasks(int count) {
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
                return task(next++);
            }
        };
    }

    /** The server named by LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY (set by the benchmark scripts). */
    record Server(String url, String apiKey) {

        static Server fromEnv() {
            return new Server(requiredEnv("LABEL_STUDIO_URL"), requiredEnv("LABEL_STUDIO_API_KEY"));
        }

        /** A plain (not yet started) Camel context with the labelstudio component pointed at this server. */
        CamelContext camel() {
            CamelContext camel = new DefaultCamelContext();
            LabelStudioComponent component = new LabelStudioComponent();
            component.getConfiguration().setUrl(url);
            component.getConfiguration().setApiKey(apiKey);
            camel.addComponent("labelstudio", component);
            return camel;
        }

        LabelStudioClient client() {
            return LabelStudioClient.builder().url(url).apiKey(apiKey).build();
        }

        private static String requiredEnv(String name) {
            String value = System.getenv(name);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(name + " is not set (the scripts/benchmark-* scripts set it)");
            }
            return value;
        }
    }

    static void failOn(Exchange exchange, String what) {
        if (exchange.getException() != null) {
            throw new IllegalStateException(what + " failed: " + exchange.getException(), exchange.getException());
        }
    }

    static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks since the last reset: an upper bound of the heap in use at any one time. */
    static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** VmHWM of this process (Linux): its peak resident set since it started; "n/a" elsewhere. */
    static String peakRssMb() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.0f", kb / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "n/a";
    }

    /** The 1-minute load average of the machine (Linux), "n/a" elsewhere. */
    static String loadAverage() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static String format(double seconds) {
        return Double.isNaN(seconds) ? "n/a" : String.format(Locale.ROOT, "%.2f", seconds);
    }

    /**
     * CPU seconds (user + system) of a local server's processes and all their descendants, the ended ones included (a
     * parent's cutime/cstime hold the children it reaped), read from /proc; NaN when unknown.
     */
    record ServerCpu(Set<Long> roots, double ticksPerSecond) {

        /**
         * The server whose processes are BENCH_SERVER_PIDS (comma-separated; the production layout's nginx, gunicorn
         * and PostgreSQL), else LABEL_STUDIO_PID (set by the scripts for a local server).
         */
        static ServerCpu fromEnv() {
            String pids = System.getenv("BENCH_SERVER_PIDS");
            if (pids == null || pids.isBlank()) {
                pids = System.getenv("LABEL_STUDIO_PID");
            }
            if (pids == null || pids.isBlank() || !Files.isDirectory(Paths.get("/proc"))) {
                return new ServerCpu(Set.of(), 100);
            }
            String ticks = System.getenv("BENCH_CLK_TCK");
            Set<Long> roots = new HashSet<>();
            for (String pid : pids.split(",")) {
                roots.add(Long.parseLong(pid.strip()));
            }
            return new ServerCpu(roots, ticks == null ? 100 : Double.parseDouble(ticks));
        }

        double seconds() {
            if (roots.isEmpty()) {
                return Double.NaN;
            }
            Map<Long, Long> parents = new HashMap<>();
            Map<Long, Long> ticks = new HashMap<>();
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Paths.get("/proc"), "[0-9]*")) {
                for (Path proc : procs) {
                    try {
                        String stat = Files.readString(proc.resolve("stat"));
                        String[] fields =
                                stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        // fields[0] is field 3 (state) of proc(5): ppid is field 4, utime..cstime 14..17
                        long pid = Long.parseLong(proc.getFileName().toString());
                        parents.put(pid, Long.parseLong(fields[1]));
                        ticks.put(
                                pid,
                                Long.parseLong(fields[11])
                                        + Long.parseLong(fields[12])
                                        + Long.parseLong(fields[13])
                                        + Long.parseLong(fields[14]));
                    } catch (IOException | RuntimeException gone) {
                        // the process ended meanwhile
                    }
                }
            } catch (IOException e) {
                return Double.NaN;
            }
            long sum = 0;
            for (Map.Entry<Long, Long> process : ticks.entrySet()) {
                for (Long p = process.getKey(); p != null && p > 1; p = parents.get(p)) {
                    if (roots.contains(p)) {
                        sum += process.getValue();
                        break;
                    }
                }
            }
            return sum / ticksPerSecond;
        }
    }

    /** The value after option {@code name} at {@code argv[i]}. */
    static String value(String[] argv, int i, String name) {
        if (i >= argv.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return argv[i];
    }

    static int positive(String name, String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
        return n;
    }
}
