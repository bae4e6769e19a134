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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.EndpointUriFactory;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.http.Json;

/**
 * The generated metadata (labelstudio.json) describes every option and header, marks the key secret, and the
 * component page documents all of them; the generated configurers and URI factory are the ones Camel uses.
 */
class ComponentMetadataTest {

    private static JsonNode metadata() throws IOException {
        try (InputStream in = LabelStudioComponent.class.getResourceAsStream(
                "/META-INF/io/camellabelstudio/component/labelstudio.json")) {
            assertThat(in).as("generated labelstudio.json on the classpath").isNotNull();
            return Json.mapper().readTree(in);
        }
    }

    @Test
    void declaredDefaultsOfTheListingOptionsAreTheConfigurationsDefaults() throws IOException {
        JsonNode properties = metadata().path("properties");
        LabelStudioConfiguration config = new LabelStudioConfiguration();
        assertThat(properties.path("omitFields").path("defaultValue").asText())
                .as("the catalog's omitFields default is the client's")
                .isEqualTo(config.getOmitFields())
                .isEqualTo(String.join(",", io.camellabelstudio.client.TaskQuery.DEFAULT_OMIT_FIELDS));
        assertThat(properties.path("parallelPages").path("defaultValue").asInt())
                .isEqualTo(config.getParallelPages());
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void everyOptionAndHeaderHasADescription() throws IOException {
        JsonNode json = metadata();
        for (String section : List.of("componentProperties", "properties", "headers")) {
            assertThat(names(json.get(section))).as(section).isNotEmpty();
            json.get(section)
                    .properties()
                    .forEach(option -> assertThat(
                                    option.getValue().path("description").asText())
                            .as(section + "." + option.getKey() + " description")
                            .hasSizeGreaterThan(10)
                            .doesNotContain("{@"));
        }
        assertThat(names(json.get("properties")))
                .contains(
                        "resource",
                        "url",
                        "apiKey",
                        "authScheme",
                        "operation",
                        "projectId",
                        "pageSize",
                        "maxResults",
                        "connectTimeout",
                        "responseTimeout",
                        "maxRetries",
                        "retryInitialDelay",
                        "retryMaxDelay",
                        "retryAfterMaxDelay");
    }

    @Test
    void apiKeyIsSecretAndMaskedByTheUriFactory() throws Exception {
        JsonNode json = metadata();
        assertThat(json.at("/properties/apiKey/secret").asBoolean()).isTrue();
        assertThat(json.at("/properties/apiKey/label").asText()).isEqualTo("security");
        assertThat(json.at("/componentProperties/apiKey/secret").asBoolean()).isTrue();
        assertThat(json.at("/properties/webhookSecret/secret").asBoolean()).isTrue();

        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            EndpointUriFactory factory = camel.getCamelContextExtension().getEndpointUriFactory("labelstudio");
            assertThat(factory).isInstanceOf(LabelStudioEndpointUriFactory.class);
            assertThat(factory.secretPropertyNames()).containsExactlyInAnyOrder("apiKey", "webhookSecret");
            String uri = factory.buildUri(
                    "labelstudio", Map.of("resource", "projects", "operation", "list", "apiKey", "k&y"), false);
            assertThat(uri).contains("apiKey=RAW(k&y)"); // secrets are wrapped so URI characters survive
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void uriFactoryAnswersBothCamelLinesMultiValuePrefixes() throws Exception {
        // Camel 4.14 declares Set<String> multiValuePrefixes(), Camel 4.15+ Map<String, String> (option -> prefix);
        // the build gives the generated factory both (src/build/java/UriFactoryBridge.java), or one jar could not
        // build URIs from parameters on the other line (AbstractMethodError)
        Map<Class<?>, Method> forms = new HashMap<>();
        for (Method m : LabelStudioEndpointUriFactory.class.getDeclaredMethods()) {
            if (m.getName().equals("multiValuePrefixes") && m.getParameterCount() == 0) {
                forms.put(m.getReturnType(), m);
            }
        }
        assertThat(forms).containsOnlyKeys(Set.class, Map.class);
        LabelStudioEndpointUriFactory factory = new LabelStudioEndpointUriFactory();
        Object byOption = forms.get(Map.class).invoke(factory);
        Object prefixes = forms.get(Set.class).invoke(factory);
        JsonNode schedulerProperties = metadata().at("/properties/schedulerProperties");
        assertThat(schedulerProperties.get("multiValue").asBoolean()).isTrue();
        assertThat(byOption)
                .isEqualTo(Map.of(
                        "schedulerProperties", schedulerProperties.get("prefix").asText()))
                .satisfies(map ->
                        assertThat(Set.copyOf(((Map<?, ?>) map).values())).isEqualTo(prefixes));
        assertThatThrownBy(() -> ((Map<Object, Object>) byOption).put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void componentPageDocumentsEveryOptionAndHeader() throws IOException {
        JsonNode json = metadata();
        String page = Files.readString(Path.of("src/main/docs/labelstudio-component.adoc"));
        for (String section : List.of("componentProperties", "properties", "headers")) {
            for (String name : names(json.get(section))) {
                assertThat(page)
                        .as("component page mentions " + section + "." + name)
                        .contains(name);
            }
        }
    }
}
