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
package io.camellabelstudio.component;

import static io.camellabelstudio.it.FlatMemorySupport.MB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.FlatMemorySupport;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;
import io.camellabelstudio.it.LabelStudioServer;

/**
 * Exports 2,000 tasks of 40 KB each (an export of about 80 MB, more than the heap) and splits them through
 * {@code labelstudio:exports?operation=export&split=true} and {@code split(body()).streaming()} in a JVM whose heap is
 * capped at 64 MB: the export is parsed task by task as it arrives, never held whole. Then the same through a snapshot
 * ({@code operation=run&split=true}), whose download nginx gzips on the production layout: decompressed while read,
 * in the same heap. Runs only in the flat-memory failsafe execution (see FlatMemoryListingIT).
 *
 * <p>Large by bytes, not by task count: the one-shot export is one request, and on the production layout (PostgreSQL)
 * Label Studio spends about 5 ms per task on it (loaded machine), so gunicorn's 30 s worker timeout ends an export of
 * more than a few thousand tasks (measured: 2,000 tasks in 10-19 s, 5,000 and more killed at 30 s; see
 * docs/errors-and-retries.md). The bytes cost little: 2,000 tasks of 25 KB took 11 s.
 */
@Tag("flat-memory")
@EnabledIfSystemProperty(
        named = "labelstudio.flat.memory",
        matches = "true",
        disabledReason = "runs only in the flat-memory failsafe execution (-Xmx64m)")
class FlatMemoryExportIT extends LabelStudioIT {

    private static final int TASKS = 2_000;
    private static final int TEXT_BYTES = 40 * 1024;
    private static final long HEAP_LIMIT = 68 * MB; // -Xmx64m, with the JVM's rounding

    @Test
    void anExportLargerThanTheHeapIsSplitUnderSixtyFourMegabytesOfHeap(LabelStudioServer server) throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertThat(maxHeap)
                .as("max heap of this JVM (the flat-memory execution forks with -Xmx64m)")
                .isLessThanOrEqualTo(HEAP_LIMIT);

        Project project = ls.project("Flat export", LabelConfigs.TEXT_CLASSIFICATION);
        ImportResult imported = ls.client()
                .tasks()
                .importTasks(
                        project.id(), largeTasks(), ImportOptions.defaults().withMaxBatchBytes(4L * 1024 * 1024));
        assertThat(imported.taskCount()).isEqualTo(TASKS);
        FlatMemorySupport.IdTally tally = new FlatMemorySupport.IdTally(imported.taskIds());
        FlatMemorySupport.IdTally snapshotTally = new FlatMemorySupport.IdTally(imported.taskIds());

        ls.camel().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:export")
                        .to("labelstudio:exports?operation=export&downloadAllTasks=true&split=true&projectId="
                                + project.id())
                        .split(body())
                        .streaming()
                        .process(exchange -> tally.record(((Number)
                                        exchange.getMessage().getBody(Map.class).get("id"))
                                .longValue()));
                // a snapshot, then its download: nginx gzips this one (the one-shot export comes as
                // application/.json, which it leaves alone)
                from("direct:snapshot")
                        .to("labelstudio:exports?operation=run&split=true&projectId=" + project.id())
                        .split(body())
                        .streaming()
                        .process(exchange -> snapshotTally.record(((Number)
                                        exchange.getMessage().getBody(Map.class).get("id"))
                                .longValue()));
            }
        });
        FlatMemorySupport.resetPeakHeapUsage();

        Exchange result = ls.template().request("direct:export", e -> {});
        long exportPeak = FlatMemorySupport.peakHeapUsage();

        assertThat(result.getException()).isNull();
        assertThat(tally.total()).isEqualTo(TASKS);
        assertThat(tally.unknown()).as("exported ids that were not imported").isZero();
        assertThat(tally.duplicates()).as("ids exported more than once").isZero();
        assertThat(tally.distinct()).isEqualTo(TASKS);

        FlatMemorySupport.resetPeakHeapUsage();
        Path accessLog = server.isProduction() ? Paths.get(server.env("LABEL_STUDIO_NGINX_ACCESS_LOG")) : null;
        long logFrom = accessLog == null ? 0 : Files.size(accessLog); // the log is the whole build's
        Exchange snapshot = ls.template().request("direct:snapshot", e -> {});
        long snapshotPeak = FlatMemorySupport.peakHeapUsage();

        assertThat(snapshot.getException()).isNull();
        assertThat(snapshotTally.total()).isEqualTo(TASKS);
        assertThat(snapshotTally.unknown()).isZero();
        assertThat(snapshotTally.duplicates()).isZero();
        if (server.isProduction()) {
            // nginx logs a request once its answer is sent, which the route may have read to the end before
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(gzipRatioOfSnapshotDownloads(accessLog, logFrom, project.id()))
                            .as("the snapshot download came gzip-compressed (nginx's gzip_ratio)")
                            .isNotEmpty()
                            .allSatisfy(ratio -> assertThat(ratio).isGreaterThan(1.0)));
        }
        System.out.printf(
                "FlatMemoryExportIT: exported and split %,d tasks (about %d MB); max heap %d MB, peak heap used while"
                        + " exporting %d MB, while running a snapshot and splitting its compressed download %d MB%n",
                tally.total(), (long) TASKS * TEXT_BYTES / MB, maxHeap / MB, exportPeak / MB, snapshotPeak / MB);
    }

    /** nginx's gzip_ratio of each snapshot download of the project logged after {@code from} (a byte offset). */
    private static List<Double> gzipRatioOfSnapshotDownloads(Path accessLog, long from, long projectId)
            throws IOException {
        Pattern download = Pattern.compile("\"request\":\"GET /api/projects/" + projectId + "/exports/\\d+/download");
        Pattern ratio = Pattern.compile("\"gzip_ratio\":\"([0-9.]*)\"");
        List<Double> ratios = new ArrayList<>();
        byte[] logged;
        try (RandomAccessFile file = new RandomAccessFile(accessLog.toFile(), "r")) {
            file.seek(from);
            logged = new byte[(int) (file.length() - from)];
            file.readFully(logged);
        }
        for (String line : new String(logged, StandardCharsets.UTF_8).split("\n")) {
            Matcher found = ratio.matcher(line);
            if (download.matcher(line).find() && found.find()) {
                ratios.add(found.group(1).isEmpty() ? 0.0 : Double.parseDouble(found.group(1)));
            }
        }
        return ratios;
    }

    /** Tasks whose text is {@link #TEXT_BYTES} long, generated as they are read. */
    private static Iterator<Map<String, Object>> largeTasks() {
        String filler =
                "lorem ipsum dolor sit amet ".repeat(TEXT_BYTES / 27 + 1).substring(0, TEXT_BYTES);
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < TASKS;
            }

            @Override
            public Map<String, Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int n = next++;
                return Map.of("text", "Text number " + n + " " + filler, "n", n);
            }
        };
    }
}
