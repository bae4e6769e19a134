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
package io.camellabelstudio.examples.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.MainSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.Task;

/**
 * Drives one round of the demo around the routes: before they start, creates the demo project; once they run,
 * uploads the sample reviews to the S3 bucket (the routes turn the bucket's events into tasks and predict each),
 * plays an annotator who accepts the predictions of a few tasks (the routes write those tasks downstream and export
 * them to S3), and prints a summary read back from the servers. With {@code once} it then ends the application.
 */
public final class DemoFlow extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(DemoFlow.class);
    /** How many tasks the simulated annotator labels. */
    static final int ANNOTATED = 4;

    private final boolean once;
    private final DemoStorage storage;
    private BaseMainSupport main;
    private LabelStudioClient client;
    private long projectId;
    private volatile DemoSummary summary;
    private volatile Exception failure;

    public DemoFlow(boolean once, DemoStorage storage) {
        this.once = once;
        this.storage = storage;
    }

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        this.main = main;
        CamelContext camel = main.getCamelContext();
        client = LabelStudioClient.builder()
                .url(DemoProperties.required(camel, "camel.component.labelstudio.url"))
                .apiKey(DemoProperties.required(camel, "camel.component.labelstudio.api-key"))
                .build();
        String configured = camel.getPropertiesComponent()
                .resolveProperty("demo.project-id")
                .orElse("");
        if (configured.isBlank()) {
            Project project = DemoProject.create(client);
            projectId = project.id();
            // the routes read it from {{demo.project-id}} when they are created, after this
            camel.getPropertiesComponent().addOverrideProperty("demo.project-id", Long.toString(projectId));
            LOG.info("Created the demo project #{} \"{}\"", projectId, project.title());
        } else {
            projectId = Long.parseLong(configured.strip());
        }
        storage.prepare(camel);
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        Thread flow = new Thread(this::run, "demo-flow");
        flow.setDaemon(true);
        flow.start();
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        if (client != null) {
            client.close();
        }
    }

    private void run() {
        CamelContext camel = main.getCamelContext();
        Duration patience = Duration.ofSeconds(Long.parseLong(DemoProperties.required(camel, "demo.timeout-seconds")));
        Path output = Path.of(DemoProperties.required(camel, "demo.output.dir")).resolve("completed-tasks.jsonl");
        try (ProducerTemplate template = camel.createProducerTemplate()) {
            List<String> reviews = DemoProject.reviews();
            for (int i = 0; i < reviews.size(); i++) {
                storage.upload(template, String.format("reviews/review-%02d.txt", i + 1), reviews.get(i));
            }
            LOG.info("Uploaded {} reviews to the S3 bucket; the routes turn its events into tasks", reviews.size());
            int n = reviews.size();
            await("tasks imported from the S3 events", this::taskCount, n, patience);
            await("tasks with a prediction", this::predictedCount, n, patience);

            List<Long> annotated = annotateSome();
            LOG.info("The simulated annotator accepted the predictions of tasks {}", annotated);
            await("completed tasks written downstream", () -> lines(output), annotated.size(), patience);
            await("exports uploaded to S3", () -> storage.exportCount(template), 1, patience);

            summary =
                    new DemoSummary(projectId, n, taskCount(), predictedCount(), annotated.size(), lines(output), (int)
                            storage.exportCount(template));
            LOG.info(summary.describe(
                    DemoProperties.required(camel, "camel.component.labelstudio.url"),
                    output.toString(),
                    storage.exportsBucket()));
            if (!once) {
                LOG.info("The routes keep running: label more tasks in Label Studio and watch them flow downstream."
                        + " Ctrl-C stops the demo.");
            }
        } catch (Exception e) {
            failure = e;
            LOG.error("The demo did not go round: {}", e.getMessage(), e);
        }
        if ((once || failure != null) && main instanceof MainSupport running) {
            running.completed();
        }
    }

    /** The first tasks, labeled as their prediction says: an annotator who agrees with the model. */
    @SuppressWarnings("unchecked")
    private List<Long> annotateSome() {
        List<Long> done = new ArrayList<>();
        for (Task task : client.tasks()
                .list(projectId, TaskQuery.all().withAllFields(true).withMaxResults(ANNOTATED))) {
            Map<String, Object> prediction = task.predictions().get(0);
            List<Object> result = (List<Object>) prediction.get("result");
            client.annotations().create(task.id(), Map.of("result", result));
            done.add(task.id());
        }
        return done;
    }

    private long taskCount() {
        return client.tasks()
                .list(projectId, TaskQuery.all().withOnlyIds(true).withPageSize(1))
                .total();
    }

    private long predictedCount() {
        Map<String, Object> filters = Map.of(
                "conjunction",
                "and",
                "items",
                List.of(Map.of(
                        "filter", "filter:tasks:total_predictions",
                        "operator", "greater",
                        "type", "Number",
                        "value", 0)));
        return client.tasks()
                .list(
                        projectId,
                        TaskQuery.all()
                                .withFilters((Object) filters)
                                .withOnlyIds(true)
                                .withPageSize(1))
                .total();
    }

    private static long lines(Path file) {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
            throw new IllegalStateException("Could not read " + file, e);
        }
    }

    private static void await(String what, LongSupplier count, long expected, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        long seen = count.getAsLong();
        while (seen < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Waited " + patience.toSeconds() + " s for " + expected + " " + what
                        + ", saw " + seen + " (demo.timeout-seconds)");
            }
            Thread.sleep(500);
            seen = count.getAsLong();
        }
        LOG.info("{} {}", seen, what);
    }

    /** The summary of the round, once it went round; null before or when it failed. */
    public DemoSummary summary() {
        return summary;
    }

    /** Why the round did not complete; null when it did (or is still running). */
    public Exception failure() {
        return failure;
    }

    public long projectId() {
        return projectId;
    }
}
