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

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.it.FlatMemorySupport;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;

/**
 * Lists 50,000 tasks through {@code labelstudio:tasks?operation=list} and {@code split(body()).streaming()} in a JVM
 * whose heap is capped at 64 MB: the listing is paged lazily, so memory stays flat whatever the project's size.
 *
 * <p>Runs only in the failsafe execution {@code flat-memory} of this module's pom, which forks with {@code -Xmx64m},
 * sets {@code labelstudio.flat.memory=true} and selects the tag {@code flat-memory}. Anywhere else (e.g. picked by
 * {@code -Dit.test} in the default execution) the class is skipped before a server is started, since the heap limit
 * is what it is about.
 */
@Tag("flat-memory")
@EnabledIfSystemProperty(
        named = "labelstudio.flat.memory",
        matches = "true",
        disabledReason = "runs only in the flat-memory failsafe execution (-Xmx64m)")
class FlatMemoryListingIT extends LabelStudioIT {

    private static final int TASKS = 50_000;
    private static final long MB = FlatMemorySupport.MB;
    private static final long HEAP_LIMIT = 100 * MB;

    @Test
    void fiftyThousandTasksStreamThroughSplitUnderAHundredMegabytesOfHeap() throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertThat(maxHeap)
                .as("max heap of this JVM (the flat-memory execution forks with -Xmx64m)")
                .isLessThanOrEqualTo(HEAP_LIMIT);

        Project project = ls.project("Flat memory", LabelConfigs.TEXT_CLASSIFICATION);
        FlatMemorySupport.resetPeakHeapUsage();
        ImportResult imported = ls.client()
                .tasks()
                .importTasks(
                        project.id(),
                        FlatMemorySupport.generatedTasks(TASKS),
                        ImportOptions.defaults().withBatchSize(5000));
        assertThat(imported.taskCount()).isEqualTo(TASKS);
        assertThat(imported.requests()).isEqualTo(10);
        long importPeak = FlatMemorySupport.peakHeapUsage();

        FlatMemorySupport.IdTally tally = new FlatMemorySupport.IdTally(imported.taskIds());

        ls.camel().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:all")
                        .to("labelstudio:tasks?operation=list&pageSize=1000&projectId=" + project.id())
                        .split(body())
                        .streaming()
                        .process(exchange -> tally.record(
                                exchange.getMessage().getBody(Task.class).id()));
            }
        });
        FlatMemorySupport.resetPeakHeapUsage();

        Exchange result = ls.template().request("direct:all", e -> {});

        assertThat(result.getException()).isNull();
        assertThat(tally.total()).isEqualTo(TASKS);
        assertThat(tally.unknown()).as("listed ids that were not imported").isZero();
        assertThat(tally.duplicates()).as("ids listed more than once").isZero();
        assertThat(tally.distinct()).isEqualTo(TASKS);
        assertThat(result.getMessage().getHeader(LabelStudioConstants.TOTAL, Long.class))
                .isEqualTo(TASKS);
        System.out.printf(
                "FlatMemoryListingIT: imported and listed %,d tasks; max heap %d MB, peak heap used while importing"
                        + " %d MB, while listing %d MB%n",
                tally.total(), maxHeap / MB, importPeak / MB, FlatMemorySupport.peakHeapUsage() / MB);
    }
}
