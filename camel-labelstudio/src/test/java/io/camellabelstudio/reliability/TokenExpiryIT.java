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
package io.camellabelstudio.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camellabelstudio.client.AuthScheme;
import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.component.LabelStudioComponent;
import io.camellabelstudio.component.LabelStudioEndpoint;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;
import io.camellabelstudio.it.SecretsLedger;

/**
 * A route authenticated with a personal access token runs for longer than one access token lives (real time, no moved
 * clock): it calls the API every few seconds and not one call may fail. The access token's lifetime is read from a
 * token the server issues ({@code exp - iat}), not assumed. The fast stub version of this path is
 * {@code AuthenticationTest#routeLongerThanTheAccessTokenLifetimeNeverFails}.
 */
@ExtendWith(LabelStudioServerExtension.class)
class TokenExpiryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PERIOD = Duration.ofSeconds(5);
    private static final Duration BEYOND_LIFETIME = Duration.ofMinutes(1);

    @Test
    void personalAccessTokenRouteOutlivesTheAccessToken(LabelStudioServer server) throws Exception {
        assumeTrue(server.personalAccessToken() != null, "LABEL_STUDIO_PAT is not set for the external server");
        Duration lifetime = accessTokenLifetime(server);
        assertThat(lifetime).as("access token lifetime").isBetween(Duration.ofSeconds(30), Duration.ofMinutes(30));
        Duration runFor = lifetime.plus(BEYOND_LIFETIME);

        Project project;
        try (LabelStudioClient admin = LabelStudioClient.builder()
                .url(server.url())
                .apiKey(server.legacyToken())
                .build()) {
            project = admin.projects()
                    .create(Map.of("title", "Token expiry IT", "label_config", LabelConfigs.TEXT_CLASSIFICATION));
        }

        AtomicLong calls = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            LabelStudioComponent component = new LabelStudioComponent();
            component.getConfiguration().setUrl(server.url());
            component.getConfiguration().setApiKey(server.personalAccessToken());
            component.getConfiguration().setAuthScheme(AuthScheme.PERSONAL_ACCESS_TOKEN);
            camel.addComponent("labelstudio", component);
            String uri = "labelstudio:projects?operation=get&projectId=" + project.id();
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    onException(Exception.class).handled(true).process(e -> failed.incrementAndGet());
                    from("timer:token-expiry?period=" + PERIOD.toMillis())
                            .routeId("token-expiry")
                            .to(uri)
                            .process(e -> {
                                Project read = e.getMessage().getBody(Project.class);
                                (read != null && project.id().equals(read.id()) ? calls : failed).incrementAndGet();
                            });
                }
            });
            long start = System.nanoTime();
            camel.start();
            Thread.sleep(runFor.toMillis()); // the point: calls for longer than several access-token lifetimes
            camel.getRouteController().stopRoute("token-expiry");
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();

            long refreshes = camel.getEndpoint(uri, LabelStudioEndpoint.class)
                    .getClient()
                    .accessTokenRenewals();
            System.out.printf(
                    "token-expiry lifetime=%ds ran=%ds calls=%d failed=%d refreshes=%d%n",
                    lifetime.toSeconds(), seconds, calls.get() + failed.get(), failed.get(), refreshes);

            assertThat(failed.get()).as("failed calls").isZero();
            assertThat(calls.get()).as("calls").isGreaterThanOrEqualTo(runFor.dividedBy(PERIOD) - 2);
            assertThat(refreshes)
                    .as("access tokens fetched: the first one, then at least one after it expired")
                    .isGreaterThanOrEqualTo(2);
        } finally {
            try (LabelStudioClient admin = LabelStudioClient.builder()
                    .url(server.url())
                    .apiKey(server.legacyToken())
                    .build()) {
                admin.projects().delete(project.id());
            }
        }
    }

    /** Asks the server for one access token and reads its lifetime from the JWT's claims ({@code exp - iat}). */
    private static Duration accessTokenLifetime(LabelStudioServer server) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/api/token/refresh/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("refresh", server.personalAccessToken()))))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("token refresh status").isEqualTo(200);
        String access = JSON.readTree(response.body()).path("access").asText();
        SecretsLedger.record("accessToken", access); // the secrets scan looks for it in every log
        String[] parts = access.split("\\.");
        assertThat(parts).as("an access JWT has three parts").hasSize(3);
        JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        return Duration.ofSeconds(
                claims.path("exp").asLong() - claims.path("iat").asLong());
    }
}
