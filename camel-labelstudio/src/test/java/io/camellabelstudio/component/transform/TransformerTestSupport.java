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
package io.camellabelstudio.component.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.camellabelstudio.component.DataTypeStep;

/**
 * Runs the data-type transformers as a YAML route uses them ({@code transform: toType: labelstudio:...}), found by
 * name through Camel's transformer resolver: one {@code direct:<name>} route per transformer ({@code
 * transformDataType} on Camel 4.17+, see {@link DataTypeStep}).
 */
abstract class TransformerTestSupport {

    private static final List<String> TRANSFORMERS =
            List.of("s3-event", "azure-blob-event", "gcs-event", "flat-task", "file-tasks");

    static CamelContext camel;
    static ProducerTemplate template;

    @BeforeAll
    static void startCamel() throws Exception {
        camel = new DefaultCamelContext();
        StringBuilder yaml = new StringBuilder();
        for (String name : TRANSFORMERS) {
            yaml.append("""
                    - route:
                        from:
                          uri: direct:%1$s
                          steps:
                            - transform:
                                toType: labelstudio:%1$s
                    """.formatted(name));
        }
        PluginHelper.getRoutesLoader(camel)
                .loadRoutes(ResourceHelper.fromString(
                        "transformers.camel.yaml", DataTypeStep.forCamelOnClasspath(yaml.toString())));
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterAll
    static void stopCamel() {
        camel.stop();
    }

    /** The body after the transformer {@code labelstudio:<name>}, with the given headers. */
    static Object transform(String name, Object body, Map<String, Object> headers) {
        return template.requestBodyAndHeaders("direct:" + name, body, headers);
    }

    static Object transform(String name, Object body) {
        return transform(name, body, Map.of());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(String name, Object body) {
        return (List<Map<String, Object>>) transform(name, body);
    }

    /** The exception a failed transform raised (the one the route's error handler and doCatch see). */
    static Throwable failure(String name, Object body) {
        try {
            transform(name, body);
        } catch (CamelExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the transform to fail");
    }

    static void assertFailsWith(String name, Object body, String message) {
        assertThat(failure(name, body))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    static void assertNothingFrom(String name, Object body) {
        assertThat(objects(name, body)).isEmpty();
    }

    static String sample(String file) {
        try (InputStream in = TransformerTestSupport.class.getResourceAsStream("/events/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no test resource events/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
