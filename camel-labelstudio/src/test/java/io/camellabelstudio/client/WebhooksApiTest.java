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

import static io.camellabelstudio.client.ClientTestSupport.assertDoesNotLeak;
import static io.camellabelstudio.client.ClientTestSupport.clientFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.http.RetrySettings;
import io.camellabelstudio.client.model.Webhook;

/**
 * Webhooks against the stub: request shapes, the model, and the local checks of url and headers (the server accepts
 * any URL scheme and repeats rejected headers, secret values included, in its error message).
 */
class WebhooksApiTest {

    private static final String SECRET = "webhook-secret-that-must-not-leak";
    private static final String WEBHOOK = "{\"id\": 4, \"organization\": 1, \"project\": 3, \"url\":"
            + " \"http://camel:8080/hook\", \"send_payload\": true, \"send_for_all_actions\": false, \"headers\":"
            + " {\"X-Secret\": \"" + SECRET + "\"}, \"is_active\": true, \"actions\": [\"ANNOTATION_CREATED\"],"
            + " \"created_at\": \"2026-11-28T15:00:20.487615Z\", \"updated_at\": \"2026-11-28T15:00:20.487654Z\"}";

    private StubLabelStudio stub;
    private LabelStudioClient client;
    private WebhooksApi webhooks;

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        client = clientFor(stub).retrySettings(RetrySettings.NONE).build();
        webhooks = client.webhooks();
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
    }

    private static JsonNode json(RecordedRequest request) {
        try {
            return Json.mapper().readTree(request.bodyAsString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void listsTheWebhooksOfAProjectOrOfTheOrganization() {
        stub.when("GET", "/api/webhooks/", StubResponse.json(200, "[" + WEBHOOK + "]"));

        List<Webhook> list = webhooks.list(3L);
        webhooks.list(null);

        assertThat(list).singleElement().satisfies(w -> {
            assertThat(w.id()).isEqualTo(4L);
            assertThat(w.project()).isEqualTo(3L);
            assertThat(w.url()).isEqualTo("http://camel:8080/hook");
            assertThat(w.sendForAllActions()).isFalse();
            assertThat(w.sendPayload()).isTrue();
            assertThat(w.actions()).containsExactly("ANNOTATION_CREATED");
            assertThat(w.headers()).containsEntry("X-Secret", SECRET);
            assertThat(w.active()).isTrue();
            assertThat(w.field("created_at")).isEqualTo("2026-11-28T15:00:20.487615Z");
            assertThat(w.toString()).contains("X-Secret").doesNotContain(SECRET);
            assertThat(w.writableFields())
                    .containsKeys("project", "url", "headers", "actions")
                    .doesNotContainKeys("id", "organization", "created_at", "updated_at");
        });
        assertThat(stub.requests())
                .extracting(RecordedRequest::toString)
                .containsExactly("GET /api/webhooks/?project=3", "GET /api/webhooks/");
    }

    @Test
    void createSendsTheFieldsWithTheProject() {
        stub.when("POST", "/api/webhooks/", StubResponse.json(201, WEBHOOK));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("url", "http://camel:8080/hook");
        fields.put("actions", List.of("ANNOTATION_CREATED"));
        fields.put("send_for_all_actions", false);
        fields.put("headers", Map.of("X-Secret", SECRET));

        Webhook created = webhooks.create(3, fields);

        assertThat(created.id()).isEqualTo(4L);
        JsonNode body = json(stub.requests().get(0));
        assertThat(body.get("project").asLong()).isEqualTo(3L);
        assertThat(body.get("url").asText()).isEqualTo("http://camel:8080/hook");
        assertThat(body.get("headers").get("X-Secret").asText()).isEqualTo(SECRET);
        assertThat(body.get("send_for_all_actions").asBoolean()).isFalse();
    }

    @Test
    void updatePatchesGetReadsAndDeleteDeletes() {
        stub.when("PATCH", "/api/webhooks/4/", StubResponse.json(200, WEBHOOK));
        stub.when("GET", "/api/webhooks/4/", StubResponse.json(200, WEBHOOK));
        stub.when("DELETE", "/api/webhooks/4/", StubResponse.status(204));

        webhooks.update(4, Map.of("is_active", false));
        assertThat(webhooks.get(4).url()).isEqualTo("http://camel:8080/hook");
        webhooks.delete(4);

        assertThat(stub.requests())
                .extracting(RecordedRequest::toString)
                .containsExactly("PATCH /api/webhooks/4/", "GET /api/webhooks/4/", "DELETE /api/webhooks/4/");
        assertThat(json(stub.requests().get(0)).get("is_active").asBoolean()).isFalse();
    }

    @Test
    void aMissingWebhookIsNotFound() {
        stub.when(
                "GET",
                "/api/webhooks/9/",
                StubResponse.json(404, "{\"detail\": \"No Webhook matches the given query.\"}"));

        assertThatThrownBy(() -> webhooks.get(9)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void urlsOtherThanAbsoluteHttpAreRejectedBeforeSending() {
        assertThatThrownBy(() -> webhooks.create(3, Map.of("url", "ftp://camel/hook")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> webhooks.create(3, Map.of("url", "/hook")))
                .hasMessageContaining("absolute http or https");
        assertThatThrownBy(() -> webhooks.update(4, Map.of("url", "http://")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> webhooks.create(3, Map.of("actions", List.of())))
                .hasMessageContaining("needs a url");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void badHeadersAreRejectedBeforeSendingWithoutRepeatingTheirValues() {
        Throwable badName = catchThrowable(Map.of("bad name", SECRET));
        assertThat(badName).hasMessageContaining("'bad name'");
        assertDoesNotLeak(badName, SECRET);

        Throwable notString = catchThrowable(Map.of("X-Count", 5));
        assertThat(notString).hasMessageContaining("X-Count").hasMessageContaining("String");

        Map<String, String> eleven = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("X-H" + i, SECRET);
        }
        Throwable tooMany = catchThrowable(eleven);
        assertThat(tooMany).hasMessageContaining("at most 10");
        assertDoesNotLeak(tooMany, SECRET);

        assertThat(stub.requests()).isEmpty();
    }

    private Throwable catchThrowable(Map<String, ?> headers) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> webhooks.create(3, Map.of("url", "http://camel/hook", "headers", headers)));
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
        return thrown;
    }

    @Test
    void actionsByNameAndScope() {
        assertThat(WebhookAction.of(" annotation_created ")).isEqualTo(WebhookAction.ANNOTATION_CREATED);
        assertThat(WebhookAction.PROJECT_CREATED.scope()).isEqualTo(WebhookAction.Scope.ORGANIZATION);
        assertThat(WebhookAction.REVIEW_CREATED.scope()).isEqualTo(WebhookAction.Scope.ENTERPRISE);
        assertThat(WebhookAction.projectActions())
                .contains("ANNOTATION_CREATED", "TASKS_CREATED", "PROJECT_UPDATED")
                .doesNotContain("PROJECT_CREATED", "REVIEW_CREATED");
        assertThatThrownBy(() -> WebhookAction.of("ANOTATION_CREATED"))
                .hasMessageContaining("ANOTATION_CREATED")
                .hasMessageContaining("ANNOTATION_CREATED");
    }
}
