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

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.camellabelstudio.client.StubLabelStudio;
import io.camellabelstudio.client.StubResponse;
import io.camellabelstudio.client.error.ValidationException;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;

/**
 * Label configs with entity tricks, through the component's parseConfig, validateConfig and create operations and the
 * real Label Studio: no external entity is resolved (neither a file on this machine nor a URL, which a canary HTTP
 * server would see requested) and no entity is expanded.
 */
class LabelConfigEntitiesIT extends LabelStudioIT {

    private static final String SECRET = "TOP-SECRET-CONTENT-4711";

    @TempDir
    Path dir;

    private Path secret;
    private StubLabelStudio canary;

    @BeforeEach
    void secretAndCanary() throws Exception {
        secret = dir.resolve("secret.txt");
        Files.writeString(secret, SECRET);
        Files.writeString(dir.resolve("evil.dtd"), "<!ENTITY leak SYSTEM \"" + secret.toUri() + "\">");
        canary = StubLabelStudio.start();
        canary.when(StubLabelStudio.ANY_METHOD, "/evil.dtd", StubResponse.body(200, "application/xml-dtd", ""));
    }

    @AfterEach
    void stopCanary() {
        canary.close();
    }

    /** Configs that would leak the secret file or fetch from the canary if entities were resolved. */
    private Map<String, String> hostileConfigs() {
        String choices = "<View><Text name=\"text\" value=\"$text\"/><Choices name=\"c\" toName=\"text\">"
                + "<Choice value=\"%s\"/><Choice value=\"B\"/></Choices></View>";
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(
                "external general entity (file)",
                "<?xml version=\"1.0\"?><!DOCTYPE View [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                        + choices.formatted("&xxe;"));
        configs.put(
                "external general entity (URL)",
                "<!DOCTYPE View [<!ENTITY xxe SYSTEM \"" + canary.url() + "/evil.dtd\">]>"
                        + choices.formatted("&xxe;"));
        configs.put(
                "external parameter entity",
                "<!DOCTYPE View [<!ENTITY % remote SYSTEM \"" + canary.url() + "/evil.dtd\"> %remote;]>"
                        + choices.formatted("&leak;"));
        configs.put(
                "external DTD (file)",
                "<!DOCTYPE View SYSTEM \"" + dir.resolve("evil.dtd").toUri() + "\">" + choices.formatted("&leak;"));
        configs.put(
                "external DTD (URL)",
                "<!DOCTYPE View SYSTEM \"" + canary.url() + "/evil.dtd\">" + choices.formatted("A"));
        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE View [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            laughs.append("<!ENTITY lol")
                    .append(i)
                    .append(" \"")
                    .append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">");
        }
        configs.put(
                "billion laughs",
                laughs.append("]>").append(choices.formatted("&lol9;")).toString());
        configs.put(
                "XInclude",
                "<View xmlns:xi=\"http://www.w3.org/2001/XInclude\"><Text name=\"text\" value=\"$text\"/>"
                        + "<xi:include href=\"" + secret.toUri() + "\" parse=\"text\"/>"
                        + "<Choices name=\"c\" toName=\"text\"><Choice value=\"A\"/></Choices></View>");
        return configs;
    }

    private static String trace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void parseConfigRefusesEveryDoctypeAndFetchesNothing() {
        int refused = 0;
        for (Map.Entry<String, String> config : hostileConfigs().entrySet()) {
            Exchange result = ls.camel()
                    .createProducerTemplate()
                    .request(
                            "labelstudio:projects?operation=parseConfig",
                            e -> e.getIn().setBody(config.getValue()));
            if (config.getKey().equals("XInclude")) {
                // no DOCTYPE: parsed, and the include stays an unknown element, never read
                assertThat(result.getException()).as(config.getKey()).isNull();
                assertThat(result.getMessage().getBody().toString()).doesNotContain(SECRET);
                continue;
            }
            assertThat(result.getException())
                    .as(config.getKey())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("DOCTYPE");
            assertThat(trace(result.getException())).as(config.getKey()).doesNotContain(SECRET, "lollollol");
            refused++;
        }
        assertThat(canary.requests()).as("requests to the canary").isEmpty();
        System.out.println("label-config-entities parseConfig refused=" + refused + " canaryRequests="
                + canary.requests().size());
    }

    @Test
    void validateConfigAndCreateThroughTheServerNeverShowTheSecretOrFetch() {
        int rejected = 0;
        for (Map.Entry<String, String> config : hostileConfigs().entrySet()) {
            Exchange validated = ls.camel()
                    .createProducerTemplate()
                    .request(
                            "labelstudio:projects?operation=validateConfig",
                            e -> e.getIn().setBody(config.getValue()));
            Exchange created = ls.camel()
                    .createProducerTemplate()
                    .request(
                            "labelstudio:projects?operation=create",
                            e -> e.getIn()
                                    .setBody(Map.of(
                                            "title", "XXE " + config.getKey(), "label_config", config.getValue())));
            for (Exchange exchange : List.of(validated, created)) {
                if (exchange.getException() != null) {
                    assertThat(exchange.getException()).as(config.getKey()).isInstanceOf(ValidationException.class);
                    assertThat(trace(exchange.getException()))
                            .as(config.getKey())
                            .doesNotContain(SECRET);
                    rejected++;
                } else {
                    Object body = exchange.getMessage().getBody();
                    if (body instanceof Project project) {
                        // the server's own parse of the stored config
                        Object parsed = ls.client().projects().get(project.id()).field("parsed_label_config");
                        ls.client().projects().delete(project.id());
                        assertThat(project.labelConfig()).doesNotContain(SECRET);
                        assertThat(String.valueOf(parsed)).contains("Choices").doesNotContain(SECRET);
                    }
                    System.out.println(
                            "label-config-entities accepted by the server: " + config.getKey() + " -> " + body);
                }
            }
        }
        assertThat(canary.requests()).as("requests to the canary").isEmpty();
        System.out.println("label-config-entities server rejected=" + rejected + " of "
                + 2 * hostileConfigs().size() + " canaryRequests="
                + canary.requests().size());
    }

    @Test
    void aNormalConfigStillParses() {
        Object parsed = ls.template()
                .requestBody("labelstudio:projects?operation=parseConfig", LabelConfigs.TEXT_CLASSIFICATION);
        assertThat(parsed.toString()).contains("sentiment", "Positive");
    }
}
