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

import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.main.Main;

import io.camellabelstudio.it.LabelStudioServer;

/**
 * The example application as the tests run it: a camel-main {@link Main} in this JVM with the chosen route files,
 * connected to the test Label Studio, with properties that override {@code application.properties}. Unlike the
 * demo it does not stop after the first message.
 */
public final class ExampleApp implements AutoCloseable {

    private final Main main;

    private ExampleApp(Main main) {
        this.main = main;
    }

    /**
     * Starts the routes of {@code routesIncludePattern} (e.g. {@code classpath:routes/folder-to-tasks.camel.yaml})
     * and the given Java DSL route builders, with {@code properties} overriding application.properties.
     */
    public static ExampleApp start(
            LabelStudioServer server,
            String routesIncludePattern,
            Map<String, String> properties,
            RoutesBuilder... javaRoutes)
            throws Exception {
        return start(server, routesIncludePattern, properties, Map.of(), javaRoutes);
    }

    /**
     * As {@link #start(LabelStudioServer, String, Map, RoutesBuilder...)}, with {@code beans} bound in the registry
     * before the routes load (e.g. a client that a component autowires).
     */
    public static ExampleApp start(
            LabelStudioServer server,
            String routesIncludePattern,
            Map<String, String> properties,
            Map<String, Object> beans,
            RoutesBuilder... javaRoutes)
            throws Exception {
        Main main = new Main();
        beans.forEach(main::bind);
        Properties overrides = new Properties();
        overrides.setProperty("camel.main.duration-max-messages", "0");
        overrides.setProperty("camel.main.routes-include-pattern", routesIncludePattern);
        overrides.setProperty("camel.component.labelstudio.url", server.url());
        overrides.setProperty("camel.component.labelstudio.api-key", server.legacyToken());
        overrides.putAll(properties);
        main.setOverrideProperties(overrides);
        for (RoutesBuilder routes : javaRoutes) {
            main.configure().addRoutesBuilder(routes);
        }
        main.start();
        return new ExampleApp(main);
    }

    /**
     * Takes the test's {@code steps} while the app runs, then stops it, also when a step fails: for tests that only
     * drive the app from outside (through Label Studio, a folder, a bucket) and never touch it.
     */
    public void whileRunning(Steps steps) throws Exception {
        try {
            steps.run();
        } finally {
            close();
        }
    }

    /** What a test does while the app runs. */
    @FunctionalInterface
    public interface Steps {
        void run() throws Exception;
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        main.stop();
    }
}
