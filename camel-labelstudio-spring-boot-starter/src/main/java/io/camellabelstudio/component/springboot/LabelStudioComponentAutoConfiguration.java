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

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import io.camellabelstudio.component.LabelStudioComponent;

/**
 * Configures every {@code labelstudio} component of the CamelContext from the {@code camel.component.labelstudio.*}
 * properties ({@link LabelStudioComponentConfiguration}), as Camel's own starters do: through a
 * {@link ComponentCustomizer} that copies the properties that are set onto the component when Camel creates it. Off
 * with {@code camel.component.labelstudio.enabled=false} (or {@code camel.component.enabled=false}); the customizer
 * alone off with {@code camel.component.labelstudio.customizer.enabled=false}.
 */
@AutoConfiguration(after = {CamelAutoConfiguration.class, LabelStudioComponentConverter.class})
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@ConditionalOnHierarchicalProperties({"camel.component", "camel.component.labelstudio"})
@EnableConfigurationProperties({ComponentConfigurationProperties.class, LabelStudioComponentConfiguration.class})
public class LabelStudioComponentAutoConfiguration {

    @Lazy
    @Bean
    public ComponentCustomizer configureLabelStudioComponent(
            CamelContext camelContext,
            LabelStudioComponentConfiguration configuration,
            ApplicationContext applicationContext) {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                CamelPropertiesHelper.copyProperties(camelContext, configuration, target);
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return target instanceof LabelStudioComponent
                        && HierarchicalPropertiesEvaluator.evaluate(
                                applicationContext,
                                "camel.component.customizer",
                                "camel.component.labelstudio.customizer");
            }
        };
    }

    /** Masks the secret options in the actuator's endpoints, when the application has the actuator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
    static class Actuator {

        @Bean
        LabelStudioSecretsSanitizingFunction labelStudioSecretsSanitizingFunction() {
            return new LabelStudioSecretsSanitizingFunction();
        }
    }
}
