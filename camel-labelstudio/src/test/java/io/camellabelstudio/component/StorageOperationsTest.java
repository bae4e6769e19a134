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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.RecordedRequest;
import io.camellabelstudio.client.StubResponse;
import io.camellabelstudio.client.error.PermissionDeniedException;
import io.camellabelstudio.client.error.ValidationException;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.Storage;

/** The storages operations of the producer against a stub: option checks, ids, headers, listing, and secrets. */
class StorageOperationsTest extends StubCamelTestSupport {

    /** An S3 secret key that must never appear in logs, messages or URIs. */
    private static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSECRETzAWSzKEY";

    private static final String COMMUNITY_TYPES = "s3, gcs, azure, redis, localfiles";

    // ---- helpers ----

    private static String storage(long id, String type, String status, Long lastSyncCount) {
        return "{\"id\": " + id + ", \"type\": \"" + type + "\", \"synchronizable\": true, \"last_sync\": null,"
                + " \"last_sync_count\": " + lastSyncCount + ", \"last_sync_job\": null, \"status\": \"" + status
                + "\", \"traceback\": null, \"meta\": {}, \"bucket\": \"camel-data\", \"prefix\": \"in\", \"project\": 1}";
    }

    private static JsonNode json(RecordedRequest request) {
        try {
            return Json.mapper().readTree(request.bodyAsString());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + request.bodyAsString(), e);
        }
    }

    private static Map<String, Object> s3Fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("bucket", "camel-data");
        fields.put("prefix", "in");
        fields.put("aws_access_key_id", "AKIAEXAMPLE");
        fields.put("aws_secret_access_key", AWS_SECRET);
        fields.put("region_name", "us-east-1");
        fields.put("s3_endpoint", "http://10.0.0.5:9000");
        return fields;
    }

    // ---- operations ----

    @Test
    void createSendsTheBodyWithTheProjectAndSetsIdAndStatusHeaders() {
        stub.when("GET", "/api/storages/s3/", StubResponse.json(200, "[]"));
        stub.when("POST", "/api/storages/s3/", StubResponse.json(201, storage(1, "s3", "initialized", null)));

        Exchange result = success(
                "labelstudio:storages?operation=create&storageType=s3",
                s3Fields(),
                Map.of(LabelStudioConstants.PROJECT_ID, 1));

        Storage storage = result.getMessage().getBody(Storage.class);
        assertThat(storage.id()).isEqualTo(1L);
        assertThat(result.getMessage().getHeader(LabelStudioConstants.STORAGE_ID))
                .isEqualTo(1L);
        assertThat(result.getMessage().getHeader(LabelStudioConstants.STORAGE_STATUS))
                .isEqualTo("initialized");
        assertThat(stub.requests())
                .extracting(RecordedRequest::toString)
                .as("reuseExisting is on by default: the list is asked first")
                .containsExactly("GET /api/storages/s3/?project=1", "POST /api/storages/s3/");
        JsonNode body = json(stub.requests().get(1));
        assertThat(body.get("project").asLong()).isEqualTo(1L);
        assertThat(body.get("bucket").asText()).isEqualTo("camel-data");
        assertThat(body.get("s3_endpoint").asText()).isEqualTo("http://10.0.0.5:9000");
    }

    @Test
    void createWithAJsonBodyForAnExportStorageWithoutReuse() {
        stub.when("POST", "/api/storages/export/azure", StubResponse.json(201, storage(4, "azure", "queued", null)));

        Exchange result = success(
                "labelstudio:storages?operation=create&storageType=azure&direction=export&reuseExisting=false"
                        + "&projectId=2",
                "{\"container\": \"out\", \"account_name\": \"a\", \"account_key\": \"k\", \"can_delete_objects\":"
                        + " true}",
                Map.of());

        assertThat(result.getMessage().getHeader(LabelStudioConstants.STORAGE_ID))
                .isEqualTo(4L);
        assertThat(result.getMessage().getHeader(LabelStudioConstants.STORAGE_STATUS))
                .isEqualTo("queued");
        assertThat(stub.requests()).singleElement().satisfies(r -> {
            assertThat(r.toString()).isEqualTo("POST /api/storages/export/azure");
            assertThat(json(r).get("project").asLong()).isEqualTo(2L);
            assertThat(json(r).get("can_delete_objects").asBoolean()).isTrue();
        });
    }

    @Test
    void syncWaitsAndSetsIdStatusAndSyncCountHeaders() {
        stub.when("POST", "/api/storages/s3/3/sync", StubResponse.json(200, storage(3, "s3", "completed", 3L)));

        Exchange result = success(
                "labelstudio:storages?operation=sync&storageType=s3&storageId=99",
                null,
                Map.of(LabelStudioConstants.STORAGE_ID, "3"));

        assertThat(result.getMessage().getHeader(LabelStudioConstants.STORAGE_ID))
                .isEqualTo(3L);
        assertThat(result.getMessage().getHeader(LabelStudioConstants.STORAGE_STATUS))
                .isEqualTo("completed");
        assertThat(result.getMessage().getHeader(LabelStudioConstants.SYNC_COUNT))
                .isEqualTo(3L);
        assertThat(result.getMessage().getBody(Storage.class).lastSyncCount()).isEqualTo(3L);
        assertThat(stub.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.toString()).isEqualTo("POST /api/storages/s3/3/sync"));
    }

    @Test
    void syncWithoutWaitAnswersAtOnceWithoutASyncCount() {
        stub.when("POST", "/api/storages/export/gcs/5/sync", StubResponse.json(200, storage(5, "gcs", "queued", null)));

        Exchange result = success(
                "labelstudio:storages?operation=sync&storageType=gcs&direction=export&storageId=5&waitForSync=false",
                null,
                Map.of());

        assertThat(result.getMessage().getHeader(LabelStudioConstants.STORAGE_STATUS))
                .isEqualTo("queued");
        assertThat(result.getMessage().getHeader(LabelStudioConstants.SYNC_COUNT))
                .isNull();
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void listWithoutStorageTypeListsEveryCommunityType() {
        for (String type : COMMUNITY_TYPES.split(", ")) {
            stub.when(
                    "GET",
                    "/api/storages/" + type + "/",
                    StubResponse.json(200, "[" + storage(1, type, "completed", 1L) + "]"));
        }

        Exchange result = success("labelstudio:storages?operation=list&projectId=7", null, Map.of());

        List<?> all = result.getMessage().getBody(List.class);
        assertThat(all.stream().map(s -> ((Storage) s).type()).toList()).containsExactly(COMMUNITY_TYPES.split(", "));
        assertThat(stub.requests())
                .extracting(RecordedRequest::toString)
                .containsExactly(
                        "GET /api/storages/s3/?project=7",
                        "GET /api/storages/gcs/?project=7",
                        "GET /api/storages/azure/?project=7",
                        "GET /api/storages/redis/?project=7",
                        "GET /api/storages/localfiles/?project=7");
    }

    @Test
    void listOfOneTypeAndGetUpdateDeleteValidate() {
        stub.when("GET", "/api/storages/export/redis", StubResponse.json(200, "[]"));
        stub.when("GET", "/api/storages/redis/2", StubResponse.json(200, storage(2, "redis", "completed", 4L)));
        stub.when("PATCH", "/api/storages/redis/2", StubResponse.json(200, storage(2, "redis", "completed", 4L)));
        stub.when("DELETE", "/api/storages/redis/2", StubResponse.status(204));
        stub.when("POST", "/api/storages/redis/validate", StubResponse.json(200, "null"));
        String uri = "labelstudio:storages?storageType=redis&projectId=1&storageId=2";

        List<?> none = success(uri + "&operation=list&direction=export", null, Map.of())
                .getMessage()
                .getBody(List.class);
        assertThat(none).isEmpty();
        Exchange got = success(uri + "&operation=get", null, Map.of());
        assertThat(got.getMessage().getHeader(LabelStudioConstants.STORAGE_STATUS))
                .isEqualTo("completed");
        success(uri + "&operation=update", Map.of("title", "renamed"), Map.of());
        Exchange deleted = success(uri + "&operation=delete", null, Map.of());
        assertThat(deleted.getMessage().getBody()).isEqualTo(true);
        assertThat(deleted.getMessage().getHeader(LabelStudioConstants.STORAGE_ID))
                .isEqualTo(2L);
        Exchange valid = success(uri + "&operation=validate", Map.of("path", "p", "host", "h"), Map.of());
        assertThat(valid.getMessage().getBody()).isEqualTo(true);

        assertThat(stub.requests())
                .extracting(RecordedRequest::toString)
                .containsExactly(
                        "GET /api/storages/export/redis?project=1",
                        "GET /api/storages/redis/2",
                        "PATCH /api/storages/redis/2",
                        "DELETE /api/storages/redis/2",
                        "POST /api/storages/redis/validate");
        assertThat(stub.requests().get(2).bodyAsString()).isEqualTo("{\"title\":\"renamed\"}");
        assertThat(json(stub.requests().get(4)).get("project").asLong()).isEqualTo(1L);
    }

    // ---- option checks ----

    @Test
    void aMissingStorageTypeNamesTheOption() {
        assertThat(failure("labelstudio:storages?operation=create&projectId=1", s3Fields(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labelstudio:storages operation 'create' needs the storageType option: s3, s3s, gcs,"
                        + " azure, redis, localfiles");
        assertThat(failure("labelstudio:storages?operation=sync&storageId=1", null, Map.of()))
                .hasMessageContaining("needs the storageType option");
        assertThat(stub.requests()).isEmpty();
    }

    // an invalid storageType or direction fails at endpoint creation: OptionTypesTest

    @Test
    void missingIdsNameOptionAndHeader() {
        assertThat(failure("labelstudio:storages?operation=sync&storageType=s3", null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "needs a storage id: set the storageId option or the CamelLabelStudioStorageId" + " header");
        assertThat(failure("labelstudio:storages?operation=create&storageType=s3", s3Fields(), Map.of()))
                .hasMessageContaining("needs a project id");
        assertThat(failure(
                        "labelstudio:storages?operation=get&storageType=s3",
                        null,
                        Map.of(LabelStudioConstants.STORAGE_ID, "seven")))
                .hasMessageContaining("the CamelLabelStudioStorageId header must be a numeric id");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void aLocalFilesPathThatIsAFileHereFailsWithoutARequest() throws IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("storage", ".json");
        try {
            assertThat(failure(
                            "labelstudio:storages?operation=create&storageType=localfiles&projectId=1",
                            Map.of("path", file.toString()),
                            Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be a directory");
            assertThat(stub.requests()).isEmpty();
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void aMessageNamingALocalCredentialsFileReadsNothingUnlessTheEndpointAllowsIt() throws IOException {
        String credentials = "{\"type\": \"service_account\", \"private_key\": \"from-the-file\"}";
        java.nio.file.Path file = java.nio.file.Files.createTempFile("gcs", ".json");
        try {
            java.nio.file.Files.writeString(file, credentials);
            stub.when("GET", "/api/storages/gcs/", StubResponse.json(200, "[]"));
            stub.when("POST", "/api/storages/gcs/", StubResponse.json(201, storage(3, "gcs", "initialized", null)));
            Map<String, Object> body = Map.of("bucket", "g", "google_application_credentials", file.toString());

            assertThat(failure("labelstudio:storages?operation=create&storageType=gcs&projectId=1", body, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("gcsCredentialsFromFile");
            assertThat(stub.requests()).isEmpty();

            success(
                    "labelstudio:storages?operation=create&storageType=gcs&projectId=1&gcsCredentialsFromFile=true",
                    body,
                    Map.of());
            RecordedRequest post = stub.requests("POST", "/api/storages/gcs/").get(0);
            assertThat(json(post).get("google_application_credentials").asText())
                    .isEqualTo(credentials);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    // ---- secrets ----

    /**
     * A failing S3 create with a secret key in the body and the API key in the endpoint URI: both really reach the
     * server, and neither appears in any log line at DEBUG, in the exception chain, or in the endpoints and routes.
     */
    @Test
    void storageCredentialsAndApiKeyNeverAppearInLogsMessagesOrUris() throws Exception {
        String apiKey = KEY + "Y";
        stub.when("GET", "/api/storages/s3/", StubResponse.json(200, "[]"));
        stub.when(
                "POST",
                "/api/storages/s3/",
                StubResponse.json(
                        403, "{\"detail\": \"URL resolves to a reserved network address (block: 10.0.0.0/8)\"}"));
        stub.when(
                "POST",
                "/api/storages/export/s3",
                StubResponse.json(
                        400,
                        "{\"validation_errors\": {\"non_field_errors\": [\"Failed to list objects of"
                                + " bucket camel-data\"]}}"));
        String uri = "labelstudio:storages?operation=create&storageType=s3&projectId=1&url=" + stub.url() + "&apiKey="
                + apiKey;
        List<Throwable> failures = new ArrayList<>();
        try (LogCapture logs = LogCapture.capture(Level.DEBUG);
                DefaultCamelContext routeContext = new DefaultCamelContext()) {
            routeContext.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:import").routeId("storage-import").to(uri).to("log:after?showAll=true");
                    from("direct:export")
                            .routeId("storage-export")
                            .to(uri + "&direction=export&reuseExisting=false")
                            .to("log:after?showAll=true");
                }
            });
            routeContext.start();
            for (String from : List.of("direct:import", "direct:export")) {
                failures.add(org.junit.jupiter.api.Assertions.assertThrows(
                        CamelExecutionException.class,
                        () -> routeContext.createProducerTemplate().requestBody(from, s3Fields())));
            }
            String endpoints = routeContext.getEndpoints().toString();
            String routes = routeContext.getRoutes().toString();
            routeContext.stop();

            // the secrets really went to the server, so the checks below are meaningful
            List<RecordedRequest> posts = stub.requests(r -> r.method().equals("POST"));
            assertThat(posts).hasSize(2).allSatisfy(r -> {
                assertThat(r.header("Authorization")).isEqualTo("Token " + apiKey);
                assertThat(json(r).get("aws_secret_access_key").asText()).isEqualTo(AWS_SECRET);
            });
            assertThat(failures.get(0).getCause()).isInstanceOf(PermissionDeniedException.class);
            assertThat(failures.get(0).getCause()).hasMessageContaining("reserved network address");
            assertThat(failures.get(1).getCause()).isInstanceOf(ValidationException.class);
            for (Throwable failure : failures) {
                for (Throwable t = failure; t != null; t = t.getCause()) {
                    assertThat(String.valueOf(t.getMessage())).doesNotContain(AWS_SECRET, apiKey);
                    assertThat(t.toString()).doesNotContain(AWS_SECRET, apiKey);
                }
            }
            assertThat(endpoints).contains("labelstudio://storages").doesNotContain(apiKey, AWS_SECRET);
            assertThat(routes).doesNotContain(apiKey, AWS_SECRET);
            assertThat(logs.lines()).as("captured logs").isNotEmpty();
            assertThat(logs.lines()).anyMatch(line -> line.contains("labelstudio://storages"));
            assertThat(logs.lines())
                    .as("the error handler logged both failures")
                    .anyMatch(line -> line.contains("Failed delivery") && line.contains("reserved network address"))
                    .anyMatch(line -> line.contains("Failed delivery") && line.contains("Failed to list objects"));
            assertThat(logs.lines()).noneMatch(line -> line.contains(AWS_SECRET));
            assertThat(logs.lines()).noneMatch(line -> line.contains(apiKey));
        }
    }
}
