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
package io.camellabelstudio.examples.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;

import org.apache.camel.component.aws2.s3.AWS2S3Component;
import org.apache.camel.component.aws2.s3.AWS2S3Configuration;
import org.apache.camel.component.aws2.sqs.Sqs2Component;
import org.apache.camel.component.aws2.sqs.Sqs2Configuration;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

/**
 * How application.properties configures the aws2-s3 and aws2-sqs components: for AWS itself when no endpoint is set,
 * for an S3-compatible server (moto) when one is. No route runs and nothing is contacted.
 */
class S3PropertiesTest {

    @Test
    void withoutEndpointTheComponentsTalkToAwsWithTheDefaultCredentialsChain() throws Exception {
        Main main = start(Map.of("demo.s3.endpoint", "", "demo.s3.override-endpoint", "false"));
        try {
            AWS2S3Configuration s3 = main.getCamelContext()
                    .getComponent("aws2-s3", AWS2S3Component.class)
                    .getConfiguration();
            Sqs2Configuration sqs = main.getCamelContext()
                    .getComponent("aws2-sqs", Sqs2Component.class)
                    .getConfiguration();
            assertThat(s3.isOverrideEndpoint()).isFalse();
            assertThat(s3.isForcePathStyle()).isFalse();
            assertThat(s3.isUseDefaultCredentialsProvider()).isTrue();
            assertThat(s3.getRegion()).isEqualTo("eu-central-1");
            assertThat(sqs.isOverrideEndpoint()).isFalse();
            assertThat(sqs.isUseDefaultCredentialsProvider()).isTrue();
            assertThat(sqs.getRegion()).isEqualTo("eu-central-1");
        } finally {
            main.stop();
        }
    }

    @Test
    void withAnEndpointBothComponentsUseItPathStyleWithTheGivenKeys() throws Exception {
        Main main = start(Map.of(
                "demo.s3.endpoint", "http://127.0.0.1:4566",
                "demo.s3.override-endpoint", "true",
                "demo.s3.default-credentials", "false",
                "demo.s3.access-key", "AKIDEXAMPLE",
                "demo.s3.secret-key", "not-a-real-secret"));
        try {
            AWS2S3Configuration s3 = main.getCamelContext()
                    .getComponent("aws2-s3", AWS2S3Component.class)
                    .getConfiguration();
            Sqs2Configuration sqs = main.getCamelContext()
                    .getComponent("aws2-sqs", Sqs2Component.class)
                    .getConfiguration();
            assertThat(s3.isOverrideEndpoint()).isTrue();
            assertThat(s3.getUriEndpointOverride()).isEqualTo("http://127.0.0.1:4566");
            assertThat(s3.isForcePathStyle()).isTrue();
            assertThat(s3.isUseDefaultCredentialsProvider()).isFalse();
            assertThat(s3.getAccessKey()).isEqualTo("AKIDEXAMPLE");
            assertThat(s3.getSecretKey()).isEqualTo("not-a-real-secret");
            assertThat(sqs.isOverrideEndpoint()).isTrue();
            assertThat(sqs.getUriEndpointOverride()).isEqualTo("http://127.0.0.1:4566");
            assertThat(sqs.getAccessKey()).isEqualTo("AKIDEXAMPLE");
        } finally {
            main.stop();
        }
    }

    private static Main start(Map<String, String> demoProperties) throws Exception {
        Main main = new Main();
        Properties overrides = new Properties();
        overrides.setProperty("camel.main.routes-include-pattern", "classpath:no-routes-here/*.camel.yaml");
        overrides.setProperty("camel.component.labelstudio.url", "http://127.0.0.1:9");
        overrides.setProperty("camel.component.labelstudio.api-key", "unused");
        overrides.setProperty("demo.s3.region", "eu-central-1");
        overrides.putAll(demoProperties);
        main.setOverrideProperties(overrides);
        main.start();
        return main;
    }
}
