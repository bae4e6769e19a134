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

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.camellabelstudio.client.StubLabelStudio;

/**
 * A started CamelContext whose {@code labelstudio} component talks to a fresh stub HTTP server (no retries), for
 * producer unit tests; the stub must have seen no protocol problems of its own at the end.
 */
abstract class StubCamelTestSupport {

    /** A legacy token shaped like Label Studio's; it must never appear in logs or messages. */
    static final String KEY = "5ecret0key0that0must0never0be0logged000";

    protected StubLabelStudio stub;
    protected CamelContext camel;
    protected ProducerTemplate template;

    @BeforeEach
    void startStubAndCamel() {
        stub = StubLabelStudio.start();
        camel = new DefaultCamelContext();
        LabelStudioComponent component = new LabelStudioComponent();
        component.getConfiguration().setUrl(stub.url());
        component.getConfiguration().setApiKey(KEY);
        component.getConfiguration().setMaxRetries(0);
        camel.addComponent("labelstudio", component);
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stopStubAndCamel() {
        camel.stop();
        stub.close();
        assertThat(stub.errors()).as("problems of the stub server itself").isEmpty();
    }

    protected Exchange send(String uri, Object body, Map<String, Object> headers) {
        return template.request(uri, e -> {
            e.getIn().setBody(body);
            e.getIn().setHeaders(new HashMap<>(headers));
        });
    }

    protected Exchange success(String uri, Object body, Map<String, Object> headers) {
        Exchange result = send(uri, body, headers);
        assertThat(result.getException()).as("no failure").isNull();
        return result;
    }

    protected Throwable failure(String uri, Object body, Map<String, Object> headers) {
        Exchange result = send(uri, body, headers);
        assertThat(result.getException()).as("expected a failure").isNotNull();
        return result.getException();
    }
}
