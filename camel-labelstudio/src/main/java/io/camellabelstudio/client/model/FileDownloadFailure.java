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

import java.util.Objects;

/**
 * A file referenced by a task's data that could not be downloaded (answer 4xx/5xx, host unknown or unreachable,
 * broken connection, invalid URL). Nothing is left on disk for it.
 *
 * @param taskId the task whose data referenced the file
 * @param field the data field holding the reference
 * @param url the reference, without user info, query string or fragment (see {@link DownloadedFile#url()})
 * @param statusCode the HTTP status of the failing answer; null when there was no HTTP answer
 * @param reason why the download failed, for people
 */
public record FileDownloadFailure(long taskId, String field, String url, Integer statusCode, String reason) {

    public FileDownloadFailure {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(reason, "reason");
    }
}
