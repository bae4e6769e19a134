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
package io.camellabelstudio.component;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The YAML step that applies a data type, for the Camel on the classpath: {@code transform: toType: ...} up to Camel
 * 4.16 (the line the component is built on, and its examples' syntax), {@code transformDataType: toType: ...} from
 * 4.17, where the data-type function moved out of the transform EIP (Camel's 4.17 upgrade guide). The tests write
 * routes the 4.14 way and let this rewrite them, so that they run on both lines.
 */
public final class DataTypeStep {

    /** The name of the step on the Camel on the classpath. */
    public static final String NAME = camelHasTransformDataType() ? "transformDataType" : "transform";

    /** "- transform:" directly followed by a fromType or toType key: a data-type transform, not an expression one. */
    private static final Pattern DATA_TYPE_TRANSFORM =
            Pattern.compile("(-\\s+)transform:(\\s*\\n\\s+(?:fromType|toType):)");

    private DataTypeStep() {}

    /** The YAML with its data-type {@code transform} steps named as the Camel on the classpath names them. */
    public static String forCamelOnClasspath(String yaml) {
        return DATA_TYPE_TRANSFORM.matcher(yaml).replaceAll("$1" + Matcher.quoteReplacement(NAME) + ":$2");
    }

    private static boolean camelHasTransformDataType() {
        try {
            Class.forName("org.apache.camel.model.TransformDataTypeDefinition");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
