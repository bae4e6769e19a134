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

import org.apache.camel.main.Main;

/**
 * The demo: a camel-main application. Its routes are the YAML files in {@code routes/} and the Java DSL
 * {@link ProjectReportRoute}; {@code application.properties} connects the component to the Label Studio named by
 * {@code LABEL_STUDIO_URL} and {@code LABEL_STUDIO_API_KEY}. Run it with {@code scripts/demo}.
 */
public final class DemoApplication {

    private DemoApplication() {}

    public static void main(String[] args) throws Exception {
        // Main with this class discovers the RouteBuilders of this package (ProjectReportRoute)
        Main main = new Main(DemoApplication.class);
        System.exit(main.run(args));
    }
}
