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

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A control tag of a label config: a tag with both {@code name} and {@code toName}, such as {@code <Choices>},
 * {@code <Labels>} or {@code <RectangleLabels>}, whose results are what annotations and predictions hold.
 *
 * @param name         the {@code name} attribute; results refer to it as {@code from_name}
 * @param type         the tag name as written, e.g. {@code Choices}, {@code RectangleLabels}
 * @param toName       the names of the object tags it labels (the {@code toName} attribute split at commas)
 * @param inputs       the object tags found for {@code toName}, in that order; names without an object tag are left out
 * @param labels       the labels it offers, in document order: each nested tag's {@code alias}, else its {@code value};
 *                     empty for controls without fixed labels (TextArea, Number, dynamic labels, ...)
 * @param labelsAttrs  each label's tag attributes, keyed by label
 * @param conditionals for a {@code perRegion="true"} control shown only for some regions, its condition as the server
 *                     writes it ({@code type}: {@code tag}, {@code label} or {@code choice}, and {@code name}); else
 *                     empty
 */
public record ControlTag(
        String name,
        String type,
        List<String> toName,
        List<ObjectInput> inputs,
        List<String> labels,
        Map<String, Map<String, String>> labelsAttrs,
        Map<String, String> conditionals) {

    public ControlTag {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        toName = List.copyOf(toName);
        inputs = List.copyOf(inputs);
        labels = List.copyOf(labels);
        labelsAttrs = immutableOrdered(labelsAttrs);
        conditionals = conditionals == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(conditionals));
    }

    /**
     * The type as results write it: the tag name lower-cased ({@code choices}, {@code rectanglelabels}). For controls
     * with labels it is also the key of the labels inside a result's {@code value}.
     */
    public String resultType() {
        return type.toLowerCase(Locale.ROOT);
    }

    /** Whether {@code label} is one of this control's labels. */
    public boolean hasLabel(String label) {
        return labelsAttrs.containsKey(label);
    }

    /** This control as the server writes it in {@code parsed_label_config} (without the name, which is its key). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", type);
        map.put("to_name", List.copyOf(toName));
        if (!conditionals.isEmpty()) {
            map.put("conditionals", new LinkedHashMap<>(conditionals));
        }
        map.put("inputs", inputs.stream().map(ObjectInput::toMap).toList());
        map.put("labels", List.copyOf(labels));
        Map<String, Object> attrs = new LinkedHashMap<>();
        labelsAttrs.forEach((label, tagAttrs) -> attrs.put(label, new LinkedHashMap<>(tagAttrs)));
        map.put("labels_attrs", attrs);
        return map;
    }

    private static Map<String, Map<String, String>> immutableOrdered(Map<String, Map<String, String>> source) {
        // Map.copyOf would lose the document order of labels and attributes, which toMap() must keep
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        if (source != null) {
            source.forEach((label, attrs) -> copy.put(label, Collections.unmodifiableMap(new LinkedHashMap<>(attrs))));
        }
        return Collections.unmodifiableMap(copy);
    }
}
