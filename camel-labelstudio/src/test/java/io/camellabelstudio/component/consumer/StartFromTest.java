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
package io.camellabelstudio.component.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StartFromTest {

    @Test
    void acceptsNowBeginningIdsAndInstants() {
        assertThat(StartFrom.parse(null).kind()).isEqualTo(StartFrom.Kind.NOW);
        assertThat(StartFrom.parse(" NOW ").kind()).isEqualTo(StartFrom.Kind.NOW);
        assertThat(StartFrom.parse("beginning").kind()).isEqualTo(StartFrom.Kind.BEGINNING);
        assertThat(StartFrom.parse("42")).isEqualTo(new StartFrom(StartFrom.Kind.ID, 42, null));
        assertThat(StartFrom.parse("2026-01-31T12:00:00Z").instant()).isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "yesterday", "99999999999999999999", "2026-01-31", "-5"})
    void refusesAnythingElseNamingTheOption(String value) {
        assertThatThrownBy(() -> StartFrom.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid startFrom '" + value + "'")
                .hasMessageContaining("now, beginning");
    }
}
