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
package io.camellabelstudio.client.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file referenced by a task's data and written to disk.
 *
 * @param taskId the task whose data referenced the file
 * @param field the data field holding the reference (e.g. {@code image})
 * @param url where the file was fetched from, without user info, query string or fragment (presigned URLs carry
 *     their credentials in the query); for Label Studio's {@code /data/local-files/?d=...} the {@code d} parameter
 *     is kept, as it names the file
 * @param file the absolute path of the written file, inside the target directory
 * @param size the number of bytes written
 */
public record DownloadedFile(long taskId, String field, String url, Path file, long size) {

    public DownloadedFile {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(file, "file");
    }
}
