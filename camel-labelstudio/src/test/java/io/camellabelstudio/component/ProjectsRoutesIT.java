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

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;

/** A Java DSL route and a YAML DSL route using labelstudio:projects against a real server. */
@ExtendWith(LabelStudioServerExtension.class)
class ProjectsRoutesIT {

    private static DefaultCamelContext camel(LabelStudioServer server) {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.getPropertiesComponent()
                .setInitialProperties(props(Map.of(
                        "labelstudio.url", server.url(),
                        "labelstudio.api-key", server.legacyToken())));
        return camel;
    }

    private static java.util.Properties props(Map<String, String> values) {
        java.util.Properties properties = new java.util.Properties();
        properties.putAll(values);
        return properties;
    }

    @Test
    void javaDslRouteCreatesListsAndDeletes(LabelStudioServer server) throws Exception {
        String title = "Java DSL " + UUID.randomUUID().toString().substring(0, 8);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:create")
                            .to("labelstudio:projects?operation=create&url=" + server.url() + "&apiKey=RAW("
                                    + server.legacyToken() + ")")
                            .setBody(constant((Object) null))
                            .to("labelstudio:projects?operation=list&pageSize=5&url=" + server.url() + "&apiKey=RAW("
                                    + server.legacyToken() + ")")
                            .split(body())
                            .streaming()
                            .filter(simple("${body.title} == '" + title + "'"))
                            .to("mock:found");
                }
            });
            camel.start();
            MockEndpoint found = camel.getEndpoint("mock:found", MockEndpoint.class);
            found.expectedMessageCount(1);

            camel.createProducerTemplate()
                    .sendBody(
                            "direct:create", Map.of("title", title, "label_config", LabelConfigs.TEXT_CLASSIFICATION));

            found.assertIsSatisfied();
            Project project = found.getExchanges().get(0).getIn().getBody(Project.class);
            assertThat(project.title()).isEqualTo(title);
            camel.createProducerTemplate()
                    .sendBody(
                            "labelstudio:projects?operation=delete&projectId=" + project.id() + "&url=" + server.url()
                                    + "&apiKey=RAW(" + server.legacyToken() + ")",
                            null);
        }
    }

    @Test
    void yamlDslRouteCreatesAndReadsBack(LabelStudioServer server) throws Exception {
        String title = "YAML DSL " + UUID.randomUUID().toString().substring(0, 8);
        try (DefaultCamelContext camel = camel(server)) {
            PluginHelper.getRoutesLoader(camel)
                    .loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "classpath:routes/projects-route.yaml"));
            camel.start();
            MockEndpoint result = camel.getEndpoint("mock:yaml-result", MockEndpoint.class);
            result.expectedMessageCount(1);

            ProducerTemplate template = camel.createProducerTemplate();
            template.sendBody(
                    "direct:yaml-create", Map.of("title", title, "label_config", LabelConfigs.TEXT_CLASSIFICATION));

            result.assertIsSatisfied();
            Project project = result.getExchanges().get(0).getIn().getBody(Project.class);
            assertThat(project.title()).isEqualTo(title);
            assertThat(project.labelConfig()).isEqualTo(LabelConfigs.TEXT_CLASSIFICATION);
            // the type converters give a Map, as jsonpath and simple expressions expect
            Map<?, ?> asMap = result.getExchanges().get(0).getIn().getBody(Map.class);
            assertThat(asMap.get("title")).isEqualTo(title);

            template.sendBodyAndHeader(
                    "labelstudio:projects?operation=delete&url={{labelstudio.url}}&apiKey={{labelstudio.api-key}}",
                    null,
                    LabelStudioConstants.PROJECT_ID,
                    project.id());
            List<?> remaining = template.requestBody(
                    "labelstudio:projects?operation=list&url={{labelstudio.url}}&apiKey={{labelstudio.api-key}}",
                    null,
                    List.class);
            assertThat(remaining).noneMatch(p -> title.equals(((Project) p).title()));
        }
    }
}
