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

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The metadata IDEs complete {@code application.yaml} from (written by Spring's configuration processor from the
 * generated {@link LabelStudioComponentConfiguration}) against the component's catalog: every component option is
 * there, under its kebab-case name, with the catalog's description, type and default. Fails when the catalog gained,
 * lost or changed an option and scripts/generate-spring-boot-configuration was not run (the build's --check catches
 * the same earlier; this checks what the processor made of it).
 */
class SpringConfigurationMetadataTest {

    private static final String PREFIX = "camel.component.labelstudio.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, String> WRAPPERS = Map.of(
            "boolean", "java.lang.Boolean",
            "int", "java.lang.Integer",
            "long", "java.lang.Long",
            "double", "java.lang.Double");

    private static JsonNode catalog;
    private static Map<String, JsonNode> metadata;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = SpringConfigurationMetadataTest.class.getResourceAsStream(
                "/META-INF/io/camellabelstudio/component/labelstudio.json")) {
            assertThat(in).as("the component's catalog on the classpath").isNotNull();
            catalog = JSON.readTree(in).get("componentProperties");
        }
        metadata = new HashMap<>();
        for (URL url : Collections.list(SpringConfigurationMetadataTest.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : JSON.readTree(in).path("properties")) {
                    if (property.get("name").asText().startsWith(PREFIX)) {
                        metadata.put(property.get("name").asText(), property);
                    }
                }
            }
        }
        assertThat(metadata)
                .as("the starter's spring-configuration-metadata.json")
                .isNotEmpty();
    }

    @Test
    void everyComponentOptionAndNothingElseIsAProperty() {
        Set<String> expected = new TreeSet<>(Set.of(PREFIX + "enabled", PREFIX + "customizer.enabled"));
        catalog.fieldNames().forEachRemaining(name -> expected.add(PREFIX + dashed(name)));
        assertThat(new TreeSet<>(metadata.keySet())).isEqualTo(expected);
        assertThat(catalog.size()).isGreaterThan(80);
    }

    @Test
    void eachPropertyHasTheCatalogsDescriptionTypeAndDefault() {
        for (Map.Entry<String, JsonNode> entry : catalog.properties()) {
            JsonNode option = entry.getValue();
            JsonNode property = metadata.get(PREFIX + dashed(entry.getKey()));
            String name = property.get("name").asText();

            String description = oneLine(option.path("description").asText());
            assertThat(oneLine(property.path("description").asText())).as(name).startsWith(description);

            boolean duration = "duration".equals(option.get("type").asText());
            String javaType = option.get("javaType").asText();
            String expectedType = duration ? "java.time.Duration" : WRAPPERS.getOrDefault(javaType, javaType);
            // the metadata names nested types by their binary name (StoragesApi$Direction)
            assertThat(property.get("type").asText().replace(" ", "").replace('$', '.'))
                    .as(name)
                    .isEqualTo(expectedType.replace(" ", ""));

            JsonNode catalogDefault = option.get("defaultValue");
            JsonNode springDefault = property.get("defaultValue");
            if (catalogDefault == null) {
                assertThat(springDefault).as(name + " has no default").isNull();
            } else if (duration) {
                assertThat(DurationStyle.detectAndParse(springDefault.asText()))
                        .as(name)
                        .isEqualTo(Duration.ofMillis(catalogDefault.asLong()));
            } else if (springDefault.isNumber()) {
                assertThat(springDefault.asDouble()).as(name).isEqualTo(catalogDefault.asDouble());
            } else {
                // enums: the processor writes the constant in kebab case (LEGACY_TOKEN -> legacy-token)
                assertThat(canonical(springDefault.asText())).as(name).isEqualTo(canonical(catalogDefault.asText()));
            }
        }
    }

    @Test
    void theSecretOptionsAreTheCatalogsSecretOnes() {
        Set<String> secrets = new TreeSet<>();
        catalog.properties().forEach(e -> {
            if (e.getValue().path("secret").asBoolean()) {
                secrets.add(e.getKey());
            }
        });
        assertThat(secrets).contains("apiKey", "webhookSecret");
        assertThat(new TreeSet<>(LabelStudioComponentConfiguration.SECRET_OPTIONS))
                .isEqualTo(secrets);
    }

    private static String dashed(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String oneLine(String text) {
        return String.join(" ", text.trim().split("\\s+"));
    }

    private static String canonical(String value) {
        return value.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.]", "");
    }
}
