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

import java.util.Arrays;
import java.util.Properties;

import org.apache.camel.main.Main;

import io.camellabelstudio.examples.demo.DemoFlow;
import io.camellabelstudio.examples.demo.S3DemoStorage;

/**
 * The demo: a camel-main application whose routes (the YAML files named by {@code camel.main.routes-include-pattern}
 * and the Java DSL pre-annotation route) turn S3 events into Label Studio tasks, predict each, write completed tasks
 * downstream and upload exports to S3, while {@link DemoFlow} feeds them sample data and plays an annotator. Run it
 * with {@code scripts/demo} ({@code --once}: end after one round).
 */
public final class DemoApplication {

    private DemoApplication() {}

    public static void main(String[] args) throws Exception {
        boolean once = Arrays.asList(args).contains("--once");
        String[] mainArgs = Arrays.stream(args).filter(a -> !a.equals("--once")).toArray(String[]::new);
        DemoFlow flow = run(once, new Properties(), mainArgs);
        System.exit(flow.failure() == null ? 0 : 1);
    }

    /** Runs the demo until it ends (with {@code once}: after one round) and returns its flow, with the summary. */
    public static DemoFlow run(boolean once, Properties overrides, String... args) throws Exception {
        Main main = new Main();
        main.setOverrideProperties(overrides);
        main.configure().addRoutesBuilder(new PreAnnotationRoute());
        DemoFlow flow = new DemoFlow(once, new S3DemoStorage());
        main.addMainListener(flow);
        main.run(args);
        return flow;
    }
}
