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
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.RecordedRequest;
import io.camellabelstudio.client.StubResponse;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.Webhook;

/** The webhooks operations of the producer against a stub: ids from headers and options, bodies, option defaults. */
class WebhookOperationsTest extends StubCamelTestSupport {

    private static final String SECRET = "producer-webhook-secret-0123";

    private static String webhook(long id) {
        return "{\"id\": " + id + ", \"organization\": 1, \"project\": 3, \"url\": \"http://camel:8080/hook\","
                + " \"send_payload\": true, \"send_for_all_actions\": true, \"headers\": {}, \"is_active\": true,"
                + " \"actions\": []}";
    }

    private static JsonNode json(RecordedRequest request) {
        try {
            return Json.mapper().readTree(request.bodyAsString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void listFiltersByTheProjectWhenOneIsGiven() {
        stub.when("GET", "/api/webhooks/", StubResponse.json(200, "[" + webhook(1) + ", " + webhook(2) + "]"));

        Exchange all = success("labelstudio:webhooks?operation=list", null, Map.of());
        success("labelstudio:webhooks?operation=list", null, Map.of(LabelStudioConstants.PROJECT_ID, 3));

        List<?> webhooks = all.getMessage().getBody(List.class);
        assertThat(webhooks).hasSize(2).hasOnlyElementsOfType(Webhook.class);
        assertThat(stub.requests())
                .extracting(RecordedRequest::toString)
                .containsExactly("GET /api/webhooks/", "GET /api/webhooks/?project=3");
    }

    @Test
    void createFromTheOptionsAlone() {
        stub.when("POST", "/api/webhooks/", StubResponse.json(201, webhook(5)));

        Exchange result = success(
                "labelstudio:webhooks?operation=create&projectId=3&webhookUrl=http://camel:8080/hook"
                        + "&events=ANNOTATION_CREATED,ANNOTATION_UPDATED&webhookSecret=" + SECRET,
                null,
                Map.of());

        assertThat(result.getMessage().getHeader(LabelStudioConstants.WEBHOOK_ID))
                .isEqualTo(5L);
        assertThat(result.getMessage().getBody()).isInstanceOf(Webhook.class);
        JsonNode body = json(stub.requests().get(0));
        assertThat(body.get("project").asLong()).isEqualTo(3L);
        assertThat(body.get("url").asText()).isEqualTo("http://camel:8080/hook");
        assertThat(body.get("send_for_all_actions").asBoolean()).isFalse();
        assertThat(body.get("actions"))
                .extracting(JsonNode::asText)
                .containsExactly("ANNOTATION_CREATED", "ANNOTATION_UPDATED");
        assertThat(body.get("headers").get("X-LabelStudio-Webhook-Secret").asText())
                .isEqualTo(SECRET);
    }

    @Test
    void createWithABodyThatWinsOverTheOptions() {
        stub.when("POST", "/api/webhooks/", StubResponse.json(201, webhook(6)));

        success(
                "labelstudio:webhooks?operation=create&webhookUrl=http://ignored/hook&events=TASKS_CREATED",
                "{\"url\": \"https://other:8443/in\", \"send_for_all_actions\": true, \"headers\": {\"X-A\": \"b\"}}",
                Map.of(LabelStudioConstants.PROJECT_ID, "3"));

        JsonNode body = json(stub.requests().get(0));
        assertThat(body.get("url").asText()).isEqualTo("https://other:8443/in");
        assertThat(body.get("send_for_all_actions").asBoolean()).isTrue();
        assertThat(body.has("actions")).isFalse();
        assertThat(body.get("headers").get("X-A").asText()).isEqualTo("b");
        assertThat(body.get("project").asLong()).isEqualTo(3L);
    }

    @Test
    void createNeedsAProjectAUrlAndKnownEvents() {
        assertThat(failure("labelstudio:webhooks?operation=create&webhookUrl=http://c/h", null, Map.of()))
                .hasMessageContaining("projectId option");
        assertThat(failure("labelstudio:webhooks?operation=create&projectId=3", null, Map.of()))
                .hasMessageContaining("webhookUrl option");
        assertThat(failure(
                        "labelstudio:webhooks?operation=create&projectId=3&webhookUrl=http://c/h&events=NOPE",
                        null,
                        Map.of()))
                .hasMessageContaining("events option")
                .hasMessageContaining("NOPE");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void getUpdateAndDeleteTakeTheIdFromTheHeaderOverTheOption() {
        stub.when("GET", "/api/webhooks/8/", StubResponse.json(200, webhook(8)));
        stub.when("PATCH", "/api/webhooks/8/", StubResponse.json(200, webhook(8)));
        stub.when("DELETE", "/api/webhooks/9/", StubResponse.status(204));

        Exchange got = success(
                "labelstudio:webhooks?operation=get&webhookId=1", null, Map.of(LabelStudioConstants.WEBHOOK_ID, 8));
        Exchange updated =
                success("labelstudio:webhooks?operation=update&webhookId=8", Map.of("is_active", false), Map.of());
        Exchange deleted = success("labelstudio:webhooks?operation=delete&webhookId=9", null, Map.of());

        assertThat(got.getMessage().getBody(Webhook.class).id()).isEqualTo(8L);
        assertThat(updated.getMessage().getHeader(LabelStudioConstants.WEBHOOK_ID))
                .isEqualTo(8L);
        assertThat(deleted.getMessage().getBody()).isEqualTo(true);
        assertThat(deleted.getMessage().getHeader(LabelStudioConstants.WEBHOOK_ID))
                .isEqualTo(9L);
        assertThat(stub.requests())
                .extracting(RecordedRequest::toString)
                .containsExactly("GET /api/webhooks/8/", "PATCH /api/webhooks/8/", "DELETE /api/webhooks/9/");
        assertThat(json(stub.requests().get(1)).get("is_active").asBoolean()).isFalse();
    }

    @Test
    void getWithoutAnIdFailsNamingOptionAndHeader() {
        assertThat(failure("labelstudio:webhooks?operation=get", null, Map.of()))
                .hasMessageContaining("webhookId option")
                .hasMessageContaining(LabelStudioConstants.WEBHOOK_ID);
    }
}
