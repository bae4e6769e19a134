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

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.model.Task;

/**
 * Consumer lag: how long after a task exists the polling consumer {@code labelstudio:tasks?event=created} hands it to
 * the route. Tasks arrive in batches at a steady pace (one import of {@code --batch} tasks every
 * {@code --interval-ms}) while the route runs with {@code delay=--delay-ms} and pages of {@code --page-size}. Per
 * task, the lag is the time from the import's answer (the task is committed and listable) to the exchange; the lag
 * from the task's {@code created_at} (the server's clock, the same machine) is printed beside it. The bound the
 * issue sets is the poll delay plus one page: one page is the median time of listing a full page of
 * {@code --page-size} tasks of the same project, measured before the run.
 *
 * <p>Prints one {@code LAG} line. Server from LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY (scripts/benchmark-lag).
 */
public final class ConsumerLagBenchmark {

    private ConsumerLagBenchmark() {}

    public static void main(String[] argv) throws Exception {
        int seconds = 120;
        int batch = 100;
        long intervalMs = 2000;
        long delayMs = 1000;
        int pageSize = 1000;
        for (int i = 0; i < argv.length; i++) {
            String value = i + 1 < argv.length ? argv[i + 1] : null;
            switch (argv[i]) {
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--batch" -> batch = Integer.parseInt(value);
                case "--interval-ms" -> intervalMs = Long.parseLong(value);
                case "--delay-ms" -> delayMs = Long.parseLong(value);
                case "--page-size" -> pageSize = Integer.parseInt(value);
                default ->
                    throw new IllegalArgumentException("unknown argument " + argv[i] + "; usage: "
                            + "[--seconds S] [--batch B] [--interval-ms I] [--delay-ms D] [--page-size P]");
            }
            i++;
        }
        BenchmarkSupport.Server server = BenchmarkSupport.Server.fromEnv();
        try (LabelStudioClient client = server.client()) {
            long projectId = client.projects()
                    .create("bench lag " + System.nanoTime(), BenchmarkSupport.LABEL_CONFIG)
                    .id();
            try {
                run(server, client, projectId, seconds, batch, intervalMs, delayMs, pageSize);
            } finally {
                client.projects().delete(projectId);
            }
        }
    }

    private static void run(
            BenchmarkSupport.Server server,
            LabelStudioClient client,
            long projectId,
            int seconds,
            int batch,
            long intervalMs,
            long delayMs,
            int pageSize)
            throws Exception {
        // one page: a full page of this project's tasks, listed the way the consumer lists (task fields only)
        ImportOptions options = ImportOptions.defaults().withBatchSize(Math.max(batch, pageSize));
        ImportResult first = client.tasks().importTasks(projectId, BenchmarkSupport.tasks(pageSize), options);
        List<Double> pageTimes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            int listed = client.tasks()
                    .page(projectId, TaskQuery.all().withPageSize(pageSize), 1)
                    .size();
            pageTimes.add((System.nanoTime() - t0) / 1e9);
            if (listed != pageSize) {
                throw new IllegalStateException("a page listed " + listed + " tasks, expected " + pageSize);
            }
        }
        double pageSeconds = median(pageTimes);
        long lastId = Collections.max(first.taskIds());

        Map<Long, Long> committedAt = new ConcurrentHashMap<>(); // task id -> wall ms of its import's answer
        Map<Long, Long> deliveredAt = new ConcurrentHashMap<>();
        Map<Long, String> createdAt = new ConcurrentHashMap<>();
        CamelContext camel = server.camel();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("labelstudio:tasks?event=created&projectId=" + projectId + "&startFrom=" + (lastId + 1)
                                + "&pageSize=" + pageSize + "&delay=" + delayMs + "&initialDelay=0")
                        .routeId("lag")
                        .process(exchange -> {
                            long now = System.currentTimeMillis();
                            Task task = exchange.getMessage().getBody(Task.class);
                            if (deliveredAt.putIfAbsent(task.id(), now) != null) {
                                throw new IllegalStateException("task " + task.id() + " delivered twice");
                            }
                            createdAt.put(task.id(), task.createdAt());
                        });
            }
        });
        camel.start();
        int imports = 0;
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long next = System.nanoTime();
            while (System.nanoTime() < end) {
                ImportResult result = client.tasks().importTasks(projectId, BenchmarkSupport.tasks(batch), options);
                long answered = System.currentTimeMillis();
                for (Long id : result.taskIds()) {
                    committedAt.put(id, answered);
                }
                imports++;
                next += TimeUnit.MILLISECONDS.toNanos(intervalMs);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (deliveredAt.size() < committedAt.size() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        } finally {
            camel.stop();
        }
        if (!deliveredAt.keySet().equals(committedAt.keySet())) {
            throw new IllegalStateException("imported " + committedAt.size() + " tasks, delivered " + deliveredAt.size()
                    + " (" + (deliveredAt.keySet().containsAll(committedAt.keySet()) ? "extra" : "missing") + ")");
        }
        List<Double> lag = new ArrayList<>();
        List<Double> lagFromCreated = new ArrayList<>();
        for (Map.Entry<Long, Long> e : deliveredAt.entrySet()) {
            lag.add((e.getValue() - committedAt.get(e.getKey())) / 1e3);
            long created =
                    OffsetDateTime.parse(createdAt.get(e.getKey())).toInstant().toEpochMilli();
            lagFromCreated.add((e.getValue() - created) / 1e3);
        }
        Collections.sort(lag);
        Collections.sort(lagFromCreated);
        double bound = delayMs / 1e3 + pageSeconds;
        System.out.printf(
                Locale.ROOT,
                "LAG tasks=%d imports=%d batch=%d interval_ms=%d delay_ms=%d page_size=%d page_s=%.3f bound_s=%.3f"
                        + " lag_median_s=%.3f lag_p95_s=%.3f lag_max_s=%.3f created_lag_median_s=%.3f"
                        + " created_lag_p95_s=%.3f created_lag_max_s=%.3f within_bound=%s load1=%s%n",
                lag.size(),
                imports,
                batch,
                intervalMs,
                delayMs,
                pageSize,
                pageSeconds,
                bound,
                quantile(lag, 0.5),
                quantile(lag, 0.95),
                lag.get(lag.size() - 1),
                quantile(lagFromCreated, 0.5),
                quantile(lagFromCreated, 0.95),
                lagFromCreated.get(lagFromCreated.size() - 1),
                lag.get(lag.size() - 1) <= bound,
                BenchmarkSupport.loadAverage());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return quantile(sorted, 0.5);
    }

    /** The q-quantile of sorted values (nearest rank). */
    private static double quantile(List<Double> sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
