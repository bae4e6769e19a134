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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.Map;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.StubLabelStudio;
import io.camellabelstudio.client.StubResponse;
import io.camellabelstudio.component.metrics.LabelStudioMetrics;

/**
 * camel-micrometer is an optional dependency: the component runs a route with the test classpath minus every
 * Micrometer jar, in a class loader of its own.
 */
class WithoutMicrometerTest {

    private StubLabelStudio stub;

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        stub.when("GET", "/api/projects/1/", StubResponse.json(200, "{\"id\": 1, \"title\": \"Without metrics\"}"));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void theComponentRunsWithoutMicrometerOnTheClasspath() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        URL[] withoutMicrometer = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !new File(entry).getName().contains("micrometer"))
                .map(WithoutMicrometerTest::url)
                .toArray(URL[]::new);
        assertThat(withoutMicrometer.length).isLessThan(classPath.split(File.pathSeparator).length);
        try (URLClassLoader loader = new URLClassLoader(withoutMicrometer, ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> loader.loadClass("io.micrometer.core.instrument.MeterRegistry"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> probe = loader.loadClass(Probe.class.getName());
            assertThat(probe.getClassLoader()).isSameAs(loader);

            // Camel finds its services through the thread's context class loader
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            Object title;
            try {
                title = probe.getMethod("projectTitle", String.class).invoke(null, stub.url());
            } finally {
                thread.setContextClassLoader(before);
            }

            assertThat(title).isEqualTo("Without metrics / metrics: none");
        }
    }

    private static URL url(String entry) {
        try {
            return new File(entry).toURI().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(entry, e);
        }
    }

    /** Runs in the class loader without Micrometer. */
    public static final class Probe {

        private Probe() {}

        public static String projectTitle(String url) throws Exception {
            // typed as DefaultCamelContext: its close() throws IOException, CamelContext's any Exception (even an
            // interrupt)
            try (DefaultCamelContext camel = new DefaultCamelContext()) {
                LabelStudioComponent component = new LabelStudioComponent();
                component.getConfiguration().setUrl(url);
                component.getConfiguration().setApiKey("0f3c5e1a9b7d2c4e6f8a0b1c3d5e7f9a1b2c3d4e");
                camel.addComponent("labelstudio", component);
                camel.start();
                Object project = camel.createProducerTemplate()
                        .requestBodyAndHeaders("labelstudio:projects?operation=get&projectId=1", null, Map.of());
                String title =
                        camel.getTypeConverter().convertTo(Map.class, project).get("title") + "";
                return title + " / metrics: " + (component.metrics() == LabelStudioMetrics.NONE ? "none" : "some");
            }
        }
    }
}
