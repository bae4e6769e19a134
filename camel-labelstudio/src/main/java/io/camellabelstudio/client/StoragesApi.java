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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JavaType;

import io.camellabelstudio.client.error.LabelStudioException;
import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.http.ApiTransport;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.Storage;

/**
 * Import (source) and export (target) storages of projects: S3, S3 with IAM role (Enterprise), GCS, Azure, Redis and
 * local files. {@link #create} does not connect the same storage twice (a known cause of duplicate tasks), and
 * {@link #sync} can wait for the sync to end.
 */
public final class StoragesApi {

    /** Whether a storage is a source of tasks or a target of annotations. */
    public enum Direction {
        IMPORT,
        EXPORT;

        /** {@code import} or {@code export}, as users write it. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final JavaType LIST =
            Json.mapper().getTypeFactory().constructCollectionType(List.class, Storage.class);

    private final ApiTransport transport;
    private final EditionGuard edition;
    private final Clock clock;
    private final Duration pollInterval;
    private final boolean credentialsFiles;

    StoragesApi(ApiTransport transport, EditionGuard edition, Clock clock, Duration pollInterval) {
        this(transport, edition, clock, pollInterval, false);
    }

    private StoragesApi(
            ApiTransport transport,
            EditionGuard edition,
            Clock clock,
            Duration pollInterval,
            boolean credentialsFiles) {
        this.transport = transport;
        this.edition = edition;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.credentialsFiles = credentialsFiles;
    }

    /**
     * These storage operations, reading a GCS {@code google_application_credentials} value that is not JSON as the path
     * of a local file whose content is sent instead (as the seed SDK does), when {@code allowed}. Off by default: the
     * fields often come from a message, and must not make the process read and send one of its own files.
     */
    public StoragesApi withCredentialsFiles(boolean allowed) {
        return allowed == credentialsFiles ? this : new StoragesApi(transport, edition, clock, pollInterval, allowed);
    }

    /**
     * Connects a storage to a project. {@code fields} are the server's: the location ({@code bucket},
     * {@code container} or {@code path}), {@code prefix}, {@code regex_filter}, {@code use_blob_urls},
     * {@code presign}, {@code presign_ttl}, {@code title}, {@code description}, {@code recursive_scan}, credentials
     * ({@code aws_access_key_id}, {@code aws_secret_access_key}, {@code aws_session_token}, {@code region_name},
     * {@code s3_endpoint}; {@code google_application_credentials}; {@code account_name}, {@code account_key};
     * {@code host}, {@code port}, {@code password}, {@code db}), and for targets {@code can_delete_objects}.
     *
     * <p>Fields left out get the seed SDK's defaults ({@code connect_*_storage}): import storages of S3, S3 with IAM
     * role, GCS and Azure {@code use_blob_urls=true}, {@code presign=true}, {@code presign_ttl=1}; local files
     * {@code use_blob_urls=true}, {@code presign=false}, {@code presign_ttl=1}; export storages
     * {@code can_delete_objects=false}. An S3-with-IAM-role import storage without {@code external_id} gets the
     * organization's (as the seed does: {@code /api/current-user/whoami}, then {@code /api/organizations/<id>}). A GCS
     * credentials value that is not JSON is read as a file path only {@link #withCredentialsFiles when allowed}.
     *
     * @param reuseExisting return the project's existing storage of the same type, direction, location and prefix
     *                      instead of connecting a second one
     */
    public Storage create(
            Direction direction, StorageType type, long projectId, Map<String, ?> fields, boolean reuseExisting) {
        Objects.requireNonNull(fields, "fields");
        requireSupported(type, "create");
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("project", projectId);
        prepare(type, body);
        applySeedDefaults(direction, type, body);
        if (reuseExisting) {
            for (Storage existing : list(direction, type, projectId)) {
                if (sameLocation(type, existing, body)) {
                    return existing;
                }
            }
        }
        return transport.execute(ApiRequest.post(collection(direction, type), body), Storage.class);
    }

    /** The storages of one type connected to a project. */
    public List<Storage> list(Direction direction, StorageType type, long projectId) {
        requireSupported(type, "list");
        List<Storage> storages =
                transport.execute(ApiRequest.get(collection(direction, type)).query("project", projectId), LIST);
        return storages == null ? List.of() : storages;
    }

    /** The storages of every Community type (S3, GCS, Azure, Redis, local files) connected to a project. */
    public List<Storage> listAll(Direction direction, long projectId) {
        List<Storage> all = new ArrayList<>();
        for (StorageType type : StorageType.values()) {
            if (!type.enterpriseOnly()) {
                all.addAll(list(direction, type, projectId));
            }
        }
        return all;
    }

    public Storage get(Direction direction, StorageType type, long storageId) {
        requireSupported(type, "get");
        return transport.execute(ApiRequest.get(item(direction, type, storageId)), Storage.class);
    }

    /** Changes the given fields of a storage (PATCH). */
    public Storage update(Direction direction, StorageType type, long storageId, Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        requireSupported(type, "update");
        Map<String, Object> body = new LinkedHashMap<>(fields);
        prepare(type, body);
        return transport.execute(ApiRequest.patch(item(direction, type, storageId), body), Storage.class);
    }

    public void delete(Direction direction, StorageType type, long storageId) {
        requireSupported(type, "delete");
        transport.execute(ApiRequest.delete(item(direction, type, storageId)));
    }

    /**
     * Asks the server to check a storage's settings and credentials (the same fields as {@link #create}). Passing
     * settings return normally; rejected ones raise {@link io.camellabelstudio.client.error.ValidationException}
     * (or another API exception) with the server's message.
     */
    public void validate(Direction direction, StorageType type, long projectId, Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        requireSupported(type, "validate");
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("project", projectId);
        prepare(type, body);
        applySeedDefaults(direction, type, body);
        transport.execute(ApiRequest.post(collection(direction, type).replaceAll("/$", "") + "/validate", body));
    }

    /**
     * Starts a sync; with {@code wait}, polls the storage until the sync ends (or {@code timeout} passes) and returns
     * it with its last sync count. A failed sync raises with the server's traceback summary.
     */
    public Storage sync(Direction direction, StorageType type, long storageId, boolean wait, Duration timeout) {
        requireSupported(type, "sync");
        Storage storage =
                transport.execute(ApiRequest.post(item(direction, type, storageId) + "/sync", Map.of()), Storage.class);
        if (!wait) {
            return storage;
        }
        boolean[] first = {true}; // the sync's answer is the first poll
        Storage ended = Waiting.until(
                clock,
                timeout,
                Waiting.every(pollInterval),
                "a storage sync",
                () -> {
                    Storage seen = first[0] ? storage : get(direction, type, storageId);
                    first[0] = false;
                    return seen != null && seen.syncFinished()
                            ? Waiting.Poll.done(seen)
                            : Waiting.Poll.running(seen == null ? "unknown" : seen.status());
                },
                status -> "The sync of " + type + " storage " + storageId + " did not end within syncTimeout " + timeout
                        + " (status: " + status + ")");
        if ("failed".equals(ended.status())) {
            throw new LabelStudioException(
                    "The sync of " + type + " storage " + storageId + " failed: " + summary(ended.traceback()));
        }
        return ended;
    }

    private void requireSupported(StorageType type, String operation) {
        if (type.enterpriseOnly()) {
            edition.requireEnterprise(operation + " of " + type + " storages");
        }
    }

    /** Local checks, and a GCS credentials file path replaced by the file's content when that is allowed. */
    private void prepare(StorageType type, Map<String, Object> body) {
        if (type == StorageType.GCS && body.get("google_application_credentials") instanceof String value) {
            Path file = pathOrNull(value);
            if (file != null && !credentialsFiles) {
                // not JSON: refused without looking at the disk, so that the answer tells nothing about its files
                throw new IllegalArgumentException("google_application_credentials must be the JSON key of a service"
                        + " account (it starts with '{'); reading it from a local file is off (the component's"
                        + " gcsCredentialsFromFile option, StoragesApi.withCredentialsFiles in the client)");
            }
            if (file != null && Files.isRegularFile(file) && Files.isReadable(file)) {
                try {
                    body.put("google_application_credentials", Files.readString(file));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read the GCS credentials file " + file, e);
                }
            }
        }
        if (type == StorageType.LOCALFILES && body.get("path") instanceof String path) {
            Path local = pathOrNull(path);
            // The server checks the path on its own machine; on this one, a file instead of a directory is an error.
            if (local != null && Files.exists(local) && !Files.isDirectory(local)) {
                throw new IllegalArgumentException("The path of a localfiles storage must be a directory: " + path);
            }
        }
    }

    /** The seed SDK's defaults of its connect_* methods, for the fields the caller left out. */
    private void applySeedDefaults(Direction direction, StorageType type, Map<String, Object> body) {
        if (direction == Direction.EXPORT) {
            body.putIfAbsent("can_delete_objects", false);
            return;
        }
        switch (type) {
            case S3, S3S, GCS, AZURE -> {
                body.putIfAbsent("use_blob_urls", true);
                body.putIfAbsent("presign", true);
                body.putIfAbsent("presign_ttl", 1);
            }
            case LOCALFILES -> {
                body.putIfAbsent("use_blob_urls", true);
                body.putIfAbsent("presign", false);
                body.putIfAbsent("presign_ttl", 1);
            }
            default -> {
                // redis: the seed has no connect method for it
            }
        }
        if (type == StorageType.S3S) {
            Object externalId = body.get("external_id");
            if (externalId == null || externalId.toString().isBlank()) {
                body.put("external_id", organizationExternalId());
            }
        }
    }

    /** The external id of the user's active organization, which IAM roles for Label Studio are set up with. */
    private String organizationExternalId() {
        Map<?, ?> me = transport.execute(ApiRequest.get("/api/current-user/whoami"), Map.class);
        Object organization = me == null ? null : me.get("active_organization");
        if (!(organization instanceof Number id)) {
            throw new LabelStudioException("Cannot look up the organization's external_id for an s3s storage: "
                    + "/api/current-user/whoami has no active_organization; set external_id");
        }
        Map<?, ?> org = transport.execute(ApiRequest.get("/api/organizations/" + id.longValue()), Map.class);
        Object externalId = org == null ? null : org.get("external_id");
        if (externalId == null || externalId.toString().isBlank()) {
            throw new LabelStudioException("Cannot look up the organization's external_id for an s3s storage: "
                    + "organization " + id.longValue() + " has none; set external_id");
        }
        return externalId.toString();
    }

    private static Path pathOrNull(String value) {
        if (value.isBlank() || value.strip().startsWith("{") || value.length() > 4096) {
            return null; // JSON credentials or not a path
        }
        try {
            return Path.of(value.strip());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean sameLocation(StorageType type, Storage existing, Map<String, Object> wanted) {
        String field = type.locationField();
        return same(existing.field(field), wanted.get(field)) && same(existing.field("prefix"), wanted.get("prefix"));
    }

    private static boolean same(Object a, Object b) {
        String left = a == null ? "" : a.toString().strip();
        String right = b == null ? "" : b.toString().strip();
        return left.equals(right);
    }

    private static String summary(String traceback) {
        if (traceback == null || traceback.isBlank()) {
            return "(the server gave no traceback)";
        }
        String[] lines = traceback.strip().split("\\R");
        String last = lines[lines.length - 1].strip();
        return last.length() > 500 ? last.substring(0, 500) + "..." : last;
    }

    private static String collection(Direction direction, StorageType type) {
        // Label Studio routes the import collection with a trailing slash and the export one without.
        return direction == Direction.IMPORT
                ? "/api/storages/" + type.apiName() + "/"
                : "/api/storages/export/" + type.apiName();
    }

    private static String item(Direction direction, StorageType type, long storageId) {
        return (direction == Direction.IMPORT ? "/api/storages/" : "/api/storages/export/") + type.apiName() + "/"
                + storageId;
    }
}
