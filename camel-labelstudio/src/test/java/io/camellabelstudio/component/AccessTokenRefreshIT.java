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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;

/**
 * A route keeps working across an access-token expiry: the client's clock is moved past the token's {@code exp} in the
 * middle of the test, and the next request renews the access token from the personal access token first.
 */
@ExtendWith(LabelStudioServerExtension.class)
class AccessTokenRefreshIT {

    @Test
    void accessTokenIsRenewedWhenItExpiresMidRoute(LabelStudioServer server) throws Exception {
        assumeTrue(server.personalAccessToken() != null, "LABEL_STUDIO_PAT is not set for the external server");
        MovableClock clock = new MovableClock();
        try (LabelStudioClient client = LabelStudioClient.builder()
                        .url(server.url())
                        .apiKey(server.personalAccessToken())
                        .clock(clock)
                        .build();
                DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("labelStudioClient", client); // autowired into the component
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();

            Project project = template.requestBody(
                    "labelstudio:projects?operation=create",
                    Map.of("title", "Refresh IT", "label_config", LabelConfigs.TEXT_CLASSIFICATION),
                    Project.class);
            assertThat(client.accessTokenRenewals()).isEqualTo(1);

            template.requestBody("labelstudio:projects?operation=get&projectId=" + project.id(), null, Project.class);
            assertThat(client.accessTokenRenewals()).as("still valid: reused").isEqualTo(1);

            clock.advance(Duration.ofHours(1)); // access tokens live about 5 minutes: this one has expired

            Project read = template.requestBody(
                    "labelstudio:projects?operation=get&projectId=" + project.id(), null, Project.class);
            assertThat(read.title()).isEqualTo("Refresh IT");
            assertThat(client.accessTokenRenewals()).as("renewed after expiry").isEqualTo(2);

            clock.reset(); // back to real time: the renewed token is valid and reused
            template.requestBody("labelstudio:projects?operation=delete&projectId=" + project.id(), (Object) null);
            assertThat(client.accessTokenRenewals()).isEqualTo(2);
        }
    }

    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        void reset() {
            now = Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
