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
package io.camellabelstudio.examples.benchmark;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.component.LabelStudioComponent;
import io.camellabelstudio.component.LabelStudioConstants;

/**
 * Import and listing throughput of the {@code labelstudio:tasks} component through Camel routes, against the Label
 * Studio named by {@code LABEL_STUDIO_URL} and {@code LABEL_STUDIO_API_KEY} (a legacy token). Run it with
 * {@code scripts/benchmark-tasks}, which also runs the same requests with curl and prints the comparison.
 *
 * <p>Each run creates a fresh project, imports the generated tasks with {@code operation=import&batchSize=B} (the body
 * is a lazy Iterator, so the tasks are never all in memory), lists them back with {@code operation=list&pageSize=P}
 * and {@code split(body()).streaming()}, checks that every imported id was listed exactly once, prints one
 * {@code RESULT} line and deletes the project (the deletion is not timed).
 *
 * <p>{@code write-batches DIR} instead writes the same tasks, serialized by the same JSON mapper and cut into the same
 * batches, as {@code DIR/batch-00001.json}...: the request bodies of the curl variant.
 *
 * <p>No RouteBuilder subclass lives in this package on purpose: the demo's camel-main scans
 * {@code io.camellabelstudio.examples} for route builders; the routes here are lambdas.
 */
public final class TasksBenchmark {

    /** The label config of the benchmark projects (the curl variant uses the same). */
    public static final String LABEL_CONFIG = "<View><Text name=\"text\" value=\"$text\"/>"
            + "<Choices name=\"sentiment\" toName=\"text\"><Choice value=\"Positive\"/>"
            + "<Choice value=\"Negative\"/></Choices></View>";

    private static final double MB = 1024.0 * 1024.0;

    private final Args args;

    private TasksBenchmark(Args args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        if (args.writeBatches != null) {
            writeBatches(args.writeBatches, args.tasks, args.batchSize);
            return;
        }
        new TasksBenchmark(args).run();
    }

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

    private static void writeBatches(Path dir, int count, int batchSize) throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "batch-*.json")) {
            for (Path file : old) {
                Files.delete(file);
            }
        }
        Iterator<Map<String, Object>> source = tasks(count);
        int file = 0;
        while (source.hasNext()) {
            List<Map<String, Object>> batch = new ArrayList<>(batchSize);
            while (batch.size() < batchSize && source.hasNext()) {
                batch.add(source.next());
            }
            Path path = dir.resolve(String.format(Locale.ROOT, "batch-%05d.json", ++file));
            try (OutputStream out = Files.newOutputStream(path)) {
                Json.mapper().writeValue(out, batch);
            }
        }
        System.err.printf("benchmark: wrote %,d tasks in %d batch file(s) to %s%n", count, file, dir);
    }

    private void run() throws Exception {
        String url = requiredEnv("LABEL_STUDIO_URL");
        String apiKey = requiredEnv("LABEL_STUDIO_API_KEY");
        ServerCpu serverCpu = ServerCpu.of(System.getenv("LABEL_STUDIO_PID"));

        CamelContext camel = new DefaultCamelContext();
        LabelStudioComponent component = new LabelStudioComponent();
        component.getConfiguration().setUrl(url);
        component.getConfiguration().setApiKey(apiKey);
        camel.addComponent("labelstudio", component);
        AtomicLong listed = new AtomicLong();
        BitSet seen = new BitSet();
        long[][] sortedIds = new long[1][];
        AtomicLong strays = new AtomicLong();
        RouteBuilder.addRoutes(
                camel,
                rb -> rb.from("direct:import")
                        .routeId("benchmark-import")
                        .to("labelstudio:tasks?operation=import&batchSize=" + args.batchSize));
        RouteBuilder.addRoutes(
                camel,
                rb -> rb.from("direct:list")
                        .routeId("benchmark-list")
                        .to("labelstudio:tasks?operation=list&pageSize=" + args.pageSize)
                        .split(rb.body())
                        .streaming()
                        .process(exchange -> {
                            long id = exchange.getMessage().getBody(Task.class).id();
                            listed.incrementAndGet();
                            int index = Arrays.binarySearch(sortedIds[0], id);
                            if (index < 0 || seen.get(index)) {
                                strays.incrementAndGet(); // not imported, or listed twice
                            } else {
                                seen.set(index);
                            }
                        }));
        camel.start();
        ProducerTemplate template = camel.createProducerTemplate();

        try (LabelStudioClient client =
                LabelStudioClient.builder().url(url).apiKey(apiKey).build()) {
            for (int run = 1; run <= args.runs; run++) {
                String label = args.runLabel != null ? args.runLabel : String.valueOf(run);
                long projectId = client.projects()
                        .create(
                                "bench camel run " + label + " "
                                        + UUID.randomUUID().toString().substring(0, 8),
                                LABEL_CONFIG)
                        .id();
                resetPeakHeap();
                listed.set(0);
                strays.set(0);
                seen.clear();

                double serverBefore = serverCpu.seconds();
                double cpuBefore = processCpuSeconds();
                long t0 = System.nanoTime();
                Exchange imported = template.request("direct:import", e -> {
                    e.getIn().setBody(tasks(args.tasks));
                    e.getIn().setHeader(LabelStudioConstants.PROJECT_ID, projectId);
                });
                long t1 = System.nanoTime();
                double cpuAfterImport = processCpuSeconds();
                double serverAfterImport = serverCpu.seconds();
                failOn(imported, "import");
                ImportResult result = imported.getMessage().getBody(ImportResult.class);
                if (result.taskCount() != args.tasks || result.taskIds().size() != args.tasks) {
                    throw new IllegalStateException("imported " + result + " with "
                            + result.taskIds().size() + " ids, expected " + args.tasks + " tasks");
                }
                long[] ids = new long[args.tasks];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = result.taskIds().get(i);
                }
                Arrays.sort(ids);
                sortedIds[0] = ids;

                double serverBeforeList = serverCpu.seconds();
                double cpuBeforeList = processCpuSeconds();
                long t2 = System.nanoTime();
                Exchange list = template.request(
                        "direct:list", e -> e.getIn().setHeader(LabelStudioConstants.PROJECT_ID, projectId));
                long t3 = System.nanoTime();
                double cpuAfterList = processCpuSeconds();
                double serverAfterList = serverCpu.seconds();
                failOn(list, "list");
                if (listed.get() != args.tasks || strays.get() != 0 || seen.cardinality() != args.tasks) {
                    throw new IllegalStateException("listed " + listed.get() + " tasks (" + strays.get()
                            + " not imported or repeated, " + seen.cardinality() + " distinct imported), expected "
                            + args.tasks);
                }

                double importSeconds = (t1 - t0) / 1e9;
                double listSeconds = (t3 - t2) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "RESULT variant=camel run=%s tasks=%d batch=%d page=%d import_s=%.3f import_tps=%.1f"
                                + " list_s=%.3f list_tps=%.1f client_cpu_import_s=%.2f client_cpu_list_s=%.2f"
                                + " server_cpu_import_s=%s server_cpu_list_s=%s heap_peak_mb=%.0f"
                                + " heap_max_mb=%.0f rss_peak_mb=%s%n",
                        label,
                        args.tasks,
                        args.batchSize,
                        args.pageSize,
                        importSeconds,
                        args.tasks / importSeconds,
                        listSeconds,
                        args.tasks / listSeconds,
                        cpuAfterImport - cpuBefore,
                        cpuAfterList - cpuBeforeList,
                        ServerCpu.format(serverAfterImport - serverBefore),
                        ServerCpu.format(serverAfterList - serverBeforeList),
                        peakHeap() / MB,
                        Runtime.getRuntime().maxMemory() / MB,
                        peakRssMb());
                System.out.flush();
                sortedIds[0] = null;
                if (!args.keepProjects) {
                    client.projects().delete(projectId);
                }
            }
        } finally {
            camel.stop();
        }
    }

    private static void failOn(Exchange exchange, String what) {
        if (exchange.getException() != null) {
            throw new IllegalStateException(what + " failed: " + exchange.getException(), exchange.getException());
        }
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set (scripts/benchmark-tasks sets it)");
        }
        return value;
    }

    private static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    private static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks since the last reset: an upper bound of the heap in use at any one time. */
    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** VmHWM of this process (Linux): its peak resident set since it started; "n/a" elsewhere. */
    private static String peakRssMb() {
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

    /** CPU seconds (user + system) of a local server's process group, read from /proc; NaN when unknown. */
    private record ServerCpu(long processGroup, double ticksPerSecond) {

        static ServerCpu of(String pid) {
            if (pid == null || pid.isBlank() || !Files.isDirectory(Paths.get("/proc"))) {
                return new ServerCpu(-1, 100);
            }
            String ticks = System.getenv("BENCH_CLK_TCK");
            return new ServerCpu(Long.parseLong(pid.strip()), ticks == null ? 100 : Double.parseDouble(ticks));
        }

        double seconds() {
            if (processGroup < 0) {
                return Double.NaN;
            }
            long ticks = 0;
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Paths.get("/proc"), "[0-9]*")) {
                for (Path proc : procs) {
                    try {
                        String stat = Files.readString(proc.resolve("stat"));
                        String[] fields =
                                stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        // fields[0] is field 3 (state) of proc(5): pgrp is field 5, utime 14, stime 15
                        if (Long.parseLong(fields[2]) == processGroup) {
                            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        }
                    } catch (IOException | RuntimeException gone) {
                        // the process ended meanwhile
                    }
                }
            } catch (IOException e) {
                return Double.NaN;
            }
            return ticks / ticksPerSecond;
        }

        static String format(double seconds) {
            return Double.isNaN(seconds) ? "n/a" : String.format(Locale.ROOT, "%.2f", seconds);
        }
    }

    /** Command line: {@code [--tasks N] [--batch-size B] [--page-size P] [--runs R] [--run-label L] [--keep]}. */
    private static final class Args {
        int tasks = 100_000;
        int batchSize = 1000;
        int pageSize = 1000;
        int runs = 1;
        String runLabel;
        boolean keepProjects;
        Path writeBatches;

        static Args parse(String[] argv) {
            Args args = new Args();
            for (int i = 0; i < argv.length; i++) {
                String arg = argv[i];
                switch (arg) {
                    case "--tasks" -> args.tasks = positive(arg, value(argv, ++i, arg));
                    case "--batch-size" -> args.batchSize = positive(arg, value(argv, ++i, arg));
                    case "--page-size" -> args.pageSize = positive(arg, value(argv, ++i, arg));
                    case "--runs" -> args.runs = positive(arg, value(argv, ++i, arg));
                    case "--run-label" -> args.runLabel = value(argv, ++i, arg);
                    case "--keep" -> args.keepProjects = true;
                    case "write-batches" -> args.writeBatches = Paths.get(value(argv, ++i, arg));
                    default ->
                        throw new IllegalArgumentException("unknown argument " + arg + "; usage: TasksBenchmark"
                                + " [write-batches DIR] [--tasks N] [--batch-size B] [--page-size P] [--runs R]"
                                + " [--run-label L] [--keep]");
                }
            }
            return args;
        }

        private static String value(String[] argv, int i, String name) {
            if (i >= argv.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return argv[i];
        }

        private static int positive(String name, String value) {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, was " + value);
            }
            return n;
        }
    }
}
