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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;

/**
 * A user troubleshooting with Apache HttpClient's wire and header logging at DEBUG ({@code
 * org.apache.hc.client5.http.wire} and {@code .headers}, what HttpClient's own connections print every request and
 * answer to, Authorization headers and token bodies included) must not leak the key: a personal-access-token flow
 * (refresh token exchanged for an access token, then Bearer requests that create, read, list and delete a project)
 * runs with both at DEBUG, and neither the personal access token, nor its signature, nor any JWT (the access token
 * fetched) appears in what was logged. Everything logged here also goes to the tests' log file, which the build's
 * secrets scan reads afterwards (scripts/secrets-scan: 0 hits).
 */
@ExtendWith(LabelStudioServerExtension.class)
class WireLoggingIT {

    private static final List<String> HTTP_LOGGERS = List.of(
            "org.apache.hc.client5.http.wire", "org.apache.hc.client5.http.headers", "org.apache.hc.client5.http");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}|eyJhbGci");

    @Test
    void aPersonalAccessTokenFlowWithWireAndHeaderLoggingAtDebugLogsNoSecret(LabelStudioServer server)
            throws Exception {
        String pat = server.personalAccessToken();
        assumeTrue(pat != null, "LABEL_STUDIO_PAT is not set for the external server");
        Map<String, Level> before = new java.util.HashMap<>();
        HTTP_LOGGERS.forEach(name -> before.put(name, LogManager.getLogger(name).getLevel()));
        HTTP_LOGGERS.forEach(name -> Configurator.setLevel(name, Level.DEBUG));
        List<String> lines;
        try (LogCapture logs = LogCapture.capture(Level.DEBUG)) {
            assertThat(LogManager.getLogger("org.apache.hc.client5.http.wire").isDebugEnabled())
                    .isTrue();
            assertThat(LogManager.getLogger("org.apache.hc.client5.http.headers")
                            .isDebugEnabled())
                    .isTrue();
            CamelContext camel = new DefaultCamelContext();
            LabelStudioComponent component = new LabelStudioComponent();
            component.getConfiguration().setUrl(server.url());
            component.getConfiguration().setApiKey(pat);
            camel.addComponent("labelstudio", component);
            camel.start();
            try {
                ProducerTemplate template = camel.createProducerTemplate();
                Project project = template.requestBody(
                        "labelstudio:projects?operation=create",
                        Map.of("title", "Wire logging", "label_config", LabelConfigs.TEXT_CLASSIFICATION),
                        Project.class);
                template.requestBodyAndHeader(
                        "labelstudio:projects?operation=get",
                        null,
                        LabelStudioConstants.PROJECT_ID,
                        project.id(),
                        Project.class);
                template.requestBody("labelstudio:projects?operation=list&maxResults=5", null, Object.class);
                template.requestBodyAndHeader(
                        "labelstudio:projects?operation=delete", null, LabelStudioConstants.PROJECT_ID, project.id());
            } finally {
                camel.stop();
            }
            lines = logs.lines();
        } finally {
            before.forEach((name, level) -> Configurator.setLevel(name, level));
        }

        // HttpClient did log at DEBUG (its exec chain), so the test watched a logging client, not a silent one
        assertThat(lines).anyMatch(line -> line.startsWith("org.apache.hc.client5.http"));
        String signature = pat.substring(pat.lastIndexOf('.') + 1);
        assertThat(lines)
                .noneMatch(line -> line.contains(pat) || line.contains(signature))
                .noneMatch(line -> line.contains("Bearer ") || line.contains("Authorization:"))
                .noneMatch(line -> JWT.matcher(line).find());
    }
}
