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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns the short forms of a prediction (or annotation) result into the full result list Label Studio stores, and
 * checks its labels against the label config before anything is sent.
 *
 * <p>For the config {@code <View><Image name="image" value="$image"/><Choices name="class" toName="image">
 * <Choice value="Class A"/><Choice value="Class B"/></Choices></View>} these three give the same result,
 * {@code [{"from_name": "class", "to_name": "image", "type": "choices", "value": {"choices": ["Class A"]}}]}:
 *
 * <ul>
 * <li>the full result list itself (a {@link List} of maps), checked and returned as is;</li>
 * <li>only the {@code value} (a {@link Map}): {@code {"choices": ["Class A"]}};</li>
 * <li>only the label (a {@link String}): {@code "Class A"}.</li>
 * </ul>
 *
 * <p>A value goes to the control named by {@code fromName}, or to the only control tag of the config; its
 * {@code to_name} is the control's first {@code toName} and its {@code type} the control's tag name lower-cased. A label
 * alone makes a result for classification controls only: {@code Choices} ({@code {"choices": [label]}}),
 * {@code Taxonomy} ({@code {"taxonomy": [[label]]}}, so a top-level choice; give nested ones as a path in the value
 * form) and {@code TextArea}, where the string is the text ({@code {"text": [string]}}). Region controls
 * ({@code Labels}, {@code RectangleLabels}, ...) need a position, and Number, Rating, DateTime and other controls a
 * value of their own, so a string alone is refused for them with a hint at the value form.
 */
public final class PredictionResults {

    private PredictionResults() {}

    /** {@link #expand(ParsedLabelConfig, Object, String)} choosing the control automatically. */
    public static List<Map<String, Object>> expand(ParsedLabelConfig config, Object result) {
        return expand(config, result, null);
    }

    /**
     * Expands a result given in any of the three forms into the full result list.
     *
     * @param  config                   the project's parsed label config
     * @param  result                   the full result list, a single {@code value} map, or a label; a single result
     *                                  item (a map with {@code from_name} and {@code value}) is also taken, as a list
     *                                  of one
     * @param  fromName                 the control tag a value or label is for; null (or blank) when the config has
     *                                  just one. Not used for the full list, whose items name their control
     * @return                          the result list, unmodifiable
     * @throws IllegalArgumentException when the control cannot be chosen, a label is not the control's, or the form
     *                                  does not fit the control; the message says which and what would
     */
    public static List<Map<String, Object>> expand(ParsedLabelConfig config, Object result, String fromName) {
        Objects.requireNonNull(config, "config");
        if (result == null) {
            throw new IllegalArgumentException(
                    "A prediction result is required: a result list, a value map or a label");
        }
        if (result instanceof List<?> items) {
            return checkedList(config, items);
        }
        if (result instanceof Map<?, ?> map) {
            if (map.containsKey("from_name") && map.containsKey("value")) {
                return checkedList(config, List.of(map));
            }
            ControlTag control = chooseControl(config, fromName);
            ResultLabels.check(control, map);
            return List.of(item(control, map));
        }
        if (result instanceof String label) {
            ControlTag control = chooseControl(config, fromName);
            Map<String, Object> value = valueOfLabel(control, label);
            ResultLabels.check(control, value);
            return List.of(item(control, value));
        }
        throw new IllegalArgumentException("A prediction result is a result list, a value map or a label; got a "
                + result.getClass().getName());
    }

    /**
     * The control a value or label is for.
     *
     * @throws IllegalArgumentException for an unknown {@code fromName}, or none given while the config has several
     *                                  control tags, or none
     */
    public static ControlTag chooseControl(ParsedLabelConfig config, String fromName) {
        if (fromName != null && !fromName.isBlank()) {
            return config.control(fromName);
        }
        Map<String, ControlTag> controls = config.controls();
        if (controls.size() == 1) {
            return controls.values().iterator().next();
        }
        if (controls.isEmpty()) {
            throw new IllegalArgumentException(
                    "The label config has no control tags (tags with name and toName), so a result has nothing to label");
        }
        throw new IllegalArgumentException("The label config has several control tags ("
                + String.join(", ", controls.keySet()) + "); set fromName to the one the result is for");
    }

    private static List<Map<String, Object>> checkedList(ParsedLabelConfig config, List<?> items) {
        List<Map<String, Object>> checked = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object element = items.get(i);
            if (!(element instanceof Map<?, ?> item)) {
                throw new IllegalArgumentException("Result item " + i + " must be a map with from_name, to_name, type "
                        + "and value; got " + element);
            }
            // Relations link two regions by id and have no value
            if (!"relation".equals(item.get("type"))) {
                if (!(item.get("value") instanceof Map<?, ?> value)) {
                    throw new IllegalArgumentException("Result item " + i + " needs a 'value' map; got " + item);
                }
                ControlTag control = item.get("from_name") instanceof String name
                        ? config.controls().get(name)
                        : null;
                if (control != null) {
                    ResultLabels.check(control, value);
                }
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) item;
            checked.add(typed);
        }
        return List.copyOf(checked);
    }

    private static Map<String, Object> valueOfLabel(ControlTag control, String label) {
        String key = control.resultType();
        switch (key) {
            case "choices":
                return Map.of("choices", List.of(label));
            case "taxonomy":
                return Map.of("taxonomy", List.of(List.of(label)));
            case "textarea":
                return Map.of("text", List.of(label));
            default:
                break;
        }
        if (ResultLabels.isRegionControl(control)) {
            throw new IllegalArgumentException("A label alone is not a valid result for control '" + control.name()
                    + "' (" + control.type()
                    + "): it marks a region, which needs its position. Use the value form, e.g. "
                    + regionExample(key, label));
        }
        throw new IllegalArgumentException("A string alone is not a result for control '" + control.name() + "' ("
                + control.type() + "). Use the value form, e.g. " + valueExample(key));
    }

    private static Map<String, Object> item(ControlTag control, Map<?, ?> value) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("from_name", control.name());
        item.put("to_name", control.toName().get(0));
        item.put("type", control.resultType());
        item.put("value", value);
        return item;
    }

    private static String regionExample(String key, String label) {
        String labels = "\"" + key + "\": [\"" + label + "\"]";
        return switch (key) {
            case "labels", "hypertextlabels", "paragraphlabels" -> "{\"start\": 0, \"end\": 5, " + labels + "}";
            case "rectanglelabels" ->
                "{\"x\": 10, \"y\": 20, \"width\": 30, \"height\": 40, \"rotation\": 0, " + labels
                        + "} (percentages of the image)";
            case "polygonlabels" -> "{\"points\": [[10, 10], [40, 10], [25, 30]], " + labels + "}";
            case "keypointlabels" -> "{\"x\": 10, \"y\": 20, \"width\": 1, " + labels + "}";
            case "ellipselabels" -> "{\"x\": 30, \"y\": 30, \"radiusX\": 10, \"radiusY\": 5, " + labels + "}";
            case "timeserieslabels" -> "{\"start\": 0, \"end\": 10, \"instant\": false, " + labels + "}";
            default -> "{<the region's position>, " + labels + "}";
        };
    }

    private static String valueExample(String key) {
        return switch (key) {
            case "number" -> "{\"number\": 5}";
            case "rating" -> "{\"rating\": 4}";
            case "datetime" -> "{\"datetime\": \"2024-01-31\"}";
            default -> "the result's value map, e.g. {\"" + key + "\": ...}";
        };
    }
}
