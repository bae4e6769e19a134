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

import static io.camellabelstudio.benchmarks.BenchmarkSupport.LABEL_CONFIG;
import static io.camellabelstudio.benchmarks.BenchmarkSupport.MB;
import static io.camellabelstudio.benchmarks.BenchmarkSupport.failOn;
import static io.camellabelstudio.benchmarks.BenchmarkSupport.format;
import static io.camellabelstudio.benchmarks.BenchmarkSupport.peakHeap;
import static io.camellabelstudio.benchmarks.BenchmarkSupport.peakRssMb;
import static io.camellabelstudio.benchmarks.BenchmarkSupport.positive;
import static io.camellabelstudio.benchmarks.BenchmarkSupport.processCpuSeconds;
import static io.camellabelstudio.benchmarks.BenchmarkSupport.resetPeakHeap;
import static io.camellabelstudio.benchmarks.BenchmarkSupport.tasks;
import static io.camellabelstudio.benchmarks.BenchmarkSupport.value;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

import io.camellabelstudio.benchmarks.BenchmarkSupport.Server;
import io.camellabelstudio.benchmarks.BenchmarkSupport.ServerCpu;
import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.model.Task;
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
 */
public final class TasksBenchmark {

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
        if (args.listProject > 0) {
            new TasksBenchmark(args).listOnly();
            return;
        }
        new TasksBenchmark(args).run();
    }

    /**
     * {@code list --project P --tasks N}: lists an existing project through the same route as {@link #run()} and fails
     * unless exactly N distinct tasks arrive. For finding the smallest {@code -Xmx} that completes
     * ({@code scripts/benchmark-heap}): nothing else is kept in memory (the ids seen are one bit each).
     */
    private void listOnly() throws Exception {
        Server server = Server.fromEnv();
        CamelContext camel = server.camel();
        AtomicLong listed = new AtomicLong();
        BitSet seen = new BitSet();
        AtomicLong repeated = new AtomicLong();
        RouteBuilder.addRoutes(
                camel,
                rb -> rb.from("direct:list")
                        .to("labelstudio:tasks?operation=list&pageSize=" + args.pageSize + "&prefetch=" + args.prefetch
                                + args.parallelPagesOption() + args.fieldsOption())
                        .split(rb.body())
                        .streaming()
                        .process(exchange -> {
                            int id = Math.toIntExact(
                                    exchange.getMessage().getBody(Task.class).id());
                            listed.incrementAndGet();
                            if (seen.get(id)) {
                                repeated.incrementAndGet();
                            }
                            seen.set(id);
                        }));
        camel.start();
        try {
            resetPeakHeap();
            double cpu0 = processCpuSeconds();
            long t0 = System.nanoTime();
            Exchange list = camel.createProducerTemplate()
                    .request(
                            "direct:list", e -> e.getIn().setHeader(LabelStudioConstants.PROJECT_ID, args.listProject));
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = processCpuSeconds() - cpu0;
            failOn(list, "list");
            if (listed.get() != args.tasks || repeated.get() != 0) {
                throw new IllegalStateException(
                        "listed " + listed.get() + " tasks (" + repeated.get() + " repeated), expected " + args.tasks);
            }
            System.out.printf(
                    Locale.ROOT,
                    "LISTED tasks=%d list_s=%.3f client_cpu_list_s=%.2f heap_peak_mb=%.0f heap_max_mb=%.0f"
                            + " rss_peak_mb=%s%n",
                    args.tasks,
                    seconds,
                    cpu,
                    peakHeap() / MB,
                    Runtime.getRuntime().maxMemory() / MB,
                    peakRssMb());
        } finally {
            camel.stop();
        }
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
        Server server = Server.fromEnv();
        ServerCpu serverCpu = ServerCpu.fromEnv();

        CamelContext camel = server.camel();
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
                        .to("labelstudio:tasks?operation=list&pageSize=" + args.pageSize + "&prefetch=" + args.prefetch
                                + args.parallelPagesOption() + args.fieldsOption())
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
        AtomicLong listedIds = new AtomicLong();
        BitSet seenIds = new BitSet();
        AtomicLong strayIds = new AtomicLong();
        RouteBuilder.addRoutes(
                camel,
                rb -> rb.from("direct:list-ids")
                        .routeId("benchmark-list-ids")
                        .to("labelstudio:tasks?operation=list&onlyIds=true&pageSize=" + args.pageSize + "&prefetch="
                                + args.prefetch + args.parallelPagesOption())
                        .split(rb.body())
                        .streaming()
                        .process(exchange -> {
                            long id = exchange.getMessage().getBody(Long.class);
                            listedIds.incrementAndGet();
                            int index = Arrays.binarySearch(sortedIds[0], id);
                            if (index < 0 || seenIds.get(index)) {
                                strayIds.incrementAndGet();
                            } else {
                                seenIds.set(index);
                            }
                        }));
        camel.start();
        ProducerTemplate template = camel.createProducerTemplate();

        try (LabelStudioClient client = server.client()) {
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

                listedIds.set(0);
                strayIds.set(0);
                seenIds.clear();
                double serverBeforeIds = serverCpu.seconds();
                double cpuBeforeIds = processCpuSeconds();
                long t4 = System.nanoTime();
                Exchange listIds = template.request(
                        "direct:list-ids", e -> e.getIn().setHeader(LabelStudioConstants.PROJECT_ID, projectId));
                long t5 = System.nanoTime();
                double cpuAfterIds = processCpuSeconds();
                double serverAfterIds = serverCpu.seconds();
                failOn(listIds, "list ids");
                if (listedIds.get() != args.tasks || strayIds.get() != 0 || seenIds.cardinality() != args.tasks) {
                    throw new IllegalStateException("listed " + listedIds.get() + " ids (" + strayIds.get()
                            + " not imported or repeated, " + seenIds.cardinality() + " distinct imported), expected "
                            + args.tasks);
                }
                String consumed = args.consume > 0
                        ? consume(camel, template, serverCpu, projectId, ids[ids.length - 1], label)
                        : "";

                double importSeconds = (t1 - t0) / 1e9;
                double listSeconds = (t3 - t2) / 1e9;
                double idsSeconds = (t5 - t4) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "RESULT variant=%s run=%s tasks=%d batch=%d page=%d import_s=%.3f import_tps=%.1f"
                                + " list_s=%.3f list_tps=%.1f client_cpu_import_s=%.2f client_cpu_list_s=%.2f"
                                + " server_cpu_import_s=%s server_cpu_list_s=%s list_ids_s=%.3f"
                                + " list_ids_tps=%.1f client_cpu_list_ids_s=%.2f server_cpu_list_ids_s=%s%s"
                                + " prefetch=%s parallel_pages=%s heap_peak_mb=%.0f heap_max_mb=%.0f rss_peak_mb=%s%n",
                        args.variant,
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
                        format(serverAfterImport - serverBefore),
                        format(serverAfterList - serverBeforeList),
                        idsSeconds,
                        args.tasks / idsSeconds,
                        cpuAfterIds - cpuBeforeIds,
                        format(serverAfterIds - serverBeforeIds),
                        consumed,
                        args.prefetch,
                        args.parallelPages > 0 ? Integer.toString(args.parallelPages) : "default",
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

    /**
     * The consumer workload: imports {@code args.consume} new tasks (not timed), then starts a route with the polling
     * consumer {@code labelstudio:tasks?event=created} from the first new id and times it until every new task was
     * delivered. Returns the RESULT fields.
     */
    private String consume(
            CamelContext camel,
            ProducerTemplate template,
            ServerCpu serverCpu,
            long projectId,
            long lastListedId,
            String label)
            throws Exception {
        Exchange imported = template.request("direct:import", e -> {
            e.getIn().setBody(tasks(args.consume));
            e.getIn().setHeader(LabelStudioConstants.PROJECT_ID, projectId);
        });
        failOn(imported, "import of the tasks to consume");
        List<Long> newIds = imported.getMessage().getBody(ImportResult.class).taskIds();
        long[] expected = newIds.stream().mapToLong(Long::longValue).sorted().toArray();
        BitSet delivered = new BitSet();
        AtomicLong strays = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        String routeId = "benchmark-consume-" + label;
        double serverBefore = serverCpu.seconds();
        double cpuBefore = processCpuSeconds();
        long t0 = System.nanoTime();
        RouteBuilder.addRoutes(
                camel,
                rb -> rb.from("labelstudio:tasks?event=created&projectId=" + projectId + "&startFrom="
                                + (lastListedId + 1) + "&pageSize=" + args.pageSize + "&maxMessagesPerPoll="
                                + args.pageSize + "&greedy=true&initialDelay=0&delay=100")
                        .routeId(routeId)
                        .process(exchange -> {
                            long id = exchange.getMessage().getBody(Task.class).id();
                            int index = Arrays.binarySearch(expected, id);
                            synchronized (delivered) {
                                if (index < 0 || delivered.get(index)) {
                                    strays.incrementAndGet();
                                } else {
                                    delivered.set(index);
                                }
                                if (delivered.cardinality() == expected.length) {
                                    done.countDown();
                                }
                            }
                        }));
        boolean complete = done.await(30, TimeUnit.MINUTES);
        long t1 = System.nanoTime();
        double cpuAfter = processCpuSeconds();
        double serverAfter = serverCpu.seconds();
        camel.getRouteController().stopRoute(routeId);
        camel.removeRoute(routeId);
        if (!complete || strays.get() != 0) {
            throw new IllegalStateException("consumed " + delivered.cardinality() + " of " + expected.length
                    + " new tasks, " + strays.get() + " other or repeated ones");
        }
        double seconds = (t1 - t0) / 1e9;
        return String.format(
                Locale.ROOT,
                " consume=%d consume_s=%.3f consume_tps=%.1f client_cpu_consume_s=%.2f server_cpu_consume_s=%s",
                expected.length,
                seconds,
                expected.length / seconds,
                cpuAfter - cpuBefore,
                format(serverAfter - serverBefore));
    }

    /**
     * Command line: {@code [--tasks N] [--batch-size B] [--page-size P] [--runs R] [--run-label L] [--consume N]
     * [--prefetch true|false] [--parallel-pages N] [--fields all|task_only] [--variant NAME] [--keep]}; {@code --consume 0} skips the consumer
     * workload; {@code --variant} names the RESULT line's variant (default camel).
     */
    private static final class Args {
        int tasks = 100_000;
        int batchSize = 5000;
        int pageSize = 1000;
        int runs = 1;
        int consume = 10_000;
        boolean prefetch = true;
        /** 0: the component's default. */
        int parallelPages;

        String variant = "camel";
        long listProject;
        String runLabel;
        boolean keepProjects;
        Path writeBatches;

        /** null: the component's default (fields=all for a list). */
        String fields;

        String parallelPagesOption() {
            return parallelPages > 0 ? "&parallelPages=" + parallelPages : "";
        }

        String fieldsOption() {
            return fields == null ? "" : "&fields=" + fields;
        }

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
                    case "--consume" -> args.consume = Integer.parseInt(value(argv, ++i, arg));
                    case "--prefetch" -> args.prefetch = Boolean.parseBoolean(value(argv, ++i, arg));
                    case "--parallel-pages" -> args.parallelPages = positive(arg, value(argv, ++i, arg));
                    case "--fields" -> args.fields = value(argv, ++i, arg);
                    case "--variant" -> args.variant = value(argv, ++i, arg);
                    case "--keep" -> args.keepProjects = true;
                    case "write-batches" -> args.writeBatches = Paths.get(value(argv, ++i, arg));
                    case "list" -> {} // with --project: list that project only
                    case "--project" -> args.listProject = positive(arg, value(argv, ++i, arg));
                    default ->
                        throw new IllegalArgumentException(
                                "unknown argument " + arg + "; usage: TasksBenchmark"
                                        + " [write-batches DIR] [--tasks N] [--batch-size B] [--page-size P] [--runs R]"
                                        + " [--run-label L] [--consume N] [--prefetch true|false] [--parallel-pages N] [--fields all|task_only] [--variant NAME] [--keep] | list --project P --tasks N");
                }
            }
            return args;
        }
    }
}
