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
package io.camellabelstudio.client.labelconfig;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The control tags of a label config, as Label Studio's {@code parsed_label_config} describes them. Immutable; made by
 * {@link LabelConfigParser#parse(String)}.
 */
public final class ParsedLabelConfig {

    private static final ParsedLabelConfig EMPTY = new ParsedLabelConfig(Map.of());

    private final Map<String, ControlTag> controls;

    ParsedLabelConfig(Map<String, ControlTag> controls) {
        this.controls = Collections.unmodifiableMap(new LinkedHashMap<>(controls));
    }

    /** The config of a project without a label config: no control tags. */
    public static ParsedLabelConfig empty() {
        return EMPTY;
    }

    /** The control tags by name, in document order. */
    public Map<String, ControlTag> controls() {
        return controls;
    }

    /**
     * The control tag with this name.
     *
     * @throws IllegalArgumentException when there is none; the message lists the control names there are
     */
    public ControlTag control(String name) {
        Objects.requireNonNull(name, "name");
        ControlTag control = controls.get(name);
        if (control == null) {
            throw new IllegalArgumentException("The label config has no control tag named '" + name
                    + "'; its control tags are: " + describeNames(controls.keySet()));
        }
        return control;
    }

    /**
     * This config in the exact structure of the server's {@code parsed_label_config}: control name to {@code type},
     * {@code to_name}, ({@code conditionals},) {@code inputs}, {@code labels} and {@code labels_attrs}. A fresh map of
     * maps and lists, ready to compare with the server's or to write as JSON.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        controls.forEach((name, control) -> map.put(name, control.toMap()));
        return map;
    }

    static String describeNames(Collection<String> names) {
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ParsedLabelConfig that && controls.equals(that.controls);
    }

    @Override
    public int hashCode() {
        return controls.hashCode();
    }

    @Override
    public String toString() {
        return "ParsedLabelConfig" + controls.keySet();
    }
}
