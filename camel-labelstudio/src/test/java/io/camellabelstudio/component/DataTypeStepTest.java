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

import java.util.Arrays;

import org.apache.camel.model.TransformDefinition;
import org.junit.jupiter.api.Test;

class DataTypeStepTest {

    @Test
    void renamesDataTypeTransformsOnlyAndKnowsTheCamelOnTheClasspath() {
        String yaml = """
                - route:
                    from:
                      uri: direct:a
                      steps:
                        - transform:
                            toType: labelstudio:s3-event
                        - transform:
                            simple: "${body}"
                        - transform:
                            fromType: java:java.lang.String
                            toType: labelstudio:flat-task
                """;
        String rewritten = DataTypeStep.forCamelOnClasspath(yaml);
        assertThat(rewritten)
                .contains("- " + DataTypeStep.NAME + ":\n            toType: labelstudio:s3-event")
                .contains("- transform:\n            simple:")
                .contains("- " + DataTypeStep.NAME + ":\n            fromType: java:java.lang.String");
        boolean camel417 = DataTypeStep.NAME.equals("transformDataType");
        assertThat(rewritten.equals(yaml)).isEqualTo(!camel417);
        boolean transformHasToType = Arrays.stream(TransformDefinition.class.getMethods())
                .anyMatch(m -> m.getName().equals("setToType"));
        assertThat(transformHasToType)
                .as("Camel 4.17 moved toType out of the transform EIP")
                .isEqualTo(!camel417);
    }
}
