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

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads an enum option from what users write: its catalog name ({@code deleteMany}, {@code task_only}) or the Java
 * constant ({@code DELETE_MANY}), in any case. Camel's own enum conversion says only that no constant matches; this
 * one lists the values that do.
 */
final class OptionEnums {

    private OptionEnums() {}

    static <E extends Enum<E>> E valueOf(Class<E> type, String text) {
        String value = text.strip();
        for (E constant : type.getEnumConstants()) {
            if (constant.toString().equalsIgnoreCase(value) || constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not one of: "
                + Arrays.stream(type.getEnumConstants()).map(Enum::toString).collect(Collectors.joining(", ")));
    }
}
