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
package io.camellabelstudio.examples.cloud;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the demo's task data {@code {"text": ..., "source": ...}} (any text, JSON-escaped by the component). */
public final class TextTasks {

    private TextTasks() {}

    public static Map<String, Object> of(String text, String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("A task needs a source (its import key)");
        }
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("text", text == null ? "" : text);
        task.put("source", source);
        return task;
    }
}
