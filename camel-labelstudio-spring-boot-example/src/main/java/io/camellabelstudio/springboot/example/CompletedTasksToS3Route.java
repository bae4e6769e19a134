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
package io.camellabelstudio.springboot.example;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.springframework.stereotype.Component;

/**
 * Labeled tasks go downstream: each task of {@code example.project-id} that becomes labeled is written once, as the
 * JSON of {@link CompletedTask}, to {@code s3://<example.s3.completed-bucket>/completed/task-<id>.json}. The consumer's
 * mark is kept by the {@code completedMarks} bean ({@link ExampleStateRepository}): a restart repeats nothing.
 */
@Component
public class CompletedTasksToS3Route extends RouteBuilder {

    @Override
    public void configure() {
        from("labelstudio:tasks?projectId={{example.project-id}}&event=completed&fields=all"
                        + "&startFrom=beginning&stateRepository=#completedMarks")
                .routeId("completed-tasks-to-s3")
                .bean(CompletedTask.class, "of")
                .marshal()
                .json(JsonLibrary.Jackson)
                .setHeader("CamelAwsS3Key", simple("completed/task-${header.CamelLabelStudioTaskId}.json"))
                .setHeader("CamelAwsS3ContentType", constant("application/json"))
                .to("aws2-s3:{{example.s3.completed-bucket}}")
                .log("Task ${header.CamelLabelStudioTaskId} labeled: written to {{example.s3.completed-bucket}}");
    }
}
