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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.camellabelstudio.client.StorageType;
import io.camellabelstudio.client.StoragesApi;
import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.Storage;
import io.camellabelstudio.client.model.TaskFilesResult;
import io.camellabelstudio.it.CamelLabelStudio;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;
import io.camellabelstudio.it.S3Objects;
import io.camellabelstudio.it.S3Server;
import io.camellabelstudio.it.S3ServerExtension;

/**
 * labelstudio:storages against a real Label Studio and a real S3-compatible server (moto) on loopback: import and
 * export storages, sync that waits, no duplicate connections, local files.
 */
@ExtendWith({LabelStudioServerExtension.class, S3ServerExtension.class})
class StoragesIT {

    private static Map<String, Object> s3Fields(S3Server s3, String bucket, String prefix) {
        return Map.of(
                "bucket",
                bucket,
                "prefix",
                prefix,
                "aws_access_key_id",
                s3.accessKey(),
                "aws_secret_access_key",
                s3.secretKey(),
                "region_name",
                s3.region(),
                "s3_endpoint",
                s3.endpoint(),
                "use_blob_urls",
                false,
                "regex_filter",
                ".*json",
                "recursive_scan",
                true,
                "title",
                "tasks from " + bucket);
    }

    /** {@code labelstudio:storages?operation=create} of an S3 import storage in the project. */
    private static Storage createS3Storage(CamelLabelStudio ls, long projectId, Map<String, Object> fields) {
        return ls.request(
                        "labelstudio:storages?operation=create&storageType=s3&projectId=" + projectId, fields, Map.of())
                .getMessage()
                .getBody(Storage.class);
    }

    /** The S3 fields without use_blob_urls, so that the component sends the Python SDK's default (true). */
    private static Map<String, Object> s3FieldsWithSeedDefaults(S3Server s3, String bucket, String prefix) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>(s3Fields(s3, bucket, prefix));
        fields.remove("use_blob_urls");
        return fields;
    }

    /** Creates a bucket of a fresh name and returns the name. */
    private static String newBucket(S3Objects objects) {
        String bucket = "it-" + UUID.randomUUID().toString().substring(0, 8);
        objects.createBucket(bucket);
        return bucket;
    }

    private static long taskCount(CamelLabelStudio ls, long projectId) {
        return ls.client()
                .tasks()
                .listIds(projectId, TaskQuery.all().withPageSize(1))
                .total();
    }

    @Test
    void s3ImportStorageSyncsAndIsNotConnectedTwice(LabelStudioServer server, S3Server s3) {
        try (CamelLabelStudio ls = new CamelLabelStudio(server)) {
            S3Objects objects = new S3Objects(s3);
            String bucket = newBucket(objects);
            for (int i = 1; i <= 3; i++) {
                objects.put(bucket, "incoming/batch/task-" + i + ".json", "{\"text\": \"task " + i + "\"}");
            }
            Project project = ls.project("S3 import", LabelConfigs.TEXT_CLASSIFICATION);
            Storage storage = createS3Storage(ls, project.id(), s3Fields(s3, bucket, "incoming"));
            Exchange synced = ls.request(
                    "labelstudio:storages?operation=sync&storageType=s3&storageId=" + storage.id(), null, Map.of());

            assertThat(synced.getMessage().getHeader(LabelStudioConstants.STORAGE_STATUS))
                    .isEqualTo("completed");
            assertThat(synced.getMessage().getHeader(LabelStudioConstants.SYNC_COUNT))
                    .isEqualTo(3L);
            assertThat(taskCount(ls, project.id())).isEqualTo(3);

            // the same storage again: the first one comes back, nothing new is connected or imported
            Storage again = createS3Storage(ls, project.id(), s3Fields(s3, bucket, "incoming"));
            assertThat(again.id()).isEqualTo(storage.id());
            List<?> listed = ls.request(
                            "labelstudio:storages?operation=list&storageType=s3&projectId=" + project.id(),
                            null,
                            Map.of())
                    .getMessage()
                    .getBody(List.class);
            assertThat(listed).hasSize(1);
            ls.request("labelstudio:storages?operation=sync&storageType=s3&storageId=" + storage.id(), null, Map.of());
            assertThat(taskCount(ls, project.id()))
                    .as("a second sync imports nothing twice")
                    .isEqualTo(3);

            // get, update, delete
            Storage read = ls.request(
                            "labelstudio:storages?operation=get&storageType=s3&storageId=" + storage.id(),
                            null,
                            Map.of())
                    .getMessage()
                    .getBody(Storage.class);
            assertThat(read.field("bucket")).isEqualTo(bucket);
            ls.request(
                    "labelstudio:storages?operation=update&storageType=s3",
                    Map.of("title", "renamed"),
                    Map.of(LabelStudioConstants.STORAGE_ID, storage.id()));
            assertThat(ls.client()
                            .storages()
                            .get(
                                    io.camellabelstudio.client.StoragesApi.Direction.IMPORT,
                                    io.camellabelstudio.client.StorageType.S3,
                                    storage.id())
                            .title())
                    .isEqualTo("renamed");
            ls.request(
                    "labelstudio:storages?operation=delete&storageType=s3&storageId=" + storage.id(), null, Map.of());
            assertThatThrownBy(() -> ls.client()
                            .storages()
                            .get(
                                    io.camellabelstudio.client.StoragesApi.Direction.IMPORT,
                                    io.camellabelstudio.client.StorageType.S3,
                                    storage.id()))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    /** Fields the body leaves out get the Python SDK's defaults (the server's own use_blob_urls default is false). */
    @Test
    void createSendsTheSeedsDefaultsForFieldsLeftOut(LabelStudioServer server, S3Server s3) {
        try (CamelLabelStudio ls = new CamelLabelStudio(server)) {
            S3Objects objects = new S3Objects(s3);
            String bucket = newBucket(objects);
            // an import storage's prefix must hold an object: Label Studio checks that at create
            objects.put(bucket, "media/a.txt", "a text");
            Project project = ls.project("S3 defaults", LabelConfigs.TEXT_CLASSIFICATION);

            Storage storage = createS3Storage(ls, project.id(), s3FieldsWithSeedDefaults(s3, bucket, "media"));

            Storage stored = ls.client().storages().get(StoragesApi.Direction.IMPORT, StorageType.S3, storage.id());
            assertThat(stored.field("use_blob_urls")).isEqualTo(true);
            assertThat(stored.field("presign")).isEqualTo(true);
            assertThat(((Number) stored.field("presign_ttl")).intValue()).isEqualTo(1);
        }
    }

    /**
     * A task made from an S3 object (blob URLs, presign on: the defaults) holds {@code /tasks/<id>/resolve/...};
     * Label Studio answers that with 303 to a presigned URL of the S3 server, which downloadFiles follows without the
     * key.
     */
    @Test
    void downloadFilesFollowsTheRedirectToAPresignedUrl(LabelStudioServer server, S3Server s3, @TempDir Path target) {
        try (CamelLabelStudio ls = new CamelLabelStudio(server)) {
            S3Objects objects = new S3Objects(s3);
            String bucket = newBucket(objects);
            objects.put(bucket, "images/cat.png", "the cat's picture");
            Project project = ls.project("S3 files", LabelConfigs.IMAGE_LABELS);
            Map<String, Object> fields = s3FieldsWithSeedDefaults(s3, bucket, "images");
            fields.put("regex_filter", ".*png");
            Storage storage = createS3Storage(ls, project.id(), fields);
            ls.request("labelstudio:storages?operation=sync&storageType=s3&storageId=" + storage.id(), null, Map.of());
            assertThat(taskCount(ls, project.id())).isEqualTo(1);

            // the S3 server listens on loopback: allowed for this route only
            Exchange result = ls.request(
                    "labelstudio:tasks?operation=downloadFiles&downloadFromPrivateAddresses=true&projectId="
                            + project.id() + "&downloadDirectory=" + target,
                    null,
                    Map.of());

            TaskFilesResult files = result.getMessage().getBody(TaskFilesResult.class);
            assertThat(files.failed()).isEmpty();
            assertThat(files.downloaded()).singleElement().satisfies(file -> {
                assertThat(file.url()).contains("/resolve/");
                assertThat(file.file().getFileName().toString()).endsWith("_cat.png");
                assertThat(Files.readString(file.file())).isEqualTo("the cat's picture");
            });
        }
    }

    @Test
    void s3ExportStorageWritesAnnotationsAsObjects(LabelStudioServer server, S3Server s3) {
        try (CamelLabelStudio ls = new CamelLabelStudio(server)) {
            S3Objects objects = new S3Objects(s3);
            String bucket = newBucket(objects);
            Project project = ls.project("S3 export", LabelConfigs.TEXT_CLASSIFICATION);
            long task = ls.client()
                    .tasks()
                    .importTasks(
                            project.id(),
                            List.of(Map.of("text", "to export")),
                            io.camellabelstudio.client.ImportOptions.defaults())
                    .taskIds()
                    .get(0);
            long annotation = ls.annotate(task, "Positive").id();

            Storage storage = ls.request(
                            "labelstudio:storages?operation=create&storageType=s3&direction=export&projectId="
                                    + project.id(),
                            Map.of(
                                    "bucket", bucket,
                                    "prefix", "annotations",
                                    "aws_access_key_id", s3.accessKey(),
                                    "aws_secret_access_key", s3.secretKey(),
                                    "region_name", s3.region(),
                                    "s3_endpoint", s3.endpoint()),
                            Map.of())
                    .getMessage()
                    .getBody(Storage.class);
            Exchange synced = ls.request(
                    "labelstudio:storages?operation=sync&storageType=s3&direction=export&storageId=" + storage.id(),
                    null,
                    Map.of());

            assertThat(synced.getMessage().getHeader(LabelStudioConstants.STORAGE_STATUS))
                    .isEqualTo("completed");
            List<String> keys = objects.list(bucket, "annotations");
            assertThat(keys).contains("annotations/" + annotation);
            assertThat(objects.get(bucket, "annotations/" + annotation))
                    .contains("Positive")
                    .contains("to export");
        }
    }

    @Test
    void localFilesImportStorageSyncsFilesUnderTheDocumentRoot(LabelStudioServer server) throws Exception {
        Path root = server.localFilesRoot();
        org.junit.jupiter.api.Assumptions.assumeTrue(root != null, "no local-files root for an external server");
        Path dir = Files.createDirectories(
                root.resolve("dataset-" + UUID.randomUUID().toString().substring(0, 8)));
        Files.writeString(dir.resolve("a.json"), "{\"text\": \"local a\"}");
        Files.writeString(dir.resolve("b.json"), "{\"text\": \"local b\"}");
        try (CamelLabelStudio ls = new CamelLabelStudio(server)) {
            Project project = ls.project("Local files", LabelConfigs.TEXT_CLASSIFICATION);
            Storage storage = ls.request(
                            "labelstudio:storages?operation=create&storageType=localfiles&projectId=" + project.id(),
                            Map.of("path", dir.toString(), "regex_filter", ".*json", "use_blob_urls", false),
                            Map.of())
                    .getMessage()
                    .getBody(Storage.class);
            Exchange synced = ls.request(
                    "labelstudio:storages?operation=sync&storageType=localfiles&storageId=" + storage.id(),
                    null,
                    Map.of());
            assertThat(synced.getMessage().getHeader(LabelStudioConstants.SYNC_COUNT))
                    .isEqualTo(2L);
            assertThat(taskCount(ls, project.id())).isEqualTo(2);
        }
    }

    @Test
    void validateReportsBadCredentials(LabelStudioServer server) {
        // a second S3 server that checks credentials and knows none: the usual test key is refused
        try (S3Server strict = S3Server.startRejectingAllCredentials();
                CamelLabelStudio ls = new CamelLabelStudio(server)) {
            Project project = ls.project("Bad credentials", LabelConfigs.TEXT_CLASSIFICATION);
            String secret = "Secret-" + UUID.randomUUID();
            Map<String, Object> fields = new java.util.HashMap<>(s3Fields(strict, "some-bucket", "x"));
            fields.put("aws_secret_access_key", secret);

            Exception failure = ls.failure(
                    "labelstudio:storages?operation=validate&storageType=s3&projectId=" + project.id(),
                    fields,
                    Map.of());

            assertThat(failure).isInstanceOf(io.camellabelstudio.client.error.LabelStudioApiException.class);
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            }
            assertThat(ls.client()
                            .storages()
                            .list(
                                    io.camellabelstudio.client.StoragesApi.Direction.IMPORT,
                                    io.camellabelstudio.client.StorageType.S3,
                                    project.id()))
                    .as("validate connects nothing")
                    .isEmpty();
        }
    }

    @Test
    void validateReportsABadStorage(LabelStudioServer server, S3Server s3) {
        try (CamelLabelStudio ls = new CamelLabelStudio(server)) {
            Project project = ls.project("Validate", LabelConfigs.TEXT_CLASSIFICATION);
            String uri = "labelstudio:storages?operation=validate&storageType=s3&projectId=" + project.id();
            S3Objects objects = new S3Objects(s3);
            String bucket = newBucket(objects);
            objects.put(bucket, "x/task.json", "{\"text\": \"t\"}"); // the server checks it can list the prefix
            assertThat(ls.request(uri, s3Fields(s3, bucket, "x"), Map.of())
                            .getMessage()
                            .getBody())
                    .isEqualTo(true);
            // moto accepts any credentials, so a bucket that does not exist stands in for a bad one here
            String secret = "Secret-" + UUID.randomUUID();
            Map<String, Object> bad = new java.util.HashMap<>(s3Fields(s3, "no-such-bucket-" + bucket, "x"));
            bad.put("aws_secret_access_key", secret);
            Exception failure = ls.failure(uri, bad, Map.of());
            assertThat(failure).isInstanceOf(io.camellabelstudio.client.error.LabelStudioApiException.class);
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            }
        }
    }
}
