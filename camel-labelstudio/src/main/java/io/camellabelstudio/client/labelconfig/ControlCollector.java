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

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Collects control tags, object tags and labels while a label config is read, with the server's rules for
 * {@code parsed_label_config}:
 *
 * <ul>
 * <li>a control tag has non-empty {@code name} and {@code toName} ({@code <Filter>} excepted, which points at a
 * control, not at data);</li>
 * <li>any other tag with non-empty {@code name} and {@code value} is an object tag; a later one with the same name
 * replaces an earlier one;</li>
 * <li>a tag inside a control tag, at any depth, with a non-empty {@code alias} or {@code value} is a label of the
 * nearest enclosing control tag, named by its alias, else its value; a repeated label keeps its first place and its
 * last attributes.</li>
 * </ul>
 */
final class ControlCollector extends DefaultHandler {

    /** Tags that have name and toName but are not control tags. */
    private static final Set<String> NOT_CONTROL_TAGS = Set.of("Filter");

    private final Map<String, PendingControl> controls = new LinkedHashMap<>();
    private final Map<String, ObjectInput> objects = new HashMap<>();
    /** The {@code name} attribute of each open ancestor tag ("" for none), innermost first. */
    private final Deque<String> openNames = new ArrayDeque<>();

    @Override
    public void startElement(String uri, String localName, String tag, Attributes attributes) {
        Map<String, String> attrs = inDocumentOrder(attributes);
        String name = attrs.getOrDefault("name", "");
        String toName = attrs.getOrDefault("toName", "");
        String value = attrs.getOrDefault("value", "");

        if (!name.isEmpty() && !toName.isEmpty() && !NOT_CONTROL_TAGS.contains(tag)) {
            controls.put(name, new PendingControl(name, tag, List.of(toName.split(",", -1)), conditionals(attrs)));
        } else if (!name.isEmpty() && !value.isEmpty()) {
            objects.put(name, new ObjectInput(tag, attrs.get("valueType"), stripDollars(value)));
        }

        PendingControl owner = enclosingControl();
        if (owner != null) {
            String alias = attrs.getOrDefault("alias", "");
            String label = alias.isEmpty() ? value : alias;
            if (!label.isEmpty()) {
                owner.labelsAttrs.put(label, attrs);
            }
        }
        openNames.push(name);
    }

    @Override
    public void endElement(String uri, String localName, String tag) {
        openNames.pop();
    }

    /** The result, once the whole document is read: object tags may come after the controls that point at them. */
    ParsedLabelConfig result() {
        Map<String, ControlTag> result = new LinkedHashMap<>();
        for (PendingControl control : controls.values()) {
            List<ObjectInput> inputs = new ArrayList<>();
            for (String objectName : control.toName) {
                ObjectInput input = objects.get(objectName);
                if (input != null) {
                    inputs.add(input);
                }
            }
            result.put(
                    control.name,
                    new ControlTag(
                            control.name,
                            control.type,
                            control.toName,
                            inputs,
                            new ArrayList<>(control.labelsAttrs.keySet()),
                            control.labelsAttrs,
                            control.conditionals));
        }
        return new ParsedLabelConfig(result);
    }

    /** The nearest open ancestor whose name is a control already seen, as the server looks labels up. */
    private PendingControl enclosingControl() {
        for (String ancestorName : openNames) {
            PendingControl control = controls.get(ancestorName);
            if (control != null) {
                return control;
            }
        }
        return null;
    }

    private static Map<String, String> conditionals(Map<String, String> attrs) {
        if (!"true".equals(attrs.get("perRegion"))) {
            return Map.of();
        }
        String[][] conditions = {{"whenTagName", "tag"}, {"whenLabelValue", "label"}, {"whenChoiceValue", "choice"}};
        for (String[] condition : conditions) {
            String name = attrs.getOrDefault(condition[0], "");
            if (!name.isEmpty()) {
                Map<String, String> map = new LinkedHashMap<>();
                map.put("type", condition[1]);
                map.put("name", name);
                return map;
            }
        }
        return Map.of();
    }

    private static Map<String, String> inDocumentOrder(Attributes attributes) {
        Map<String, String> attrs = new LinkedHashMap<>();
        for (int i = 0; i < attributes.getLength(); i++) {
            attrs.put(attributes.getQName(i), attributes.getValue(i));
        }
        return attrs;
    }

    /** {@code $text} reads the task field {@code text}; the server strips every leading {@code $}. */
    private static String stripDollars(String value) {
        int start = 0;
        while (start < value.length() && value.charAt(start) == '$') {
            start++;
        }
        return value.substring(start);
    }

    /** A control tag whose labels are still being collected. */
    private static final class PendingControl {
        final String name;
        final String type;
        final List<String> toName;
        final Map<String, String> conditionals;
        final Map<String, Map<String, String>> labelsAttrs = new LinkedHashMap<>();

        PendingControl(String name, String type, List<String> toName, Map<String, String> conditionals) {
            this.name = name;
            this.type = type;
            this.toName = toName;
            this.conditionals = conditionals;
        }
    }
}
