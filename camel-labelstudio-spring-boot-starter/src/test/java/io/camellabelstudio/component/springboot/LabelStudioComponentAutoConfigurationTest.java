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

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.camellabelstudio.client.AuthScheme;
import io.camellabelstudio.component.LabelStudioComponent;
import io.camellabelstudio.component.LabelStudioConfiguration;
import io.camellabelstudio.component.TaskEvent;
import io.camellabelstudio.component.TaskFields;

/** The auto-configuration as an application gets it from the starter: properties in, a configured component out. */
@ExtendWith(OutputCaptureExtension.class)
class LabelStudioComponentAutoConfigurationTest {

    private static final String API_KEY = "spring-boot-starter-test-key-4f1c9a";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    CamelAutoConfiguration.class,
                    LabelStudioComponentConverter.class,
                    LabelStudioComponentAutoConfiguration.class));

    @Test
    void propertiesInEachOfSpringsSpellingsConfigureTheComponent(CapturedOutput output) {
        runner.withPropertyValues(
                        "camel.component.labelstudio.url=http://labelstudio.example:8080",
                        "camel.component.labelstudio.api-key=" + API_KEY,
                        // a duration as the catalog's descriptions write it, and a plain number of milliseconds
                        "camel.component.labelstudio.connect-timeout=2m",
                        "camel.component.labelstudio.response-timeout=1500",
                        // enums by the catalog's value, camelCase and kebab-case
                        "camel.component.labelstudio.fields=task_only",
                        "camel.component.labelstudio.authScheme=legacy-token",
                        "camel.component.labelstudio.event=completed",
                        "camel.component.labelstudio.page-size=50",
                        "camel.component.labelstudio.compression=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    LabelStudioConfiguration configuration = component(context.getBean(CamelContext.class));
                    assertThat(configuration.getUrl()).isEqualTo("http://labelstudio.example:8080");
                    assertThat(configuration.getApiKey()).isEqualTo(API_KEY);
                    assertThat(configuration.getConnectTimeout()).isEqualTo(120_000L);
                    assertThat(configuration.getResponseTimeout()).isEqualTo(1_500L);
                    assertThat(configuration.getFields()).isEqualTo(TaskFields.TASK_ONLY);
                    assertThat(configuration.getAuthScheme()).isEqualTo(AuthScheme.LEGACY_TOKEN);
                    assertThat(configuration.getEvent()).isEqualTo(TaskEvent.COMPLETED);
                    assertThat(configuration.getPageSize()).isEqualTo(50);
                    assertThat(configuration.isCompression()).isFalse();
                    // untouched options keep the catalog's defaults
                    assertThat(configuration.getMaxRetries()).isEqualTo(3);
                    assertThat(configuration.getLateCommitWindow()).isEqualTo(60_000L);
                });
        assertThat(output.getAll()).doesNotContain(API_KEY);
    }

    @Test
    void anObjectOptionNamesASpringBean() {
        runner.withBean("marks", MemoryStateRepository.class, MemoryStateRepository::new)
                .withPropertyValues("camel.component.labelstudio.state-repository=#marks")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    StateRepository<String, String> marks =
                            component(context.getBean(CamelContext.class)).getStateRepository();
                    assertThat(marks).isSameAs(context.getBean("marks"));
                });
    }

    @Test
    void disabledLeavesTheComponentUnconfigured() {
        runner.withPropertyValues(
                        "camel.component.labelstudio.enabled=false",
                        "camel.component.labelstudio.url=http://labelstudio.example:8080")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(LabelStudioComponentConfiguration.class);
                    assertThat(component(context.getBean(CamelContext.class)).getUrl())
                            .isNull();
                });
    }

    @Test
    void aBadValueFailsNamingTheProperty(CapturedOutput output) {
        runner.withPropertyValues(
                        "camel.component.labelstudio.api-key=" + API_KEY, "camel.component.labelstudio.fields=some")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("some");
                    assertThat(context.getStartupFailure())
                            .hasStackTraceContaining("camel.component.labelstudio.fields");
                    assertThat(context.getStartupFailure()).hasStackTraceContaining("TaskFields");
                });
        assertThat(output.getAll()).doesNotContain(API_KEY);
    }

    @Test
    void theActuatorsEndpointsMaskTheSecretOptionsEvenWhenShowingValues() {
        runner.withPropertyValues(
                        "camel.component.labelstudio.url=http://labelstudio.example:8080",
                        "camel.component.labelstudio.api-key=" + API_KEY,
                        "camel.component.labelstudio.webhookSecret=" + API_KEY + "-webhook",
                        // the environment variable's spelling (here only a key of /env's listing: Spring binds that
                        // spelling from the real environment alone)
                        "CAMEL_COMPONENT_LABELSTUDIO_WEBHOOKSECRET=" + API_KEY + "-webhook")
                .run(context -> {
                    List<SanitizingFunction> sanitizers = List.copyOf(
                            context.getBeansOfType(SanitizingFunction.class).values());
                    assertThat(sanitizers).hasAtLeastOneElementOfType(LabelStudioSecretsSanitizingFunction.class);

                    // /env with management.endpoint.env.show-values=always
                    EnvironmentEndpoint env =
                            new EnvironmentEndpoint(context.getEnvironment(), sanitizers, Show.ALWAYS);
                    assertThat(env.environmentEntry("camel.component.labelstudio.api-key")
                                    .getProperty()
                                    .getValue())
                            .isEqualTo(SanitizableData.SANITIZED_VALUE);
                    assertThat(env.environmentEntry("CAMEL_COMPONENT_LABELSTUDIO_WEBHOOKSECRET")
                                    .getProperty()
                                    .getValue())
                            .isEqualTo(SanitizableData.SANITIZED_VALUE);
                    assertThat(env.environmentEntry("camel.component.labelstudio.webhookSecret")
                                    .getProperty()
                                    .getValue())
                            .isEqualTo(SanitizableData.SANITIZED_VALUE);
                    assertThat(env.environmentEntry("camel.component.labelstudio.url")
                                    .getProperty()
                                    .getValue())
                            .isEqualTo("http://labelstudio.example:8080");

                    // /configprops with management.endpoint.configprops.show-values=always
                    ConfigurationPropertiesReportEndpoint configprops =
                            new ConfigurationPropertiesReportEndpoint(sanitizers, Show.ALWAYS);
                    configprops.setApplicationContext(context);
                    Map<String, Object> properties = configprops
                            .configurationPropertiesWithPrefix("camel.component.labelstudio")
                            .getContexts()
                            .values()
                            .stream()
                            .flatMap(c -> c.getBeans().values().stream())
                            .filter(b -> b.getPrefix().equals("camel.component.labelstudio"))
                            .findFirst()
                            .orElseThrow()
                            .getProperties();
                    assertThat(properties)
                            .containsEntry("apiKey", SanitizableData.SANITIZED_VALUE)
                            .containsEntry("webhookSecret", SanitizableData.SANITIZED_VALUE)
                            .containsEntry("url", "http://labelstudio.example:8080");
                });
    }

    private static LabelStudioConfiguration component(CamelContext camel) {
        return camel.getComponent("labelstudio", LabelStudioComponent.class).getConfiguration();
    }
}
