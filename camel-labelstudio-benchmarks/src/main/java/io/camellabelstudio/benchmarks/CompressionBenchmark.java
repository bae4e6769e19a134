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
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.management.OperatingSystemMXBean;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.Task;

/**
 * Lists one project's tasks with and without compression, alternating in one JVM, against the production layout
 * (nginx gzips JSON). Per listing: wall time, this JVM's CPU, the CPU of nginx, gunicorn and PostgreSQL (their process
 * groups, from /proc), and the bytes nginx sent (its access log). A harness that reports numbers, not a test.
 *
 * <p>Usage: {@code CompressionBenchmark --env-file F [--tasks N] [--runs R] [--page-size P]}; the env file is the
 * one {@code scripts/labelstudio-server start --layout production} writes.
 */
public final class CompressionBenchmark {

    private static final Pattern BYTES_SENT = Pattern.compile("\"bytes_sent\":(\\d+)");
    private static final Pattern TASK_LIST = Pattern.compile("\"request\":\"GET /api/tasks/");
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    private CompressionBenchmark() {}

    public static void main(String[] argv) throws Exception {
        Properties env = new Properties();
        int tasks = 20_000;
        int runs = 5;
        int pageSize = 1000;
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--env-file" -> {
                    try (var in = Files.newBufferedReader(Paths.get(argv[++i]))) {
                        env.load(in);
                    }
                }
                case "--tasks" -> tasks = Integer.parseInt(argv[++i]);
                case "--runs" -> runs = Integer.parseInt(argv[++i]);
                case "--page-size" -> pageSize = Integer.parseInt(argv[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + argv[i]);
            }
        }
        String url = env.getProperty("LABEL_STUDIO_URL");
        String key = env.getProperty("LABEL_STUDIO_API_KEY");
        if (url == null || key == null) {
            throw new IllegalArgumentException("--env-file must name LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY");
        }
        Path accessLog = Paths.get(env.getProperty("LABEL_STUDIO_NGINX_ACCESS_LOG"));
        long gunicorn = Long.parseLong(env.getProperty("LABEL_STUDIO_PID"));
        long nginx = Long.parseLong(
                Files.readString(accessLog.getParent().resolve("nginx").resolve("nginx.pid"))
                        .strip());
        long postgres = postmaster(env.getProperty("LABEL_STUDIO_PG_PORT"));

        try (LabelStudioClient setup =
                LabelStudioClient.builder().url(url).apiKey(key).build()) {
            Project project = setup.projects()
                    .create("compression benchmark " + System.nanoTime(), BenchmarkSupport.LABEL_CONFIG);
            try {
                ImportResult imported = setup.tasks()
                        .importTasks(
                                project.id(),
                                generated(tasks),
                                ImportOptions.defaults().withBatchSize(5000));
                System.out.printf(Locale.ROOT, "# project %d: %d tasks imported%n", project.id(), imported.taskCount());
                list(url, key, project.id(), pageSize, true); // warm-up: caches, JIT, connections
                list(url, key, project.id(), pageSize, false);
                System.out.println("# run compression tasks wall_s client_cpu_s nginx_cpu_s gunicorn_cpu_s"
                        + " postgres_cpu_s bytes_sent requests");
                for (int run = 1; run <= runs; run++) {
                    boolean[] order = run % 2 == 1 ? new boolean[] {true, false} : new boolean[] {false, true};
                    for (boolean compression : order) {
                        long logFrom = Files.size(accessLog);
                        long[] cpu0 = {groupCpuTicks(nginx), groupCpuTicks(gunicorn), childrenCpuTicks(postgres)};
                        long client0 = processCpuNanos();
                        long t0 = System.nanoTime();
                        long listed = list(url, key, project.id(), pageSize, compression);
                        double wall = (System.nanoTime() - t0) / 1e9;
                        double client = (processCpuNanos() - client0) / 1e9;
                        long[] cpu1 = {groupCpuTicks(nginx), groupCpuTicks(gunicorn), childrenCpuTicks(postgres)};
                        Thread.sleep(1000); // nginx writes its log line after the answer
                        long[] sent = bytesSent(accessLog, logFrom);
                        System.out.printf(
                                Locale.ROOT,
                                "COMPRESSION run=%d compression=%s tasks=%d wall_s=%.3f client_cpu_s=%.2f nginx_cpu_s=%.2f"
                                        + " gunicorn_cpu_s=%.2f postgres_cpu_s=%.2f bytes_sent=%d requests=%d load1=%s%n",
                                run,
                                compression,
                                listed,
                                wall,
                                client,
                                (cpu1[0] - cpu0[0]) / (double) CLOCK_TICKS,
                                (cpu1[1] - cpu0[1]) / (double) CLOCK_TICKS,
                                (cpu1[2] - cpu0[2]) / (double) CLOCK_TICKS,
                                sent[0],
                                sent[1],
                                Files.readString(Paths.get("/proc/loadavg")).split(" ")[0]);
                    }
                }
            } finally {
                setup.projects().delete(project.id());
            }
        }
    }

    /** Lists all tasks of the project with a client of its own; returns how many arrived. */
    private static long list(String url, String key, long projectId, int pageSize, boolean compression) {
        try (LabelStudioClient client = LabelStudioClient.builder()
                .url(url)
                .apiKey(key)
                .compression(compression)
                .responseTimeout(Duration.ofMinutes(5))
                .build()) {
            long count = 0;
            for (Task task : client.tasks().list(projectId, TaskQuery.all().withPageSize(pageSize))) {
                if (task.id() > 0) {
                    count++;
                }
            }
            return count;
        }
    }

    private static Iterator<Map<String, ?>> generated(int count) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Map<String, ?> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int n = next++;
                return Map.of(
                        "text",
                        "Review number " + n + ": the delivery was quick and the product works as described,"
                                + " although the manual could be clearer about the first setup steps.",
                        "uri",
                        "s3://bucket/reviews/item-" + n + ".txt",
                        "n",
                        n);
            }
        };
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** User + system CPU ticks of the live processes of a process group. */
    private static long groupCpuTicks(long pgid) throws IOException {
        return cpuTicks(2, pgid);
    }

    /** User + system CPU ticks of a process and its live children (PostgreSQL's backends have groups of their own). */
    private static long childrenCpuTicks(long pid) throws IOException {
        return cpuTicks(1, pid) + cpuTicks(-1, pid);
    }

    /** CPU ticks of the live processes whose stat field {@code field} (1 ppid, 2 pgid; -1 the pid) is {@code id}. */
    private static long cpuTicks(int field, long id) throws IOException {
        long ticks = 0;
        try (var procs = Files.list(Paths.get("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                if (!proc.getFileName().toString().matches("\\d+")) {
                    continue;
                }
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long value =
                            field < 0 ? Long.parseLong(proc.getFileName().toString()) : Long.parseLong(fields[field]);
                    if (value == id) {
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        }
        return ticks;
    }

    /** The pid of the PostgreSQL server listening on {@code port}. */
    private static long postmaster(String port) throws IOException {
        try (var procs = Files.list(Paths.get("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                try {
                    String cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
                    if (cmdline.contains("postgres") && cmdline.contains("-p " + port + " ")) {
                        return Long.parseLong(proc.getFileName().toString());
                    }
                } catch (IOException | RuntimeException gone) {
                    // not readable or ended
                }
            }
        }
        return -1;
    }

    /** Bytes nginx sent for the task listing requests logged after {@code from}, and how many requests. */
    private static long[] bytesSent(Path accessLog, long from) throws IOException {
        long bytes = 0;
        long requests = 0;
        try (RandomAccessFile file = new RandomAccessFile(accessLog.toFile(), "r")) {
            file.seek(from);
            byte[] rest = new byte[(int) (file.length() - from)];
            file.readFully(rest);
            List<String> lines = new ArrayList<>(List.of(new String(rest, StandardCharsets.UTF_8).split("\n")));
            for (String line : lines) {
                Matcher sent = BYTES_SENT.matcher(line);
                if (TASK_LIST.matcher(line).find() && sent.find()) {
                    bytes += Long.parseLong(sent.group(1));
                    requests++;
                }
            }
        }
        return new long[] {bytes, requests};
    }
}
