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

import java.util.List;
import java.util.regex.Pattern;

/**
 * The paths Label Studio 1.23 serves task files from, the only paths of the server that {@link TaskFilesDownloader}
 * sends the API key to. A task's data is not trusted: a field holding {@code /api/current-user/token} must not make the
 * route fetch (and write to disk) what the key can read from the API.
 *
 * <ul>
 *   <li>{@code /data/upload/...}: uploaded files ({@code data_import/urls.py}, {@code data-upload});
 *   <li>{@code /data/local-files/?d=...}: local-files storages ({@code io_storages/urls.py}, {@code localfiles_data});
 *   <li>{@code /storage-data/uploaded/?filepath=...}: uploaded files through storage ({@code storage-data-upload});
 *   <li>{@code /tasks/<id>/resolve/}, {@code /projects/<id>/resolve/} and their older {@code presign/} spellings:
 *       cloud storage objects, proxied or redirected to a presigned URL ({@code task-storage-data-resolve} ...).
 * </ul>
 */
final class ServedFilePaths {

    /** Cloud storage objects: proxied, or redirected to a presigned URL when the storage presigns. */
    private static final Pattern STORAGE_RESOLVE = Pattern.compile("/(tasks|projects)/[0-9]+/(resolve|presign)/?");

    private static final List<Pattern> PATHS = List.of(
            Pattern.compile("/data/upload/[^?#]+"),
            Pattern.compile("/data/local-files/?"),
            Pattern.compile("/data/local-files/[^?#]+"),
            Pattern.compile("/storage-data/uploaded/?"),
            STORAGE_RESOLVE);

    /** The allowed paths, for messages. */
    static final String DESCRIPTION = "/data/upload/, /data/local-files/, /storage-data/uploaded/,"
            + " /tasks/<id>/resolve/ or /presign/, /projects/<id>/resolve/ or /presign/";

    private ServedFilePaths() {}

    /** Whether the decoded path (relative to the base URL, without query) is one Label Studio serves task files from. */
    static boolean isServedFile(String decodedPath) {
        return PATHS.stream().anyMatch(p -> p.matcher(decodedPath).matches());
    }

    /** Whether the decoded path is a cloud storage object's resolve (or presign) path. */
    static boolean isStorageResolvePath(String decodedPath) {
        return STORAGE_RESOLVE.matcher(decodedPath).matches();
    }
}
