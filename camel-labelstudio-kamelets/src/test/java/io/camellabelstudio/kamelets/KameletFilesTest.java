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
package io.camellabelstudio.kamelets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.util.URISupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every kamelet of the jar against Camel's Kamelet format and the component's catalog (labelstudio.json, generated
 * from the endpoint's annotations): so a kamelet cannot name an option the component does not have, use it on the
 * wrong side (a producer option in a source), give it a value or default the component would refuse, or pass a
 * secret the catalog knows as such through a property not marked as one.
 */
class KameletFilesTest {

    private static final Set<String> KAMELETS = Set.of(
            "labelstudio-task-sink",
            "labelstudio-task-source",
            "labelstudio-export-source",
            "labelstudio-webhook-source");
    private static final String CATALOG = "META-INF/io/camellabelstudio/component/labelstudio.json";
    private static final String CREDENTIALS = "urn:camel:group:credentials";
    /** {{name}}, {{?name}} and {{name:default}}: Camel's property placeholders. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\??)([A-Za-z0-9_.-]+)(:[^}]*)?}}");
    /** An option value that is exactly one kamelet property, optionally in RAW(...). */
    private static final Pattern PROPERTY_VALUE = Pattern.compile("(RAW\\()?\\{\\{\\??([A-Za-z0-9_.-]+)}}\\)?");

    private static JsonNode catalog;

    @BeforeAll
    static void readCatalog() throws IOException {
        try (InputStream in = KameletFilesTest.class.getClassLoader().getResourceAsStream(CATALOG)) {
            assertThat(in).as(CATALOG + " on the classpath").isNotNull();
            catalog = new ObjectMapper().readTree(in);
        }
    }

    static Stream<String> kamelets() {
        return KAMELETS.stream().sorted();
    }

    @Test
    void theJarHoldsExactlyTheKamelets() throws IOException, URISyntaxException {
        URL dir = KameletFilesTest.class.getClassLoader().getResource("kamelets");
        assertThat(dir).isNotNull();
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(
                            KAMELETS.stream().map(n -> n + ".kamelet.yaml").toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kamelets")
    void hasTheKameletStructure(String name) throws IOException {
        Map<String, Object> kamelet = load(name);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(kamelet.get("apiVersion")).isEqualTo("camel.apache.org/v1");
        soft.assertThat(kamelet.get("kind")).isEqualTo("Kamelet");
        Map<String, Object> metadata = map(kamelet, "metadata");
        soft.assertThat(metadata.get("name")).as("metadata.name").isEqualTo(name);
        Object type = map(metadata, "labels").get("camel.apache.org/kamelet.type");
        soft.assertThat(type).as("kamelet.type label").isIn("source", "sink");
        soft.assertThat(name).as("name ends with its type").endsWith("-" + type);
        soft.assertThat(map(metadata, "annotations"))
                .containsKeys("camel.apache.org/provider", "camel.apache.org/kamelet.group");

        Map<String, Object> definition = map(spec(kamelet), "definition");
        soft.assertThat((String) definition.get("title")).as("title").isNotBlank();
        soft.assertThat((String) definition.get("description"))
                .as("description")
                .isNotBlank();
        soft.assertThat(definition.get("type")).isEqualTo("object");
        Map<String, Object> properties = map(definition, "properties");
        soft.assertThat(properties.keySet()).as("required").containsAll(required(kamelet));
        properties.forEach((property, value) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) value;
            soft.assertThat(p).as(property).containsKeys("title", "description", "type");
            soft.assertThat(p.get("type")).as(property + ".type").isIn("string", "integer", "boolean", "number");
        });

        List<Object> dependencies = list(spec(kamelet), "dependencies");
        String version = catalog.path("component").path("version").asText();
        soft.assertThat(dependencies)
                .as("dependencies")
                .contains("camel:kamelet", "mvn:io.camellabelstudio:camel-labelstudio:" + version);

        Map<String, Object> from = map(map(spec(kamelet), "template"), "from");
        List<Endpoint> endpoints = endpoints(map(spec(kamelet), "template"));
        if ("sink".equals(type)) {
            soft.assertThat(from.get("uri"))
                    .as("a sink starts at kamelet:source")
                    .isEqualTo("kamelet:source");
            soft.assertThat(endpoints).as("a sink sends to the component").anyMatch(e -> e.isLabelStudio() && !e.from);
        } else {
            soft.assertThat((String) from.get("uri"))
                    .as("a source consumes from the component")
                    .startsWith("labelstudio:");
            soft.assertThat(endpoints).as("a source ends at kamelet:sink").anyMatch(e -> "kamelet:sink".equals(e.uri));
        }
        soft.assertAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kamelets")
    void everyPlaceholderIsADefinedPropertyAndEveryPropertyIsUsed(String name) throws IOException {
        Map<String, Object> kamelet = load(name);
        Map<String, Object> properties = properties(kamelet);
        Set<String> required = required(kamelet);
        Set<String> used = new LinkedHashSet<>();
        SoftAssertions soft = new SoftAssertions();
        for (String text : strings(map(spec(kamelet), "template"), new ArrayList<>())) {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                String property = m.group(2);
                used.add(property);
                soft.assertThat(properties)
                        .as("property of placeholder " + m.group())
                        .containsKey(property);
                boolean optional = !m.group(1).isEmpty() || m.group(3) != null;
                if (!optional && properties.containsKey(property)) {
                    soft.assertThat(required.contains(property)
                                    || property(kamelet, property).containsKey("default"))
                            .as(m.group() + " is neither optional ({{?...}}) nor required nor defaulted")
                            .isTrue();
                }
            }
        }
        soft.assertThat(used).as("properties used by the template").containsAll(properties.keySet());
        soft.assertAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kamelets")
    void everyEndpointOptionExistsInTheCatalogAndFits(String name) throws IOException {
        Map<String, Object> kamelet = load(name);
        JsonNode options = catalog.path("properties");
        Map<String, String> optionOfProperty = new LinkedHashMap<>();
        SoftAssertions soft = new SoftAssertions();
        for (Endpoint endpoint : endpoints(map(spec(kamelet), "template"))) {
            if (!endpoint.isLabelStudio()) {
                continue;
            }
            soft.assertThat(enumOf(options.path("resource")))
                    .as("resource of " + endpoint.uri)
                    .contains(endpoint.path());
            endpoint.options().forEach((option, value) -> {
                JsonNode spec = options.path(option);
                String where = endpoint.uri + " option " + option;
                soft.assertThat(spec.isMissingNode())
                        .as(where + " is in the catalog")
                        .isFalse();
                if (spec.isMissingNode()) {
                    return;
                }
                soft.assertThat(spec.path("kind").asText()).as(where).isEqualTo("parameter");
                String label = spec.path("label").asText();
                soft.assertThat(label)
                        .as(where + " on the right side")
                        .doesNotContain(endpoint.from ? "producer" : "consumer");
                Matcher m = PROPERTY_VALUE.matcher(value);
                if (m.matches()) {
                    String property = m.group(2);
                    optionOfProperty.put(property, option);
                    checkProperty(soft, where, option, spec, property, property(kamelet, property), m.group(1) != null);
                } else {
                    soft.assertThat(value)
                            .as(where + " is a fixed value or one property")
                            .doesNotContain("{{");
                    checkValue(soft, where, spec, value);
                }
            });
        }
        // a property marked secret must reach a secret option (else the component would log it as plain text)
        properties(kamelet).keySet().stream()
                .filter(p -> "password".equals(property(kamelet, p).get("format")))
                .forEach(p -> soft.assertThat(options.path(optionOfProperty.getOrDefault(p, "-"))
                                .path("secret")
                                .asBoolean())
                        .as(p + " is marked secret, so it must set a secret option")
                        .isTrue());
        soft.assertAll();
    }

    /** A kamelet property that sets an option: type, enum, default and secrecy agree with the catalog. */
    private static void checkProperty(
            SoftAssertions soft,
            String where,
            String option,
            JsonNode spec,
            String propertyName,
            Map<String, Object> property,
            boolean raw) {
        String type = spec.path("type").asText();
        Object propertyType = property.get("type");
        Set<String> enumValues = enumOf(spec);
        switch (type) {
            case "integer", "boolean", "string" ->
                soft.assertThat(propertyType)
                        .as(where + ": type of " + propertyName)
                        .isEqualTo(type);
            case "number" -> soft.assertThat(propertyType).as(where).isIn("number", "integer");
            case "duration" -> soft.assertThat(propertyType).as(where).isIn("string", "integer");
            case "object" ->
                soft.assertThat(propertyType)
                        .as(where + ": an enum or a #bean reference, so a string")
                        .isEqualTo("string");
            default -> soft.fail(where + ": catalog type " + type + " not handled");
        }
        Object propertyEnum = property.get("enum");
        if (propertyEnum != null) {
            soft.assertThat(enumValues).as(where + ": enum of " + propertyName).containsAll(strings(propertyEnum));
        }
        if (property.containsKey("default")) {
            soft.assertThat(String.valueOf(property.get("default")))
                    .as(where + ": default of " + propertyName + " is the component's")
                    .isEqualTo(spec.path("defaultValue").asText());
        }
        boolean secret = spec.path("secret").asBoolean();
        if (secret) {
            soft.assertThat(property.get("format"))
                    .as(propertyName + " is a secret")
                    .isEqualTo("password");
            soft.assertThat(strings(property.get("x-descriptors")))
                    .as(propertyName + " x-descriptors")
                    .contains(CREDENTIALS);
            soft.assertThat(raw)
                    .as(propertyName + " is passed as RAW(...), so any character survives the URI")
                    .isTrue();
            // the template resolves the secret into an endpoint URI: Camel's sanitizer must know the option's name
            soft.assertThat(URISupport.sanitizeUri("labelstudio:tasks?" + option + "=RAW(s3cr3t+value)"))
                    .as(where + ": masked where Camel logs the endpoint")
                    .doesNotContain("s3cr3t");
        }
    }

    /** A fixed option value the component would accept. */
    private static void checkValue(SoftAssertions soft, String where, JsonNode spec, String value) {
        Set<String> enumValues = enumOf(spec);
        if (!enumValues.isEmpty()) {
            soft.assertThat(enumValues).as(where).contains(value);
        }
        switch (spec.path("type").asText()) {
            case "boolean" -> soft.assertThat(value).as(where).isIn("true", "false");
            case "integer" -> soft.assertThat(value).as(where).matches("-?\\d+");
            default -> {}
        }
    }

    /** A from or to of the template: its uri and the options of its query and its parameters. */
    private record Endpoint(String uri, Map<String, String> parameters, boolean from) {

        boolean isLabelStudio() {
            return uri.startsWith("labelstudio:");
        }

        String path() {
            String rest = uri.substring(uri.indexOf(':') + 1);
            int query = rest.indexOf('?');
            return query < 0 ? rest : rest.substring(0, query);
        }

        Map<String, String> options() {
            Map<String, String> options = new LinkedHashMap<>();
            int query = uri.indexOf('?');
            if (query >= 0) {
                for (String pair : uri.substring(query + 1).split("&")) {
                    int eq = pair.indexOf('=');
                    options.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            options.putAll(parameters);
            return options;
        }
    }

    private static List<Endpoint> endpoints(Map<String, Object> template) {
        List<Endpoint> endpoints = new ArrayList<>();
        collectEndpoints(template, endpoints);
        return endpoints;
    }

    private static void collectEndpoints(Object node, List<Endpoint> endpoints) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                boolean from = "from".equals(key);
                if ((from || "to".equals(key)) && value instanceof String uri) {
                    endpoints.add(new Endpoint(uri, Map.of(), from));
                } else if ((from || "to".equals(key)) && value instanceof Map<?, ?> endpoint) {
                    Map<String, String> parameters = new LinkedHashMap<>();
                    if (endpoint.get("parameters") instanceof Map<?, ?> p) {
                        p.forEach((k, v) -> parameters.put(String.valueOf(k), String.valueOf(v)));
                    }
                    endpoints.add(new Endpoint(String.valueOf(endpoint.get("uri")), parameters, from));
                }
                collectEndpoints(value, endpoints);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectEndpoints(item, endpoints));
        }
    }

    private static List<String> strings(Object node, List<String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                into.add(String.valueOf(k));
                strings(v, into);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> strings(item, into));
        } else if (node != null) {
            into.add(String.valueOf(node));
        }
        return into;
    }

    private static List<String> strings(Object list) {
        return list instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    private static Set<String> enumOf(JsonNode spec) {
        Set<String> values = new LinkedHashSet<>();
        spec.path("enum").forEach(v -> values.add(v.asText()));
        return values;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String name) throws IOException {
        String resource = "kamelets/" + name + ".kamelet.yaml";
        try (InputStream in = KameletFilesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromInputStream(in);
        }
    }

    private static Map<String, Object> spec(Map<String, Object> kamelet) {
        return map(kamelet, "spec");
    }

    private static Map<String, Object> properties(Map<String, Object> kamelet) {
        return map(map(spec(kamelet), "definition"), "properties");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> property(Map<String, Object> kamelet, String name) {
        Object property = properties(kamelet).get(name);
        return property == null ? Map.of() : (Map<String, Object>) property;
    }

    private static Set<String> required(Map<String, Object> kamelet) {
        return list(map(spec(kamelet), "definition"), "required").stream()
                .map(String::valueOf)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? List.of() : (List<Object>) value;
    }
}
