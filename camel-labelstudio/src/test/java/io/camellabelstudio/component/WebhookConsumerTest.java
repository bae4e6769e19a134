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

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.RecordedRequest;
import io.camellabelstudio.client.http.Json;

/** The webhooks consumer against a stub Label Studio and a real platform-http (Vert.x) server. */
class WebhookConsumerTest extends WebhookConsumerTestSupport {

    private static final String ANNOTATION_CREATED = "{\"action\": \"ANNOTATION_CREATED\","
            + " \"annotation\": {\"id\": 31, \"task\": 12, \"project\": 5, \"result\": []},"
            + " \"task\": {\"id\": 12, \"data\": {\"text\": \"hello\"}, \"project\": 5},"
            + " \"project\": {\"id\": 5, \"title\": \"P\"}}";

    private static JsonNode json(RecordedRequest request) {
        try {
            return Json.mapper().readTree(request.bodyAsString());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + request.bodyAsString(), e);
        }
    }

    @Test
    void registersAtStartRoutesDeliveriesWithIdsInHeadersAndDeletesTheWebhookAtStop() throws Exception {
        startRoute("projectId=5&events=ANNOTATION_CREATED,tasks_created&webhookSecret=" + SECRET + "&webhookUrl="
                + hookUrl("/ls/events"));

        assertThat(stub.requests())
                .extracting(RecordedRequest::toString)
                .containsExactly("GET /api/webhooks/?project=5", "POST /api/webhooks/");
        JsonNode created = json(stub.requests().get(1));
        assertThat(created.get("project").asLong()).isEqualTo(5);
        assertThat(created.get("url").asText()).isEqualTo(hookUrl("/ls/events"));
        assertThat(created.get("send_for_all_actions").asBoolean()).isFalse();
        assertThat(created.get("actions"))
                .extracting(JsonNode::asText)
                .containsExactly("ANNOTATION_CREATED", "TASKS_CREATED");
        assertThat(created.get("headers").get(SECRET_HEADER).asText()).isEqualTo(SECRET);
        assertThat(created.get("headers").size()).isEqualTo(1);

        HttpResponse<String> answer = post("/ls/events", ANNOTATION_CREATED, Map.of(SECRET_HEADER, SECRET));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase(SECRET_HEADER));
        assertThat(received).singleElement().satisfies(e -> {
            assertThat(e.getIn().getHeader(LabelStudioConstants.EVENT_TYPE)).isEqualTo("ANNOTATION_CREATED");
            assertThat(e.getIn().getHeader(LabelStudioConstants.PROJECT_ID)).isEqualTo(5L);
            assertThat(e.getIn().getHeader(LabelStudioConstants.TASK_ID)).isEqualTo(12L);
            assertThat(e.getIn().getHeader(LabelStudioConstants.ANNOTATION_ID)).isEqualTo(31L);
            assertThat(e.getIn().getHeader(LabelStudioConstants.WEBHOOK_ID)).isEqualTo(7L);
            assertThat(e.getIn().getHeaders()).doesNotContainKey(SECRET_HEADER);
            Map<?, ?> body = e.getIn().getBody(Map.class);
            assertThat(((Map<?, ?>) body.get("task")).get("data")).isEqualTo(Map.of("text", "hello"));
            assertThat(camel.resolveLanguage("simple")
                            .createExpression("${body[task][data][text]} ${body[annotation][result]}")
                            .evaluate(e, String.class))
                    .as("simple expressions reach into the payload")
                    .isEqualTo("hello []");
        });

        post(
                "/ls/events",
                "{\"action\": \"TASKS_CREATED\", \"tasks\": [{\"id\": 40}, {\"id\": 41}], \"project\":"
                        + " {\"id\": 5}}",
                Map.of(SECRET_HEADER, SECRET));
        assertThat(received).hasSize(2);
        assertThat(received.get(1).getIn().getHeader(LabelStudioConstants.TASK_IDS))
                .isEqualTo(List.of(40L, 41L));
        assertThat(received.get(1).getIn().getHeader(LabelStudioConstants.EVENT_TYPE))
                .isEqualTo("TASKS_CREATED");

        camel.getRouteController().stopRoute("hooks");
        assertThat(stub.requests("DELETE", "/api/webhooks/7/")).hasSize(1);
        assertThat(webhooks.all()).isEmpty();
        assertThat(post("/ls/events", ANNOTATION_CREATED, Map.of(SECRET_HEADER, SECRET))
                        .statusCode())
                .as("the path is no longer served")
                .isEqualTo(404);
        assertThat(received).hasSize(2);
    }

    @Test
    void refusesRequestsWithoutTheRightSecretWith401AndNoExchange() throws Exception {
        startRoute("projectId=5&webhookSecret=" + SECRET + "&webhookUrl=" + hookUrl("/hook"));

        assertThat(post("/hook", ANNOTATION_CREATED, Map.of()).statusCode()).isEqualTo(401);
        assertThat(post("/hook", ANNOTATION_CREATED, Map.of(SECRET_HEADER, "wrong"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(post("/hook", ANNOTATION_CREATED, Map.of(SECRET_HEADER, SECRET + "x"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(post("/hook", ANNOTATION_CREATED, Map.of(SECRET_HEADER, SECRET.substring(1)))
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> refused = post("/hook", ANNOTATION_CREATED, Map.of(SECRET_HEADER, "wrong"));
        assertThat(refused.body()).isEmpty();
        assertThat(refused.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase(SECRET_HEADER));
        assertThat(get("/hook").statusCode()).as("POST only").isEqualTo(405);
        assertThat(post("/hook", "not json", Map.of(SECRET_HEADER, SECRET)).statusCode())
                .isEqualTo(400);
        assertThat(post("/hook", "[1, 2]", Map.of(SECRET_HEADER, SECRET)).statusCode())
                .isEqualTo(400);
        assertThat(received).isEmpty();

        assertThat(post("/hook", ANNOTATION_CREATED, Map.of(SECRET_HEADER, SECRET))
                        .statusCode())
                .isEqualTo(200);
        assertThat(received).hasSize(1);
    }

    @Test
    void generatesASecretWhenNoneIsGivenAndRegistersForAllEventsWhenNoneAreNamed() throws Exception {
        startRoute("projectId=5&webhookUrl=" + hookUrl("/hook"));

        JsonNode created = json(stub.requests("POST", "/api/webhooks/").get(0));
        assertThat(created.get("send_for_all_actions").asBoolean()).isTrue();
        String generated = created.get("headers").get(SECRET_HEADER).asText();
        assertThat(generated).matches("[A-Za-z0-9_-]{43}");

        assertThat(post("/hook", ANNOTATION_CREATED, Map.of(SECRET_HEADER, "")).statusCode())
                .isEqualTo(401);
        assertThat(post("/hook", ANNOTATION_CREATED, Map.of(SECRET_HEADER, generated))
                        .statusCode())
                .isEqualTo(200);
        assertThat(received).hasSize(1);
    }

    @Test
    void reusesAWebhookLeftWithTheSameUrlInsteadOfCreatingASecondOne() throws Exception {
        long leftover = webhooks.add(5, hookUrl("/hook"), Map.of(SECRET_HEADER, "secret-of-the-crashed-run"));
        long duplicate = webhooks.add(5, hookUrl("/hook"), Map.of(SECRET_HEADER, "older"));
        long otherUrl = webhooks.add(5, hookUrl("/other"), Map.of());

        startRoute("projectId=5&events=ANNOTATION_CREATED&webhookSecret=" + SECRET + "&webhookUrl=" + hookUrl("/hook"));

        assertThat(stub.requests("POST", "/api/webhooks/")).isEmpty();
        assertThat(webhooks.all())
                .extracting(w -> ((Number) w.get("id")).longValue())
                .containsExactly(leftover, otherUrl);
        Map<String, Object> reused = webhooks.all().get(0);
        assertThat(reused.get("headers")).isEqualTo(Map.of(SECRET_HEADER, SECRET));
        assertThat(reused.get("actions")).isEqualTo(List.of("ANNOTATION_CREATED"));
        assertThat(reused.get("send_for_all_actions")).isEqualTo(false);
        assertThat(stub.requests("DELETE", "/api/webhooks/" + duplicate + "/")).hasSize(1);

        assertThat(post("/hook", ANNOTATION_CREATED, Map.of(SECRET_HEADER, "secret-of-the-crashed-run"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(post("/hook", ANNOTATION_CREATED, Map.of(SECRET_HEADER, SECRET))
                        .statusCode())
                .isEqualTo(200);
        assertThat(received.get(0).getIn().getHeader(LabelStudioConstants.WEBHOOK_ID))
                .isEqualTo(leftover);
    }

    @Test
    void aLeftoverWithTheSameSettingsIsReusedWithoutAChange() throws Exception {
        long leftover = webhooks.add(5, hookUrl("/hook"), Map.of(SECRET_HEADER, SECRET));

        startRoute("projectId=5&webhookSecret=" + SECRET + "&webhookUrl=" + hookUrl("/hook"));

        assertThat(stub.requests())
                .extracting(RecordedRequest::toString)
                .containsExactly("GET /api/webhooks/?project=5");
        camel.getRouteController().stopRoute("hooks");
        assertThat(stub.requests("DELETE", "/api/webhooks/" + leftover + "/"))
                .as("a lone consumer still cleans up after itself")
                .hasSize(1);
    }

    @Test
    void aFailingRouteIsAnswered500() throws Exception {
        camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("labelstudio:webhooks?projectId=5&webhookSecret=" + SECRET + "&webhookUrl=" + hookUrl("/hook"))
                        .throwException(new IllegalStateException("downstream is down"));
            }
        });
        camel.start();

        assertThat(post("/hook", ANNOTATION_CREATED, Map.of(SECRET_HEADER, SECRET))
                        .statusCode())
                .isEqualTo(500);
    }

    @Test
    void optionsAreCheckedAtStartWithErrorsNamingTheOption() throws Exception {
        assertStartFails(camel, "labelstudio:webhooks?webhookUrl=" + hookUrl("/h"), "projectId option");
    }

    @Test
    void aMissingWebhookUrlFailsNamingTheOption() throws Exception {
        assertStartFails(camel, "labelstudio:webhooks?projectId=5", "webhookUrl option");
    }

    @Test
    void aNonHttpWebhookUrlFailsNamingTheOption() throws Exception {
        assertStartFails(
                camel, "labelstudio:webhooks?projectId=5&webhookUrl=ftp://127.0.0.1/h", "webhookUrl option", "http");
    }

    @Test
    void anUnknownEventFailsListingTheKnownOnes() throws Exception {
        assertStartFails(
                camel,
                "labelstudio:webhooks?projectId=5&events=ANNOTATION_CREATED,ANOTATION_UPDATED&webhookUrl="
                        + hookUrl("/h"),
                "events option",
                "ANOTATION_UPDATED",
                "ANNOTATION_UPDATED");
    }

    @Test
    void anOrganizationOnlyEventFails() throws Exception {
        assertStartFails(
                camel,
                "labelstudio:webhooks?projectId=5&events=PROJECT_CREATED&webhookUrl=" + hookUrl("/h"),
                "events option",
                "PROJECT_CREATED",
                "organization");
    }

    @Test
    void neitherTheSecretNorTheKeyIsLogged() throws Exception {
        try (LogCapture logs = LogCapture.capture(Level.DEBUG)) {
            startRoute("projectId=5&webhookSecret=" + SECRET + "&webhookUrl=" + hookUrl("/hook"));
            post("/hook", ANNOTATION_CREATED, Map.of(SECRET_HEADER, "wrong"));
            post("/hook", ANNOTATION_CREATED, Map.of(SECRET_HEADER, SECRET));
            camel.stop();

            assertThat(webhooks.all()).as("deleted when the context stops").isEmpty();
            assertThat(logs.lines()).isNotEmpty();
            assertThat(logs.lines()).noneMatch(line -> line.contains(SECRET) || line.contains(KEY));
            assertThat(logs.lines()).anyMatch(line -> line.contains("Registered webhook 7"));
        }
        Exchange delivered = received.get(0);
        assertThat(delivered.getIn().getHeaders().toString()).doesNotContain(SECRET);
    }

    @Test
    void withoutAPlatformHttpServerTheStartFailsSayingWhatIsMissing() throws Exception {
        org.apache.camel.CamelContext bare = new org.apache.camel.impl.DefaultCamelContext();
        bare.addComponent("labelstudio", component(stub.url()));
        try {
            assertStartFails(
                    bare,
                    "labelstudio:webhooks?projectId=5&webhookUrl=" + hookUrl("/h"),
                    "could not serve /h through Camel's platform-http",
                    "platform-http-router",
                    "camel.server.enabled=true");
        } finally {
            bare.stop();
        }
    }
}
