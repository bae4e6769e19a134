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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.model.Project;

/** The demo's project and sample data: a sentiment project and a dozen short product reviews, bundled. */
public final class DemoProject {

    private DemoProject() {}

    /** Creates the demo project: text classification of reviews, Positive or Negative. */
    public static Project create(LabelStudioClient client) {
        String title = "Camel demo " + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"));
        return client.projects()
                .create(Map.of(
                        "title",
                        title,
                        "description",
                        "Reviews imported from S3 events by the camel-labelstudio demo",
                        "label_config",
                        resource("demo/label-config.xml")));
    }

    /** The bundled reviews, one per line. */
    public static List<String> reviews() {
        return resource("demo/reviews.txt").lines().filter(l -> !l.isBlank()).toList();
    }

    static String resource(String name) {
        try (InputStream in = DemoProject.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The demo resource " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the demo resource " + name, e);
        }
    }
}
