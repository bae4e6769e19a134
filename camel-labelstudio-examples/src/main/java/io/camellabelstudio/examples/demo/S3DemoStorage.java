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

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;

import io.camellabelstudio.examples.s3.S3EventsSetup;

/**
 * The demo's S3: the bucket whose ObjectCreated events reach the SQS queue of {@code s3-events-to-tasks}, and the
 * bucket {@code exports-to-s3} uploads to. Connected with the same {@code demo.s3.*} properties as the routes.
 */
public final class S3DemoStorage implements DemoStorage {

    private String bucket;
    private String exportsBucket;
    private String exportsPrefix;

    @Override
    public void prepare(CamelContext camel) {
        bucket = DemoProperties.required(camel, "demo.s3.bucket");
        exportsBucket = DemoProperties.required(camel, "demo.exports.bucket");
        exportsPrefix = "exports/project-" + DemoProperties.required(camel, "demo.project-id") + "/";
        boolean defaultCredentials =
                Boolean.parseBoolean(DemoProperties.required(camel, "demo.s3.default-credentials"));
        try (S3EventsSetup setup = S3EventsSetup.connect(
                Boolean.parseBoolean(DemoProperties.required(camel, "demo.s3.override-endpoint"))
                        ? DemoProperties.required(camel, "demo.s3.endpoint")
                        : "",
                DemoProperties.required(camel, "demo.s3.region"),
                defaultCredentials ? "" : DemoProperties.required(camel, "demo.s3.access-key"),
                defaultCredentials ? "" : DemoProperties.required(camel, "demo.s3.secret-key"))) {
            setup.setUp(bucket, DemoProperties.required(camel, "demo.s3.queue"), exportsBucket);
        }
    }

    @Override
    public void upload(ProducerTemplate template, String key, String text) {
        template.sendBodyAndHeader("aws2-s3:" + bucket, text, AWS2S3Constants.KEY, key);
    }

    @Override
    public long exportCount(ProducerTemplate template) {
        List<?> objects = template.requestBodyAndHeader(
                "aws2-s3:" + exportsBucket + "?operation=listObjects",
                null,
                AWS2S3Constants.PREFIX,
                exportsPrefix,
                List.class);
        return objects == null ? 0 : objects.size();
    }

    @Override
    public String exportsBucket() {
        return exportsBucket;
    }
}
