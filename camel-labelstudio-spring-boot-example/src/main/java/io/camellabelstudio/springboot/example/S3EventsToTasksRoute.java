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
import org.apache.camel.spi.DataType;
import org.springframework.stereotype.Component;

/**
 * New S3 objects become tasks. The bucket sends its ObjectCreated notifications to the SQS queue
 * {@code example.s3.queue}; each created object becomes the task {@code {"text": <the object's text>, "source":
 * "s3://bucket/key"}}, imported with {@code importKey=source} so that a redelivered event creates no second task. The
 * SQS message is deleted only after all its objects were imported; after a failure it comes back.
 */
@Component
public class S3EventsToTasksRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("aws2-sqs:{{example.s3.queue}}?deleteAfterRead=true&waitTimeSeconds=5")
                .routeId("s3-events-to-tasks")
                // the component's data type: the created objects, each {bucket, key, source: "s3://bucket/key"}
                .transform(new DataType("labelstudio:s3-event"))
                .split(body())
                .stopOnException()
                .setVariable("source", simple("${body[source]}"))
                .setHeader("CamelAwsS3OverrideBucketName", simple("${body[bucket]}"))
                .setHeader("CamelAwsS3Key", simple("${body[key]}"))
                .to("aws2-s3:{{example.s3.inbox-bucket}}?operation=getObject")
                .convertBodyTo(String.class, "UTF-8")
                .setBody(simple("${map(text,${body},source,${variable.source})}"))
                .to("labelstudio:tasks?operation=import&projectId={{example.project-id}}&importKey=source")
                .log("${variable.source}: ${header.CamelLabelStudioTaskCount} task(s) created,"
                        + " ${header.CamelLabelStudioSkippedCount} already there");
    }
}
