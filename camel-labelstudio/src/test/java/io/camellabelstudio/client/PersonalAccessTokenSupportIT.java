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
package io.camellabelstudio.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.camellabelstudio.client.error.AuthenticationException;
import io.camellabelstudio.client.error.LabelStudioException;
import io.camellabelstudio.it.DevelopmentSmoke;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;

/**
 * A personal access token the server cannot take fails with a message that says why, on every Label Studio: rejected
 * where the server has personal access tokens (1.17+), "has no personal access tokens" naming the release before.
 */
@DevelopmentSmoke
@ExtendWith(LabelStudioServerExtension.class)
class PersonalAccessTokenSupportIT {

    @Test
    void aPersonalAccessTokenTheServerCannotTakeFailsWithTheReason(LabelStudioServer server) {
        String forged = TestJwts.personalAccessToken(); // well-formed, signed with a key the server does not know
        try (LabelStudioClient client = LabelStudioClient.builder()
                .url(server.url())
                .apiKey(forged)
                .authScheme(AuthScheme.PERSONAL_ACCESS_TOKEN)
                .build()) {

            Throwable thrown = catchThrowable(() -> client.projects().get(1));

            if (server.personalAccessToken() != null) {
                assertThat(thrown)
                        .isInstanceOf(AuthenticationException.class)
                        .hasMessageContaining("the personal access token was rejected");
            } else {
                assertThat(thrown)
                        .isExactlyInstanceOf(LabelStudioException.class)
                        .hasMessageContaining(
                                "this Label Studio (" + server.version() + ") has no personal access tokens")
                        .hasMessageContaining("authScheme=legacyToken");
            }
            assertThat(thrown.getMessage()).doesNotContain(forged);
        }
    }
}
