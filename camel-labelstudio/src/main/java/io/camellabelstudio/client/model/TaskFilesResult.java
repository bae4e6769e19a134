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

import java.util.List;

/**
 * What {@link io.camellabelstudio.client.TaskFilesDownloader} did: the files it wrote and the references it could not
 * download, each in the order met (tasks in iteration order, fields in each data map's order).
 */
public record TaskFilesResult(List<DownloadedFile> downloaded, List<FileDownloadFailure> failed) {

    public TaskFilesResult {
        downloaded = List.copyOf(downloaded);
        failed = List.copyOf(failed);
    }

    /** True when every referenced file was downloaded. */
    public boolean complete() {
        return failed.isEmpty();
    }

    /** The total number of bytes written. */
    public long totalBytes() {
        return downloaded.stream().mapToLong(DownloadedFile::size).sum();
    }
}
