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
package io.camellabelstudio.component.springboot;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the values of the component's secret options (the catalog's {@code secret} ones, e.g. {@code api-key} and
 * {@code webhook-secret}) in the actuator's {@code /env} and {@code /configprops} endpoints, also where an application
 * shows values ({@code management.endpoint.env.show-values=always}). Spring Boot's own rules mask only keys it guesses
 * are sensitive, and only when asked to. Keys match in any of Spring's spellings: {@code camel.component.labelstudio.api-key},
 * {@code ...apiKey} (configprops) and {@code CAMEL_COMPONENT_LABELSTUDIO_APIKEY} (environment).
 */
public final class LabelStudioSecretsSanitizingFunction implements SanitizingFunction {

    private static final String PREFIX = "camel.component.labelstudio.";

    private final Set<String> secretKeys = LabelStudioComponentConfiguration.SECRET_OPTIONS.stream()
            .map(option -> canonical(PREFIX + option))
            .collect(Collectors.toUnmodifiableSet());

    @Override
    public SanitizableData apply(SanitizableData data) {
        return data.getKey() != null && secretKeys.contains(canonical(data.getKey()))
                ? data.withSanitizedValue()
                : data;
    }

    /** Lower case without separators: the one form of {@code api-key}, {@code apiKey} and {@code API_KEY}. */
    private static String canonical(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
