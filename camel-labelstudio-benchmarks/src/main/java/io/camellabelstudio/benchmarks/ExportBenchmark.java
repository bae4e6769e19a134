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
import static io.camellabelstudio.benchmarks.BenchmarkSupport.loadAverage;
import static io.camellabelstudio.benchmarks.BenchmarkSupport.peakHeap;
import static io.camellabelstudio.benchmarks.BenchmarkSupport.peakRssMb;
import static io.camellabelstudio.benchmarks.BenchmarkSupport.positive;
import static io.camellabelstudio.benchmarks.BenchmarkSupport.processCpuSeconds;
import static io.camellabelstudio.benchmarks.BenchmarkSupport.resetPeakHeap;
import static io.camellabelstudio.benchmarks.BenchmarkSupport.tasks;
import static io.camellabelstudio.benchmarks.BenchmarkSupport.value;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.BitSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

import io.camellabelstudio.benchmarks.BenchmarkSupport.Server;
import io.camellabelstudio.benchmarks.BenchmarkSupport.ServerCpu;
import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.JsonTasks;
import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.model.ExportSnapshot;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.component.LabelStudioConstants;

/**
 * Download time of one export snapshot through {@code labelstudio:exports?operation=download}, against the Label
 * Studio named by {@code LABEL_STUDIO_URL} and {@code LABEL_STUDIO_API_KEY} (a legacy token). Run it with
 * {@code scripts/benchmark-exports}, which downloads the same snapshot with curl and prints the comparison.
 *
 * <ul>
 *   <li>{@code prepare [--tasks N] [--batch-size B]} creates a project, imports N generated tasks through the client
 *       (not timed), creates one snapshot through {@code labelstudio:exports?operation=create} (timed: a Community
 *       server prepares the snapshot inside this request; other servers are polled until it is completed) and prints one {@code PREPARED} line with the ids. The project is
 *       kept for the downloads; the script deletes it.
 *   <li>{@code download --project P --export E [--tasks N] [--type T] [--run-label L] --dir DIR} downloads the
 *       snapshot twice through Camel routes and prints one {@code RESULT} line for each:
 *       <ul>
 *         <li>{@code camel-stream}: the route's body, an InputStream, is read to its end in a processor, counting
 *             bytes (and a CRC32 of them, to compare with the file below);
 *         <li>{@code camel-file}: {@code exportLocation=DIR/} writes the download into DIR; the body is the File.
 *       </ul>
 *       One status request through the component comes first, not timed, so that neither measurement pays for
 *       class loading in this fresh JVM. Not timed afterwards: the file must have the stream's length and CRC32, and (JSON, JSON_MIN) parse, streamed,
 *       to exactly the tasks 0..N-1.
 * </ul>
 */
public final class ExportBenchmark {

    private static final int BUFFER = 64 * 1024;

    private final Args args;
    private final Server server = Server.fromEnv();
    private final ServerCpu serverCpu = ServerCpu.fromEnv();

    private ExportBenchmark(Args args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        ExportBenchmark benchmark = new ExportBenchmark(args);
        if (args.command.equals("prepare")) {
            benchmark.prepare();
        } else {
            benchmark.download();
        }
    }

    private void prepare() throws Exception {
        CamelContext camel = server.camel();
        RouteBuilder.addRoutes(
                camel,
                rb -> rb.from("direct:create").routeId("benchmark-create").to("labelstudio:exports?operation=create"));
        camel.start();
        long projectId = -1;
        try (LabelStudioClient client = server.client()) {
            projectId = client.projects()
                    .create("bench export " + UUID.randomUUID().toString().substring(0, 8), LABEL_CONFIG)
                    .id();
            long t0 = System.nanoTime();
            ImportResult imported = client.tasks()
                    .importTasks(
                            projectId,
                            tasks(args.tasks),
                            ImportOptions.defaults().withBatchSize(args.batchSize));
            long t1 = System.nanoTime();
            if (imported.taskCount() != args.tasks) {
                throw new IllegalStateException("imported " + imported + ", expected " + args.tasks + " tasks");
            }

            long project = projectId;
            double serverBefore = serverCpu.seconds();
            long t2 = System.nanoTime();
            Exchange created = camel.createProducerTemplate().request("direct:create", e -> {
                e.getIn().setHeader(LabelStudioConstants.PROJECT_ID, project);
                e.getIn().setBody(Map.of("title", "benchmark snapshot"));
            });
            failOn(created, "create snapshot");
            ExportSnapshot snapshot = created.getMessage().getBody(ExportSnapshot.class);
            if (!snapshot.completed()) {
                // Community finishes the snapshot inside the POST; a server with background workers does not
                snapshot = client.exports().awaitCompleted(project, snapshot.id(), Duration.ofHours(1));
            }
            long t3 = System.nanoTime();
            double serverAfter = serverCpu.seconds();
            System.out.printf(
                    Locale.ROOT,
                    "PREPARED project=%d export=%d tasks=%d batch=%d import_s=%.3f create_s=%.3f"
                            + " server_cpu_create_s=%s snapshot_tasks=%s load1=%s%n",
                    projectId,
                    snapshot.id(),
                    args.tasks,
                    args.batchSize,
                    (t1 - t0) / 1e9,
                    (t3 - t2) / 1e9,
                    format(serverAfter - serverBefore),
                    snapshot.taskNumber(),
                    loadAverage());
        } catch (Exception | Error e) {
            if (projectId >= 0) {
                try (LabelStudioClient client = server.client()) {
                    client.projects().delete(projectId);
                }
            }
            throw e;
        } finally {
            camel.stop();
        }
    }

    private void download() throws Exception {
        String source = "labelstudio:exports?operation=download&projectId=" + args.projectId + "&exportId="
                + args.exportId + "&exportType=" + args.type;
        Files.createDirectories(args.dir);
        CamelContext camel = server.camel();
        AtomicLong bytes = new AtomicLong();
        AtomicLong crc = new AtomicLong();
        AtomicLong firstByte = new AtomicLong();
        RouteBuilder.addRoutes(
                camel,
                rb -> rb.from("direct:stream")
                        .routeId("benchmark-download-stream")
                        .streamCache("false") // the component's own stream, not a copy cached by Camel
                        .to(source)
                        .process(exchange -> {
                            firstByte.set(System.nanoTime()); // the answer's headers are in, its body is not read
                            Content read = Content.of(exchange.getMessage().getBody(InputStream.class));
                            bytes.set(read.bytes());
                            crc.set(read.crc32());
                        }));
        RouteBuilder.addRoutes(
                camel,
                rb -> rb.from("direct:file")
                        .routeId("benchmark-download-file")
                        .to(source + "&exportLocation=" + args.dir.toAbsolutePath() + File.separator));
        RouteBuilder.addRoutes(
                camel,
                rb -> rb.from("direct:status")
                        .routeId("benchmark-status")
                        .to("labelstudio:exports?operation=status&projectId=" + args.projectId + "&exportId="
                                + args.exportId));
        camel.start();
        try {
            ProducerTemplate template = camel.createProducerTemplate();
            // not timed: one request through the component first, so that neither measurement pays for loading the
            // HTTP client, the component and Camel's exchange machinery in this fresh JVM
            failOn(template.request("direct:status", e -> {}), "snapshot status");

            // The first download in a fresh JVM also loads and compiles the download path (camel-stream-cold); the
            // second one (camel-stream) is what a running application sees for every further download.
            Measured cold = measure(() -> failOn(template.request("direct:stream", e -> {}), "stream download"));
            report("camel-stream-cold", bytes.get(), cold, (firstByte.get() - cold.start) / 1e9);
            Measured stream = measure(() -> failOn(template.request("direct:stream", e -> {}), "stream download"));
            report("camel-stream", bytes.get(), stream, (firstByte.get() - stream.start) / 1e9);

            Path[] written = new Path[1];
            Measured file = measure(() -> {
                Exchange done = template.request("direct:file", e -> {});
                failOn(done, "file download");
                written[0] = done.getMessage().getBody(File.class).toPath();
            });
            report("camel-file", Files.size(written[0]), file, Double.NaN);

            verify(written[0], bytes.get(), crc.get());
        } finally {
            camel.stop();
        }
    }

    /** The time, client CPU, server CPU and peak heap of one download; the machine's load before and after it. */
    private record Measured(
            long start,
            double seconds,
            double clientCpu,
            double serverCpu,
            long heapPeak,
            String loadBefore,
            String loadAfter) {}

    private Measured measure(Runnable download) {
        resetPeakHeap();
        String loadBefore = loadAverage();
        double serverBefore = serverCpu.seconds();
        double cpuBefore = processCpuSeconds();
        long t0 = System.nanoTime();
        download.run();
        long t1 = System.nanoTime();
        double cpuAfter = processCpuSeconds();
        double serverAfter = serverCpu.seconds();
        return new Measured(
                t0,
                (t1 - t0) / 1e9,
                cpuAfter - cpuBefore,
                serverAfter - serverBefore,
                peakHeap(),
                loadBefore,
                loadAverage());
    }

    private void report(String variant, long size, Measured m, double firstByteSeconds) {
        System.out.printf(
                Locale.ROOT,
                "RESULT variant=%s run=%s type=%s tasks=%d bytes=%d mb=%.1f s=%.3f first_byte_s=%s mb_per_s=%.1f"
                        + " tps=%.0f client_cpu_s=%.2f server_cpu_s=%s heap_peak_mb=%.0f heap_max_mb=%.0f"
                        + " rss_peak_mb=%s load1=%s-%s%n",
                variant,
                args.runLabel,
                args.type,
                args.tasks,
                size,
                size / MB,
                m.seconds,
                Double.isNaN(firstByteSeconds) ? "-" : String.format(Locale.ROOT, "%.3f", firstByteSeconds),
                size / MB / m.seconds,
                args.tasks / m.seconds,
                m.clientCpu,
                format(m.serverCpu),
                m.heapPeak / MB,
                Runtime.getRuntime().maxMemory() / MB,
                peakRssMb(),
                m.loadBefore,
                m.loadAfter);
        System.out.flush();
    }

    /** The file holds what the stream held, and (JSON, JSON_MIN) exactly the tasks 0..N-1. Not timed. */
    private void verify(Path file, long streamBytes, long streamCrc) throws IOException {
        Content written;
        try (InputStream in = Files.newInputStream(file)) {
            written = Content.of(in);
        }
        long size = written.bytes();
        if (size != streamBytes || written.crc32() != streamCrc) {
            throw new IllegalStateException("the stream (" + streamBytes + " bytes, CRC32 " + streamCrc + ") and "
                    + file + " (" + size + " bytes, CRC32 " + written.crc32() + ") differ");
        }
        if (!args.type.equals("JSON") && !args.type.equals("JSON_MIN")) {
            return;
        }
        BitSet seen = new BitSet(args.tasks);
        long count = 0;
        long strays = 0;
        for (Iterator<Map<String, Object>> tasks = JsonTasks.read(Files.newInputStream(file)); tasks.hasNext(); ) {
            Map<String, Object> task = tasks.next();
            Object data = args.type.equals("JSON") ? task.get("data") : task;
            Object n = data instanceof Map<?, ?> fields ? fields.get("n") : null;
            count++;
            if (n instanceof Number number
                    && number.intValue() >= 0
                    && number.intValue() < args.tasks
                    && !seen.get(number.intValue())) {
                seen.set(number.intValue());
            } else {
                strays++;
            }
        }
        if (count != args.tasks || strays != 0 || seen.cardinality() != args.tasks) {
            throw new IllegalStateException(file + " holds " + count + " tasks (" + strays
                    + " unknown or repeated), expected tasks 0.." + (args.tasks - 1));
        }
        System.err.printf(
                Locale.ROOT,
                "benchmark: %s: %d bytes, the stream's length and CRC32, %,d tasks 0..%d each once%n",
                file.getFileName(),
                size,
                count,
                args.tasks - 1);
    }

    /** The length and CRC32 of a stream, read to its end in 64 KB reads. */
    private record Content(long bytes, long crc32) {

        static Content of(InputStream in) throws IOException {
            CRC32 sum = new CRC32();
            long n = 0;
            byte[] buffer = new byte[BUFFER];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                n += read;
                sum.update(buffer, 0, read);
            }
            return new Content(n, sum.getValue());
        }
    }

    /** Command line: see the class comment. */
    private static final class Args {
        String command;
        int tasks = 100_000;
        int batchSize = 5000;
        long projectId = -1;
        long exportId = -1;
        String type = "JSON";
        String runLabel = "1";
        Path dir;

        static Args parse(String[] argv) {
            Args args = new Args();
            for (int i = 0; i < argv.length; i++) {
                String arg = argv[i];
                switch (arg) {
                    case "prepare", "download" -> args.command = arg;
                    case "--tasks" -> args.tasks = positive(arg, value(argv, ++i, arg));
                    case "--batch-size" -> args.batchSize = positive(arg, value(argv, ++i, arg));
                    case "--project" -> args.projectId = positive(arg, value(argv, ++i, arg));
                    case "--export" -> args.exportId = positive(arg, value(argv, ++i, arg));
                    case "--type" -> args.type = value(argv, ++i, arg).toUpperCase(Locale.ROOT);
                    case "--run-label" -> args.runLabel = value(argv, ++i, arg);
                    case "--dir" -> args.dir = Paths.get(value(argv, ++i, arg));
                    default -> throw usage("unknown argument " + arg);
                }
            }
            if (args.command == null) {
                throw usage("no command");
            }
            if (args.command.equals("download") && (args.projectId < 0 || args.exportId < 0 || args.dir == null)) {
                throw usage("download needs --project, --export and --dir");
            }
            return args;
        }

        private static IllegalArgumentException usage(String problem) {
            return new IllegalArgumentException(problem + "; usage: ExportBenchmark prepare [--tasks N]"
                    + " [--batch-size B] | ExportBenchmark download --project P --export E --dir DIR [--tasks N]"
                    + " [--type JSON|JSON_MIN|CSV|...] [--run-label L]");
        }
    }
}
