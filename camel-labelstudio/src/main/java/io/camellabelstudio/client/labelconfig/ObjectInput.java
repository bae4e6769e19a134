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

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An object tag (the data being labeled, such as {@code <Text>} or {@code <Image>}) that a control tag points at with
 * its {@code toName}.
 *
 * @param type      the tag name as written, e.g. {@code Text}, {@code Image}
 * @param valueType the tag's {@code valueType} attribute (e.g. {@code url}), or null when it has none
 * @param value     the task data key the tag reads: its {@code value} attribute without the leading {@code $}
 */
public record ObjectInput(String type, String valueType, String value) {

    /** This input as the server writes it in {@code parsed_label_config}: {@code type}, {@code valueType}, {@code value}. */
    public Map<String, Object> toMap() {
        // LinkedHashMap, not Map.of: valueType may be null and the server's key order is kept
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", type);
        map.put("valueType", valueType);
        map.put("value", value);
        return map;
    }
}
