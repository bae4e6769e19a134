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
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.engine.DefaultComponentResolver;
import org.apache.camel.spi.ComponentResolver;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.http.Json;

/**
 * The component page's examples agree with the component: every YAML route on the page loads with camel-yaml-dsl and
 * its {@code labelstudio:} endpoints resolve (known options, valid enum values such as operations), every
 * {@code labelstudio:} URI of the Java examples resolves the same way, and every header the page names is in the
 * catalog. Endpoints are created, never started: nothing talks to a server.
 */
class ComponentPageExamplesTest {

    private static final Path PAGE = Path.of("src/main/docs/labelstudio-component.adoc");
    private static final Pattern BLOCK = Pattern.compile(
            "^\\[source,(yaml|java)[^\\]]*\\]\\n----\\n(.*?)\\n----$", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern JAVA_URI = Pattern.compile("\"(labelstudio:[^\"]*)\"");
    private static final Pattern HEADER = Pattern.compile("\\bCamelLabelStudio[A-Za-z]+\\b");
    private static final String GENERATED_START = "// component options: START";
    private static final String GENERATED_END = "// component headers: END";

    /** Placeholders the examples use, as a user's application.properties would set them. */
    private static final Map<String, String> PROPERTIES = Map.of(
            "ls.webhook.secret", "example-secret",
            "invoices.bucket", "invoices",
            "invoices.aws.access-key-id", "example-id",
            "invoices.aws.secret-access-key", "example-secret-key");

    record Example(String language, int line, String text) {}

    static List<Example> examples(String page) {
        List<Example> examples = new ArrayList<>();
        Matcher m = BLOCK.matcher(page);
        while (m.find()) {
            int line = (int) page.substring(0, m.start())
                            .chars()
                            .filter(c -> c == '\n')
                            .count()
                    + 1;
            examples.add(new Example(m.group(1), line, m.group(2)));
        }
        return examples;
    }

    /** A YAML block that is a list of routes, route templates or beans (not application.yaml, not a Kamelet). */
    private static boolean isRoutes(Example example) {
        return example.text()
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .findFirst()
                .map(l -> l.startsWith("- "))
                .orElse(false);
    }

    private static DefaultCamelContext context() {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.setAutoStartup(false); // create routes and endpoints, start nothing
        camel.getCamelContextExtension().addContextPlugin(ComponentResolver.class, new StubUnknownComponents());
        Properties properties = new Properties();
        PROPERTIES.forEach(properties::setProperty);
        camel.getPropertiesComponent().setOverrideProperties(properties);
        camel.getRegistry().bind("labelingMarks", new MemoryStateRepository());
        camel.getRegistry().bind("exportsState", new MemoryStateRepository());
        camel.getRegistry().bind("seenTasks", new MemoryIdempotentRepository());
        LabelStudioComponent labelStudio = camel.getComponent("labelstudio", LabelStudioComponent.class);
        labelStudio.getConfiguration().setUrl("http://localhost:8080");
        labelStudio.getConfiguration().setApiKey("example-key");
        return camel;
    }

    private static long labelStudioEndpoints(CamelContext camel) {
        return camel.getEndpoints().stream()
                .filter(e -> e instanceof LabelStudioEndpoint)
                .count();
    }

    @Test
    void yamlExamplesLoadAndResolveTheirEndpoints() throws IOException {
        List<Example> yaml = examples(Files.readString(PAGE)).stream()
                .filter(e -> e.language().equals("yaml") && isRoutes(e))
                .toList();
        assertThat(yaml).as("YAML route examples on the page").hasSizeGreaterThan(10);
        for (Example example : yaml) {
            try (DefaultCamelContext camel = context()) {
                PluginHelper.getRoutesLoader(camel)
                        .loadRoutes(ResourceHelper.fromString(
                                "page-line-" + example.line() + ".yaml",
                                DataTypeStep.forCamelOnClasspath(example.text())));
                camel.start();
                if (example.text().contains("labelstudio:")) {
                    assertThat(labelStudioEndpoints(camel))
                            .as("labelstudio endpoints of the YAML example at line %d", example.line())
                            .isPositive();
                }
            } catch (Exception e) {
                fail("The YAML example at line %d of %s does not load: %s", example.line(), PAGE, causes(e));
            }
        }
    }

    @Test
    void javaExamplesUseEndpointsThatResolve() throws Exception {
        List<String> uris = new ArrayList<>();
        for (Example example : examples(Files.readString(PAGE))) {
            if (example.language().equals("java")) {
                // "labelstudio:...&a=1"\n + "&b=2" is one URI
                String joined = example.text().replaceAll("\"\\s*\\+\\s*\"", "");
                Matcher m = JAVA_URI.matcher(joined);
                while (m.find()) {
                    uris.add(m.group(1));
                }
            }
        }
        assertThat(uris).as("labelstudio URIs in the Java examples").hasSizeGreaterThan(20);
        try (DefaultCamelContext camel = context()) {
            for (String uri : uris) {
                try {
                    assertThat(camel.getEndpoint(uri)).isInstanceOf(LabelStudioEndpoint.class);
                } catch (Exception e) {
                    fail("The Java example URI %s does not resolve: %s", uri, causes(e));
                }
            }
        }
    }

    @Test
    void everyHeaderThePageNamesIsInTheCatalog() throws IOException {
        String page = Files.readString(PAGE);
        String prose = page.substring(0, page.indexOf(GENERATED_START))
                + page.substring(page.indexOf(GENERATED_END) + GENERATED_END.length());
        Set<String> named = new TreeSet<>();
        HEADER.matcher(prose).results().forEach(r -> named.add(r.group()));
        JsonNode catalog;
        try (InputStream in = LabelStudioComponent.class.getResourceAsStream(
                "/META-INF/io/camellabelstudio/component/labelstudio.json")) {
            catalog = Json.mapper().readTree(in);
        }
        Set<String> headers = new TreeSet<>();
        catalog.get("headers").fieldNames().forEachRemaining(headers::add);
        assertThat(named).as("headers the page names").isNotEmpty();
        assertThat(headers).as("catalog headers").containsAll(named);
    }

    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(text.isEmpty() ? "" : " <- ")
                    .append(t.getClass().getSimpleName())
                    .append(": ");
            text.append(t.getMessage());
        }
        return text.toString();
    }

    /**
     * Components the test classpath lacks (kafka, cron, ...) resolve to a stub that accepts any option, so that an
     * example is checked for its YAML and its labelstudio endpoints, not for which other components are present.
     */
    private static final class StubUnknownComponents implements ComponentResolver {
        private final DefaultComponentResolver resolver = new DefaultComponentResolver();

        @Override
        public Component resolveComponent(String name, CamelContext context) throws Exception {
            Component found = resolver.resolveComponent(name, context);
            return found != null ? found : new AnyComponent();
        }
    }

    private static final class AnyComponent extends DefaultComponent {
        @Override
        protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
            parameters.clear();
            return new AnyEndpoint(uri, this);
        }
    }

    private static final class AnyEndpoint extends DefaultEndpoint {
        AnyEndpoint(String uri, Component component) {
            super(uri, component);
        }

        @Override
        public Producer createProducer() {
            return new DefaultProducer(this) {
                @Override
                public void process(Exchange exchange) {
                    throw new UnsupportedOperationException("a stub for the page's examples");
                }
            };
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            return new DefaultConsumer(this, processor);
        }
    }
}
