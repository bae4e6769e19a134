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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.StoragesApi.Direction;
import io.camellabelstudio.client.error.EnterpriseOnlyException;
import io.camellabelstudio.client.error.LabelStudioException;
import io.camellabelstudio.client.error.PermissionDeniedException;
import io.camellabelstudio.client.error.ValidationException;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.http.RetrySettings;
import io.camellabelstudio.client.model.Storage;

/**
 * Storages against the stub: request shapes of every type and direction (import collections end with a slash, export
 * ones do not), GCS credentials files, local checks of local-files paths, reuse of an already connected storage,
 * sync with and without waiting (completed, failed, timeout), and the Enterprise-only {@code s3s} type. The
 * {@link StoragesApi} is the one {@link LabelStudioClient#storages()} wires up (polls once a second), so the tests
 * keep their polls few.
 */
class StoragesApiTest {

    private static final String VERSION = "/api/version/";
    private static final String COMMUNITY = "{\"release\": \"1.23.2\", \"edition\": \"Community\"}";
    private static final String ENTERPRISE = "{\"release\": \"2.30.0\", \"edition\": \"Enterprise\"}";
    private static final String S3_IMPORT = "/api/storages/s3/";
    private static final String S3_EXPORT = "/api/storages/export/s3";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private StubLabelStudio stub;
    private MutableClock clock;
    private LabelStudioClient client;
    private StoragesApi storages;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
        client = clientFor(stub).retrySettings(RetrySettings.NONE).clock(clock).build();
        storages = client.storages();
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
        assertThat(stub.errors()).as("problems of the stub server itself").isEmpty();
    }

    // ---- helpers ----

    /** A storage as Label Studio 1.23.2 answers it (credentials are never echoed). */
    static String storage(long id, String type, String status, String extra) {
        return "{\"id\": " + id + ", \"type\": \"" + type + "\", \"synchronizable\": true, \"presign\": true,"
                + " \"last_sync\": null, \"last_sync_count\": null, \"last_sync_job\": null, \"status\": \"" + status
                + "\", \"traceback\": null, \"meta\": {}, \"title\": \"t\", \"project\": 1" + extra + "}";
    }

    static String s3(long id, String status, String bucket, String prefix) {
        return storage(
                id,
                "s3",
                status,
                ", \"bucket\": \"" + bucket + "\", \"prefix\": \"" + prefix + "\", \"regex_filter\": \".*json\","
                        + " \"use_blob_urls\": false, \"region_name\": \"us-east-1\", \"s3_endpoint\":"
                        + " \"http://127.0.0.1:9000\", \"presign_ttl\": 1, \"recursive_scan\": true");
    }

    private static JsonNode json(RecordedRequest request) {
        try {
            return Json.mapper().readTree(request.bodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> s3Fields(String prefix) {
        return fields(
                "bucket", "camel-data",
                "prefix", prefix,
                "regex_filter", ".*json",
                "aws_access_key_id", "AKIAEXAMPLE",
                "aws_secret_access_key", SECRET,
                "aws_session_token", "session-token",
                "region_name", "us-east-1",
                "s3_endpoint", "http://127.0.0.1:9000");
    }

    // ---- request shapes ----

    @Test
    void s3ImportCreatePostsToTheCollectionWithItsTrailingSlashWithProjectAndFields() {
        stub.when("POST", S3_IMPORT, StubResponse.json(201, s3(1, "initialized", "camel-data", "in")));

        Storage created = storages.create(Direction.IMPORT, StorageType.S3, 1, s3Fields("in"), false);

        assertThat(created.id()).isEqualTo(1L);
        assertThat(created.type()).isEqualTo("s3");
        assertThat(created.status()).isEqualTo("initialized");
        assertThat(created.project()).isEqualTo(1L);
        assertThat(created.field("bucket")).isEqualTo("camel-data");
        assertThat(created.field("prefix")).isEqualTo("in");
        assertThat(created.syncFinished()).isFalse();
        assertThat(created.toString()).doesNotContain(SECRET);
        RecordedRequest request = stub.requests().get(0);
        assertThat(stub.requests()).hasSize(1);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/storages/s3/");
        JsonNode body = json(request);
        assertThat(body.get("project").asLong()).isEqualTo(1L);
        assertThat(body.get("bucket").asText()).isEqualTo("camel-data");
        assertThat(body.get("prefix").asText()).isEqualTo("in");
        assertThat(body.get("regex_filter").asText()).isEqualTo(".*json");
        assertThat(body.get("aws_access_key_id").asText()).isEqualTo("AKIAEXAMPLE");
        assertThat(body.get("aws_secret_access_key").asText()).isEqualTo(SECRET);
        assertThat(body.get("aws_session_token").asText()).isEqualTo("session-token");
        assertThat(body.get("region_name").asText()).isEqualTo("us-east-1");
        assertThat(body.get("s3_endpoint").asText()).isEqualTo("http://127.0.0.1:9000");
    }

    @Test
    void s3ExportCreatePostsToTheCollectionWithoutTrailingSlash() {
        stub.when("POST", S3_EXPORT, StubResponse.json(201, s3(2, "queued", "camel-data", "out")));
        Map<String, Object> fields = s3Fields("out");
        fields.put("can_delete_objects", true);

        Storage created = storages.create(Direction.EXPORT, StorageType.S3, 1, fields, false);

        assertThat(created.id()).isEqualTo(2L);
        assertThat(created.status()).isEqualTo("queued");
        assertThat(stub.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/api/storages/export/s3");
            JsonNode body = json(r);
            assertThat(body.get("project").asLong()).isEqualTo(1L);
            assertThat(body.get("bucket").asText()).isEqualTo("camel-data");
            assertThat(body.get("prefix").asText()).isEqualTo("out");
            assertThat(body.get("can_delete_objects").asBoolean()).isTrue();
            assertThat(body.get("aws_secret_access_key").asText()).isEqualTo(SECRET);
        });
    }

    @Test
    void itemSyncAndValidatePathsOfBothDirections() {
        for (Direction direction : Direction.values()) {
            String base = direction == Direction.IMPORT ? "/api/storages/azure/" : "/api/storages/export/azure/";
            String collection = direction == Direction.IMPORT ? "/api/storages/azure/" : "/api/storages/export/azure";
            String answer = storage(5, "azure", "completed", ", \"container\": \"c\"");
            stub.when("GET", base + "5", StubResponse.json(200, answer));
            stub.when("PATCH", base + "5", StubResponse.json(200, answer));
            stub.when("DELETE", base + "5", StubResponse.status(204));
            stub.when("POST", base + "5/sync", StubResponse.json(200, answer));
            stub.when("POST", base + "validate", StubResponse.json(200, "null"));
            stub.when("GET", collection, StubResponse.json(200, "[" + answer + "]"));

            assertThat(storages.get(direction, StorageType.AZURE, 5).field("container"))
                    .isEqualTo("c");
            assertThat(storages.update(direction, StorageType.AZURE, 5, Map.of("title", "renamed"))
                            .id())
                    .isEqualTo(5L);
            storages.delete(direction, StorageType.AZURE, 5);
            assertThat(storages.sync(direction, StorageType.AZURE, 5, false, TIMEOUT)
                            .status())
                    .isEqualTo("completed");
            storages.validate(direction, StorageType.AZURE, 1, Map.of("container", "c"));
            assertThat(storages.list(direction, StorageType.AZURE, 1))
                    .singleElement()
                    .satisfies(s -> assertThat(s.id()).isEqualTo(5L));

            List<RecordedRequest> requests = stub.requests();
            assertThat(requests)
                    .extracting(RecordedRequest::toString)
                    .containsExactly(
                            "GET " + base + "5",
                            "PATCH " + base + "5",
                            "DELETE " + base + "5",
                            "POST " + base + "5/sync",
                            "POST " + base + "validate",
                            "GET " + collection + "?project=1");
            assertThat(json(requests.get(1)).toString()).isEqualTo("{\"title\":\"renamed\"}");
            assertThat(json(requests.get(4)).get("project").asLong()).isEqualTo(1L);
            assertThat(json(requests.get(4)).get("container").asText()).isEqualTo("c");
            stub.reset();
        }
    }

    @Test
    void gcsCredentialsFromAReadableFileAreSentAsTheFileContentWhenAllowedAndJsonAsIs() throws IOException {
        String credentials = "{\"type\": \"service_account\", \"project_id\": \"p\", \"private_key\": \"-----BEGIN"
                + " PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----\\n\"}";
        Path file = Files.writeString(dir.resolve("gcs.json"), credentials);
        stub.when("POST", "/api/storages/gcs/", StubResponse.json(201, storage(3, "gcs", "initialized", "")));

        storages.withCredentialsFiles(true)
                .create(
                        Direction.IMPORT,
                        StorageType.GCS,
                        1,
                        fields(
                                "bucket", "gcs-bucket",
                                "prefix", "in",
                                "google_application_credentials", file.toString()),
                        false);
        storages.create(
                Direction.IMPORT,
                StorageType.GCS,
                1,
                fields("bucket", "gcs-bucket", "google_application_credentials", credentials),
                false);

        List<RecordedRequest> requests = stub.requests("POST", "/api/storages/gcs/");
        assertThat(requests).hasSize(2);
        JsonNode fromFile = json(requests.get(0));
        assertThat(fromFile.get("project").asLong()).isEqualTo(1L);
        assertThat(fromFile.get("bucket").asText()).isEqualTo("gcs-bucket");
        assertThat(fromFile.get("prefix").asText()).isEqualTo("in");
        assertThat(fromFile.get("google_application_credentials").isTextual()).isTrue();
        assertThat(fromFile.get("google_application_credentials").asText()).isEqualTo(credentials);
        assertThat(json(requests.get(1)).get("google_application_credentials").asText())
                .isEqualTo(credentials);
    }

    @Test
    void aGcsCredentialsPathIsRefusedByDefaultWithoutReadingAnythingOrSendingAnything() throws IOException {
        Path file = Files.writeString(dir.resolve("secret.json"), "{\"private_key\": \"do-not-send\"}");
        for (String value : List.of(file.toString(), "/etc/passwd", "/no/such/file.json")) {
            assertThatThrownBy(() -> storages.create(
                            Direction.IMPORT,
                            StorageType.GCS,
                            1,
                            fields("bucket", "b", "google_application_credentials", value),
                            false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("google_application_credentials must be the JSON key")
                    .hasMessageContaining("gcsCredentialsFromFile")
                    .hasMessageNotContaining(value);
            assertThatThrownBy(() -> storages.validate(
                            Direction.EXPORT,
                            StorageType.GCS,
                            1,
                            fields("bucket", "b", "google_application_credentials", value)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> storages.update(
                            Direction.IMPORT, StorageType.GCS, 4, fields("google_application_credentials", value)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void createAndValidateSendTheSeedsDefaultsForFieldsLeftOut() {
        stub.when("POST", S3_IMPORT, StubResponse.json(201, s3(1, "initialized", "camel-data", "in")));
        stub.when("POST", "/api/storages/gcs/", StubResponse.json(201, storage(3, "gcs", "initialized", "")));
        stub.when("POST", "/api/storages/azure/", StubResponse.json(201, storage(5, "azure", "initialized", "")));
        stub.when("POST", "/api/storages/localfiles/", StubResponse.json(201, storage(6, "localfiles", "", "")));
        stub.when("POST", "/api/storages/redis/", StubResponse.json(201, storage(7, "redis", "", "")));
        stub.when("POST", S3_EXPORT, StubResponse.json(201, s3(2, "queued", "camel-data", "out")));
        stub.when("POST", "/api/storages/s3/validate", StubResponse.json(200, "{}"));

        storages.create(Direction.IMPORT, StorageType.S3, 1, fields("bucket", "camel-data"), false);
        storages.create(
                Direction.IMPORT,
                StorageType.GCS,
                1,
                fields("bucket", "g", "use_blob_urls", false, "presign_ttl", 15),
                false);
        storages.create(Direction.IMPORT, StorageType.AZURE, 1, fields("container", "c"), false);
        storages.create(Direction.IMPORT, StorageType.LOCALFILES, 1, fields("path", "/nowhere/here"), false);
        storages.create(Direction.IMPORT, StorageType.REDIS, 1, fields("path", "k"), false);
        storages.create(Direction.EXPORT, StorageType.S3, 1, fields("bucket", "camel-data"), false);
        storages.validate(Direction.IMPORT, StorageType.S3, 1, fields("bucket", "camel-data"));

        List<JsonNode> bodies =
                stub.requests().stream().map(StoragesApiTest::json).toList();
        assertThat(bodies.get(0).toString())
                .contains("\"use_blob_urls\":true", "\"presign\":true", "\"presign_ttl\":1");
        // what the body says wins
        assertThat(bodies.get(1).get("use_blob_urls").asBoolean()).isFalse();
        assertThat(bodies.get(1).get("presign").asBoolean()).isTrue();
        assertThat(bodies.get(1).get("presign_ttl").asInt()).isEqualTo(15);
        assertThat(bodies.get(2).toString())
                .contains("\"use_blob_urls\":true", "\"presign\":true", "\"presign_ttl\":1");
        assertThat(bodies.get(3).toString())
                .contains("\"use_blob_urls\":true", "\"presign\":false", "\"presign_ttl\":1");
        assertThat(bodies.get(4).has("use_blob_urls"))
                .as("redis: no seed defaults")
                .isFalse();
        assertThat(bodies.get(5).get("can_delete_objects").asBoolean()).isFalse();
        assertThat(bodies.get(5).has("use_blob_urls")).isFalse();
        assertThat(bodies.get(6).get("use_blob_urls").asBoolean()).isTrue();
    }

    @Test
    void s3sWithoutExternalIdGetsTheOrganizationsAsTheSeedDoes() {
        stub.when("GET", VERSION, StubResponse.json(200, ENTERPRISE));
        stub.when(
                "GET",
                "/api/current-user/whoami",
                StubResponse.json(200, "{\"id\": 1, \"email\": \"a@b.c\", \"active_organization\": 9}"));
        stub.when(
                "GET",
                "/api/organizations/9",
                StubResponse.json(200, "{\"id\": 9, \"title\": \"Org\", \"external_id\": \"org-ext-123\"}"));
        stub.when("POST", "/api/storages/s3s/", StubResponse.json(201, storage(12, "s3s", "initialized", "")));

        storages.create(
                Direction.IMPORT,
                StorageType.S3S,
                1,
                fields("bucket", "b", "role_arn", "arn:aws:iam::1:role/ls"),
                false);

        assertThat(stub.requests())
                .extracting(RecordedRequest::toString)
                .containsExactly(
                        "GET " + VERSION,
                        "GET /api/current-user/whoami",
                        "GET /api/organizations/9",
                        "POST /api/storages/s3s/");
        JsonNode body = json(stub.requests().get(3));
        assertThat(body.get("external_id").asText()).isEqualTo("org-ext-123");
        assertThat(body.get("use_blob_urls").asBoolean()).isTrue();
    }

    @Test
    void gcsExportCarriesCanDeleteObjects() {
        stub.when("POST", "/api/storages/export/gcs", StubResponse.json(201, storage(4, "gcs", "queued", "")));

        storages.create(
                Direction.EXPORT,
                StorageType.GCS,
                2,
                fields("bucket", "b", "prefix", "out", "can_delete_objects", false),
                false);

        assertThat(stub.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/api/storages/export/gcs");
            assertThat(json(r).get("project").asLong()).isEqualTo(2L);
            assertThat(json(r).get("can_delete_objects").asBoolean()).isFalse();
        });
    }

    @Test
    void azureCreateSendsContainerPrefixAccountNameAndKey() {
        stub.when("POST", "/api/storages/azure/", StubResponse.json(201, storage(5, "azure", "initialized", "")));

        storages.create(
                Direction.IMPORT,
                StorageType.AZURE,
                1,
                fields(
                        "container", "images",
                        "prefix", "2026/",
                        "account_name", "camelaccount",
                        "account_key", "azure-key=="),
                false);

        assertThat(stub.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/api/storages/azure/");
            JsonNode body = json(r);
            assertThat(body.get("project").asLong()).isEqualTo(1L);
            assertThat(body.get("container").asText()).isEqualTo("images");
            assertThat(body.get("prefix").asText()).isEqualTo("2026/");
            assertThat(body.get("account_name").asText()).isEqualTo("camelaccount");
            assertThat(body.get("account_key").asText()).isEqualTo("azure-key==");
        });
    }

    @Test
    void redisCreateSendsPathHostPortPasswordAndDb() {
        stub.when("POST", "/api/storages/export/redis", StubResponse.json(201, storage(6, "redis", "queued", "")));

        storages.create(
                Direction.EXPORT,
                StorageType.REDIS,
                1,
                fields("path", "annotations", "host", "redis.internal", "port", 6380, "password", "pw", "db", 2),
                false);

        assertThat(stub.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/api/storages/export/redis");
            JsonNode body = json(r);
            assertThat(body.get("project").asLong()).isEqualTo(1L);
            assertThat(body.get("path").asText()).isEqualTo("annotations");
            assertThat(body.get("host").asText()).isEqualTo("redis.internal");
            assertThat(body.get("port").asInt()).isEqualTo(6380);
            assertThat(body.get("password").asText()).isEqualTo("pw");
            assertThat(body.get("db").asInt()).isEqualTo(2);
        });
    }

    @Test
    void localFilesPathThatIsARegularFileHereIsRejectedBeforeAnyRequest() throws IOException {
        Path file = Files.writeString(dir.resolve("tasks.json"), "[]");

        assertThatThrownBy(() -> storages.create(
                        Direction.IMPORT, StorageType.LOCALFILES, 1, fields("path", file.toString()), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a directory")
                .hasMessageContaining(file.toString());
        assertThatThrownBy(() ->
                        storages.validate(Direction.IMPORT, StorageType.LOCALFILES, 1, fields("path", file.toString())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(stub.requests()).as("nothing sent").isEmpty();
    }

    @Test
    void localFilesPathThatDoesNotExistHereOrIsADirectoryIsSent() {
        stub.when(
                "POST",
                "/api/storages/localfiles/",
                StubResponse.json(201, storage(7, "localfiles", "initialized", "")));
        String remote = "/srv/label-studio/files/in"; // only on the server's machine

        storages.create(
                Direction.IMPORT,
                StorageType.LOCALFILES,
                1,
                fields("path", remote, "regex_filter", ".*json", "use_blob_urls", false),
                false);
        storages.create(Direction.IMPORT, StorageType.LOCALFILES, 1, fields("path", dir.toString()), false);

        List<RecordedRequest> requests = stub.requests("POST", "/api/storages/localfiles/");
        assertThat(requests).hasSize(2);
        assertThat(json(requests.get(0)).get("path").asText()).isEqualTo(remote);
        assertThat(json(requests.get(0)).get("use_blob_urls").asBoolean()).isFalse();
        assertThat(json(requests.get(0)).get("project").asLong()).isEqualTo(1L);
        assertThat(json(requests.get(1)).get("path").asText()).isEqualTo(dir.toString());
    }

    // ---- reuseExisting ----

    @Test
    void reuseExistingReturnsTheStorageWithTheSameBucketAndPrefixWithoutPosting() {
        stub.when(
                "GET",
                S3_IMPORT,
                StubResponse.json(
                        200,
                        "[" + s3(8, "completed", "camel-data", "other") + ", " + s3(9, "completed", "camel-data", "in")
                                + "]"));

        Storage reused = storages.create(Direction.IMPORT, StorageType.S3, 1, s3Fields("in"), true);

        assertThat(reused.id()).isEqualTo(9L);
        assertThat(stub.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo(S3_IMPORT);
            assertThat(r.queryParam("project")).isEqualTo("1");
        });
    }

    @Test
    void reuseExistingPostsWhenOnlyTheBucketMatches() {
        stub.when("GET", S3_EXPORT, StubResponse.json(200, "[" + s3(8, "completed", "camel-data", "in") + "]"));
        stub.when("POST", S3_EXPORT, StubResponse.json(201, s3(10, "queued", "camel-data", "out")));

        Storage created = storages.create(Direction.EXPORT, StorageType.S3, 1, s3Fields("out"), true);

        assertThat(created.id()).isEqualTo(10L);
        assertThat(stub.requests())
                .extracting(RecordedRequest::toString)
                .containsExactly("GET " + S3_EXPORT + "?project=1", "POST " + S3_EXPORT);
    }

    @Test
    void withoutReuseExistingASecondStorageIsPostedEvenWhenOneExists() {
        stub.when("GET", S3_IMPORT, StubResponse.json(200, "[" + s3(9, "completed", "camel-data", "in") + "]"));
        stub.when("POST", S3_IMPORT, StubResponse.json(201, s3(11, "initialized", "camel-data", "in")));

        Storage created = storages.create(Direction.IMPORT, StorageType.S3, 1, s3Fields("in"), false);

        assertThat(created.id()).isEqualTo(11L);
        assertThat(stub.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.method()).isEqualTo("POST"));
    }

    // ---- sync ----

    @Test
    void syncWithWaitPollsTheItemUntilCompletedAndReturnsTheCount() {
        stub.when("POST", "/api/storages/s3/1/sync", StubResponse.json(200, storage(1, "s3", "in_progress", "")));
        stub.when(
                "GET",
                "/api/storages/s3/1",
                StubResponse.json(
                        200,
                        storage(1, "s3", "completed", "")
                                .replace("\"last_sync_count\": null", "\"last_sync_count\": 3")));

        Storage synced = storages.sync(Direction.IMPORT, StorageType.S3, 1, true, TIMEOUT);

        assertThat(synced.status()).isEqualTo("completed");
        assertThat(synced.syncFinished()).isTrue();
        assertThat(synced.lastSyncCount()).isEqualTo(3L);
        assertThat(stub.requests())
                .extracting(RecordedRequest::toString)
                .containsExactly("POST /api/storages/s3/1/sync", "GET /api/storages/s3/1");
    }

    @Test
    void aFailedSyncRaisesWithTheLastLineOfTheTraceback() {
        stub.when("POST", "/api/storages/export/s3/1/sync", StubResponse.json(200, storage(1, "s3", "queued", "")));
        String failed = storage(1, "s3", "failed", "")
                .replace(
                        "\"traceback\": null",
                        "\"traceback\": \"Traceback (most recent call last):\\n  File \\\"/ls/io_storages/base.py\\\","
                                + " line 1, in sync\\nbotocore.exceptions.ClientError: An error occurred"
                                + " (NoSuchBucket) when calling the ListObjectsV2 operation\\n\"");
        stub.when("GET", "/api/storages/export/s3/1", StubResponse.json(200, failed));

        assertThatThrownBy(() -> storages.sync(Direction.EXPORT, StorageType.S3, 1, true, TIMEOUT))
                .isInstanceOf(LabelStudioException.class)
                .hasMessageContaining("storage 1 failed")
                .hasMessageEndingWith("botocore.exceptions.ClientError: An error occurred (NoSuchBucket) when calling"
                        + " the ListObjectsV2 operation")
                .hasMessageNotContaining("Traceback (most recent call last)");
        assertThat(stub.requests()).hasSize(2);
    }

    @Test
    void aSyncStillRunningAfterTheTimeoutRaisesNamingSyncTimeout() {
        stub.when("POST", "/api/storages/s3/1/sync", StubResponse.json(200, storage(1, "s3", "queued", "")));
        // the status request takes 61 s of the clock: past the 60 s deadline after one poll
        stub.when("GET", "/api/storages/s3/1", request -> {
            clock.advance(Duration.ofSeconds(61));
            return StubResponse.json(200, storage(1, "s3", "in_progress", ""));
        });

        assertThatThrownBy(() -> storages.sync(Direction.IMPORT, StorageType.S3, 1, true, TIMEOUT))
                .isInstanceOf(LabelStudioException.class)
                .hasMessageContaining("syncTimeout")
                .hasMessageContaining("PT1M")
                .hasMessageContaining("s3 storage 1")
                .hasMessageContaining("in_progress");
        assertThat(stub.requests("GET", "/api/storages/s3/1")).hasSize(1);
    }

    @Test
    void syncWithoutWaitReturnsAfterOnePost() {
        stub.when("POST", "/api/storages/s3/1/sync", StubResponse.json(200, storage(1, "s3", "queued", "")));

        Storage started = storages.sync(Direction.IMPORT, StorageType.S3, 1, false, TIMEOUT);

        assertThat(started.status()).isEqualTo("queued");
        assertThat(started.lastSyncCount()).isNull();
        assertThat(stub.requests()).singleElement().satisfies(r -> {
            assertThat(r.toString()).isEqualTo("POST /api/storages/s3/1/sync");
        });
    }

    // ---- validate ----

    @Test
    void validateReturnsNormallyOnNullAndRaisesTheServersMessage() {
        stub.enqueue(
                "POST",
                "/api/storages/s3/validate",
                StubResponse.json(200, "null"),
                StubResponse.json(
                        403, "{\"detail\": \"URL resolves to a reserved network address (block: 127.0.0.0/8)\"}"),
                StubResponse.json(400, "{\"validation_errors\": {\"bucket\": [\"This field is required.\"]}}"));

        storages.validate(Direction.IMPORT, StorageType.S3, 1, s3Fields("in"));
        Throwable reserved = org.junit.jupiter.api.Assertions.assertThrows(
                PermissionDeniedException.class,
                () -> storages.validate(Direction.IMPORT, StorageType.S3, 1, s3Fields("in")));
        assertThat(reserved).hasMessageContaining("reserved network address (block: 127.0.0.0/8)");
        assertDoesNotLeak(reserved, SECRET);
        assertThatThrownBy(() -> storages.validate(Direction.IMPORT, StorageType.S3, 1, Map.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("bucket");
        assertThat(stub.requests()).hasSize(3);
        assertThat(json(stub.requests().get(0)).get("aws_secret_access_key").asText())
                .isEqualTo(SECRET);
    }

    @Test
    void aRejectedCreateDoesNotCarryTheSecretInItsMessage() {
        stub.when(
                "POST",
                S3_IMPORT,
                StubResponse.json(
                        400,
                        "{\"detail\": \"Validation error\", \"validation_errors\": {\"non_field_errors\":"
                                + " [\"Failed to list objects of bucket camel-data\"]}}"));

        Throwable error = org.junit.jupiter.api.Assertions.assertThrows(
                ValidationException.class,
                () -> storages.create(Direction.IMPORT, StorageType.S3, 1, s3Fields("in"), false));

        assertThat(error).hasMessageContaining("Failed to list objects");
        assertDoesNotLeak(error, SECRET);
        assertThat(stub.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.bodyAsString()).contains(SECRET));
    }

    // ---- every type, and the Enterprise-only one ----

    @Test
    void listAllAsksEveryCommunityTypeOnce() {
        for (String type : List.of("s3", "gcs", "azure", "redis", "localfiles")) {
            stub.when(
                    "GET",
                    "/api/storages/export/" + type,
                    StubResponse.json(200, "[" + storage(1, type, "completed", "") + "]"));
        }

        List<Storage> all = storages.listAll(Direction.EXPORT, 4);

        assertThat(all).extracting(Storage::type).containsExactly("s3", "gcs", "azure", "redis", "localfiles");
        assertThat(stub.requests()).hasSize(5).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.queryParam("project")).isEqualTo("4");
        });
        assertThat(stub.requests())
                .noneMatch(r -> r.path().contains("s3s") || r.path().equals(VERSION));
    }

    @Test
    void s3sOnACommunityServerRaisesEnterpriseOnlyAndSendsNothing() {
        stub.when("GET", VERSION, StubResponse.json(200, COMMUNITY));
        Map<String, Object> fields = fields("bucket", "b", "role_arn", "arn:aws:iam::1:role/ls", "external_id", "x");

        assertThatThrownBy(() -> storages.create(Direction.IMPORT, StorageType.S3S, 1, fields, true))
                .isInstanceOf(EnterpriseOnlyException.class)
                .hasMessageContaining("s3s")
                .hasMessageContaining("Community")
                .hasMessageContaining("1.23.2");
        assertThatThrownBy(() -> storages.validate(Direction.EXPORT, StorageType.S3S, 1, fields))
                .isInstanceOf(EnterpriseOnlyException.class);
        assertThatThrownBy(() -> storages.list(Direction.IMPORT, StorageType.S3S, 1))
                .isInstanceOf(EnterpriseOnlyException.class);
        assertThatThrownBy(() -> storages.sync(Direction.IMPORT, StorageType.S3S, 1, true, TIMEOUT))
                .isInstanceOf(EnterpriseOnlyException.class);
        assertThatThrownBy(() -> storages.get(Direction.IMPORT, StorageType.S3S, 1))
                .isInstanceOf(EnterpriseOnlyException.class);
        assertThatThrownBy(() -> storages.update(Direction.IMPORT, StorageType.S3S, 1, Map.of("title", "x")))
                .isInstanceOf(EnterpriseOnlyException.class);
        assertThatThrownBy(() -> storages.delete(Direction.IMPORT, StorageType.S3S, 1))
                .isInstanceOf(EnterpriseOnlyException.class);
        assertThat(stub.requests())
                .as("only the edition was asked, once")
                .singleElement()
                .satisfies(r -> assertThat(r.path()).isEqualTo(VERSION));
    }

    @Test
    void s3sOnAnEnterpriseServerIsSentToItsOwnPaths() {
        stub.when("GET", VERSION, StubResponse.json(200, ENTERPRISE));
        stub.when("POST", "/api/storages/s3s/", StubResponse.json(201, storage(12, "s3s", "initialized", "")));
        stub.when("POST", "/api/storages/export/s3s", StubResponse.json(201, storage(13, "s3s", "queued", "")));

        storages.create(
                Direction.IMPORT,
                StorageType.S3S,
                1,
                fields("bucket", "b", "prefix", "in", "role_arn", "arn:aws:iam::1:role/ls", "external_id", "x"),
                false);
        storages.create(Direction.EXPORT, StorageType.S3S, 1, fields("bucket", "b", "prefix", "out"), false);

        assertThat(stub.requests())
                .extracting(RecordedRequest::toString)
                .containsExactly("GET " + VERSION, "POST /api/storages/s3s/", "POST /api/storages/export/s3s");
        JsonNode body = json(stub.requests().get(1));
        assertThat(body.get("role_arn").asText()).isEqualTo("arn:aws:iam::1:role/ls");
        assertThat(body.get("external_id").asText()).isEqualTo("x");
        assertThat(body.get("project").asLong()).isEqualTo(1L);
    }

    @Test
    void storageTypeNamesAreCaseInsensitiveAndAnUnknownOneListsTheValidOnes() {
        assertThat(StorageType.of(" S3 ")).isEqualTo(StorageType.S3);
        assertThat(StorageType.of("LocalFiles")).isEqualTo(StorageType.LOCALFILES);
        assertThat(StorageType.S3S.enterpriseOnly()).isTrue();
        assertThat(StorageType.AZURE.locationField()).isEqualTo("container");
        assertThatThrownBy(() -> StorageType.of("ftp"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown storage type 'ftp'; valid types: s3, s3s, gcs, azure, redis, localfiles");
    }
}
