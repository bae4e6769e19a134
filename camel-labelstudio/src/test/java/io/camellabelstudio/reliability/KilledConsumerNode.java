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
package io.camellabelstudio.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.FileStateRepository;

import io.camellabelstudio.component.LabelStudioComponent;
import io.camellabelstudio.component.LabelStudioConstants;

/**
 * The JVM that {@link KilledConsumerIT} kills: a {@code labelstudio:tasks?event=created} route whose mark is in a
 * {@link FileStateRepository}, appending each delivered task id to a {@link TaskIdLog}. With {@code exactly-once} the
 * route has an idempotent consumer whose repository is that log.
 *
 * <p>Arguments: projectId, state file, output file, ready file, {@code at-least-once} or {@code exactly-once}. The
 * environment gives LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY.
 */
public final class KilledConsumerNode {

    /**
     * The rest of the route after the write to the output: while it runs, a kill finds the task written but the mark
     * not moved past it, which is when a task is delivered again.
     */
    static final long WORK_AFTER_WRITE_MS = 10;

    private KilledConsumerNode() {}

    public static void main(String[] args) throws Exception {
        long projectId = Long.parseLong(args[0]);
        Path stateFile = Paths.get(args[1]);
        Path outputFile = Paths.get(args[2]);
        Path readyFile = Paths.get(args[3]);
        boolean exactlyOnce = args[4].equals("exactly-once");

        CamelContext camel = new DefaultCamelContext();
        LabelStudioComponent component = new LabelStudioComponent();
        component.getConfiguration().setUrl(System.getenv("LABEL_STUDIO_URL"));
        component.getConfiguration().setApiKey(System.getenv("LABEL_STUDIO_API_KEY"));
        camel.addComponent("labelstudio", component);
        camel.getRegistry().bind("marks", FileStateRepository.fileStateRepository(stateFile.toFile()));
        TaskIdLog output = TaskIdLog.open(outputFile);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                var route = from("labelstudio:tasks?projectId=" + projectId + "&event=created&startFrom=beginning"
                                + "&stateRepository=#marks&maxMessagesPerPoll=25&delay=100&initialDelay=0")
                        .routeId("tasks");
                if (exactlyOnce) {
                    // eager: add() is the write to the output, done before the exchange completes and the mark moves
                    route.idempotentConsumer(header(LabelStudioConstants.TASK_ID), output)
                            .eager(true)
                            .removeOnFailure(false)
                            .delay(WORK_AFTER_WRITE_MS)
                            .syncDelayed();
                } else {
                    route.process(e -> output.append(e.getIn().getHeader(LabelStudioConstants.TASK_ID, Long.class)))
                            .delay(WORK_AFTER_WRITE_MS)
                            .syncDelayed();
                }
            }
        });
        camel.start();
        Files.writeString(readyFile, Long.toString(ProcessHandle.current().pid()));
        Thread.currentThread().join(); // until killed
    }
}
