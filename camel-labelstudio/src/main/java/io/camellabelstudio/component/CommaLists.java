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

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.support.ObjectHelper;

/** The comma-separated options ({@code omitFields}, {@code modelVersions}, ...), read in one way. */
public final class CommaLists {

    private CommaLists() {}

    /** The stripped, non-empty entries of a comma-separated value; empty for null. */
    public static List<String> split(String value) {
        List<String> entries = new ArrayList<>();
        if (value != null) {
            for (Object entry : ObjectHelper.createIterable(value, ",")) {
                String text = entry.toString().strip();
                if (!text.isEmpty()) {
                    entries.add(text);
                }
            }
        }
        return entries;
    }
}
