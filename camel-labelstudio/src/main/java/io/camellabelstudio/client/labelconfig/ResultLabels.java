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

import java.util.List;
import java.util.Map;

/**
 * Checks the labels inside a result's {@code value} against its control tag, so a typo fails here, with the allowed
 * labels in the message, rather than as an annotation the server stores with a label nobody can see.
 *
 * <p>The labels sit under the control's {@link ControlTag#resultType() result type}: {@code choices},
 * {@code taxonomy} (a list of paths, each a list of labels from the top), or any {@code ...labels} key
 * ({@code labels}, {@code rectanglelabels}, {@code polygonlabels}, ...). Other controls (TextArea, Number, Rating,
 * Rectangle, ...) have no labels to check.
 */
final class ResultLabels {

    private ResultLabels() {}

    /** Whether results of this control carry labels from the config. */
    static boolean hasLabels(ControlTag control) {
        String key = control.resultType();
        return key.equals("choices") || key.equals("taxonomy") || isRegionControl(control);
    }

    /** Whether the control labels regions (spans, boxes, polygons...): {@code Labels} and every {@code ...Labels}. */
    static boolean isRegionControl(ControlTag control) {
        return control.resultType().endsWith("labels");
    }

    /**
     * Checks the labels of {@code value}.
     *
     * @throws IllegalArgumentException when the labels key is missing or not a list, or a label is not the control's
     */
    static void check(ControlTag control, Map<?, ?> value) {
        if (!hasLabels(control)) {
            return;
        }
        String key = control.resultType();
        Object labels = value.get(key);
        if (!(labels instanceof List<?> list)) {
            throw new IllegalArgumentException("The value for control '" + control.name() + "' (" + control.type()
                    + ") needs a '" + key + "' list" + (labels == null ? "" : ", got " + labels) + "; value: " + value);
        }
        boolean taxonomy = key.equals("taxonomy");
        for (Object item : list) {
            if (taxonomy) {
                if (!(item instanceof List<?> path)) {
                    throw new IllegalArgumentException("Each 'taxonomy' entry of control '" + control.name()
                            + "' is a path of labels from the top, such as [\"Animals\", \"Cat\"]; got " + item);
                }
                path.forEach(label -> checkOne(control, label));
            } else {
                checkOne(control, item);
            }
        }
    }

    private static void checkOne(ControlTag control, Object label) {
        if (!(label instanceof String text)) {
            throw new IllegalArgumentException("Labels of control '" + control.name() + "' are strings; got " + label);
        }
        // No fixed labels means they come from the task data (value="$options") or a service: nothing to check against
        if (!control.labels().isEmpty() && !control.hasLabel(text)) {
            throw new IllegalArgumentException("Unknown label '" + text + "' for control '" + control.name() + "' ("
                    + control.type() + "); its labels are: " + control.labels());
        }
    }
}
