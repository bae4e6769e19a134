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
package io.camellabelstudio.examples;

import org.apache.camel.builder.RouteBuilder;

import io.camellabelstudio.component.LabelStudioConstants;

/**
 * Java DSL: lists every project of the server, page by page (the list is lazy, so {@code split().streaming()} holds
 * one page in memory at a time), and prints one line per project.
 */
public class ProjectReportRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:project-report")
                .routeId("project-report")
                .to("labelstudio:projects?operation=list&pageSize=50")
                .log("Label Studio has ${header." + LabelStudioConstants.TOTAL + "} project(s):")
                .split(body())
                .streaming()
                .log("  #${body.id} ${body.title} (tasks: ${body.taskNumber})")
                .end();
    }
}
