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

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;

import io.camellabelstudio.component.LabelStudioComponent;
import io.camellabelstudio.component.LabelStudioConfiguration;

/**
 * application.yaml's {@code camel.component.labelstudio.*} reach the component through the starter. No server: the
 * context has Camel and the auto-configurations but not the application's routes and AWS clients (the SQS endpoint
 * looks its queue up when it is created).
 */
@SpringBootTest(
        classes = ApplicationPropertiesTest.CamelOnly.class,
        properties = {"LABEL_STUDIO_URL=http://labelstudio.example:8080", "LABEL_STUDIO_API_KEY=properties-test-key"})
class ApplicationPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class CamelOnly {}

    @Autowired
    CamelContext camel;

    @Test
    void applicationYamlConfiguresTheLabelStudioComponent() {
        LabelStudioConfiguration configuration =
                camel.getComponent("labelstudio", LabelStudioComponent.class).getConfiguration();
        assertThat(configuration.getUrl()).isEqualTo("http://labelstudio.example:8080");
        assertThat(configuration.getApiKey()).isEqualTo("properties-test-key");
        // connect-timeout: 10s in application.yaml (the component's default is 30 s)
        assertThat(configuration.getConnectTimeout()).isEqualTo(10_000L);
    }
}
