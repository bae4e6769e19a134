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

import java.util.Map;

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

/**
 * Exports 100,000 tasks and splits them through {@code labelstudio:exports?operation=export&split=true} and
 * {@code split(body()).streaming()} in a JVM whose heap is capped at 64 MB: the export is parsed task by task as it
 * arrives, never held whole. Runs only in the flat-memory failsafe execution (see FlatMemoryListingIT).
 */
@Tag("flat-memory")
@EnabledIfSystemProperty(
        named = "labelstudio.flat.memory",
        matches = "true",
        disabledReason = "runs only in the flat-memory failsafe execution (-Xmx64m)")
class FlatMemoryExportIT extends LabelStudioIT {

    private static final int TASKS = 100_000;
    private static final long HEAP_LIMIT = 68 * MB; // -Xmx64m, with the JVM's rounding

    @Test
    void hundredThousandTasksExportAndSplitUnderSixtyFourMegabytesOfHeap() throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertThat(maxHeap)
                .as("max heap of this JVM (the flat-memory execution forks with -Xmx64m)")
                .isLessThanOrEqualTo(HEAP_LIMIT);

        Project project = ls.project("Flat export", LabelConfigs.TEXT_CLASSIFICATION);
        ImportResult imported = ls.client()
                .tasks()
                .importTasks(
                        project.id(),
                        FlatMemorySupport.generatedTasks(TASKS),
                        ImportOptions.defaults().withBatchSize(5000));
        assertThat(imported.taskCount()).isEqualTo(TASKS);
        FlatMemorySupport.IdTally tally = new FlatMemorySupport.IdTally(imported.taskIds());

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
            }
        });
        FlatMemorySupport.resetPeakHeapUsage();

        Exchange result = ls.template().request("direct:export", e -> {});

        assertThat(result.getException()).isNull();
        assertThat(tally.total()).isEqualTo(TASKS);
        assertThat(tally.unknown()).as("exported ids that were not imported").isZero();
        assertThat(tally.duplicates()).as("ids exported more than once").isZero();
        assertThat(tally.distinct()).isEqualTo(TASKS);
        System.out.printf(
                "FlatMemoryExportIT: exported and split %,d tasks; max heap %d MB, peak heap used while exporting"
                        + " %d MB%n",
                tally.total(), maxHeap / MB, FlatMemorySupport.peakHeapUsage() / MB);
    }
}
