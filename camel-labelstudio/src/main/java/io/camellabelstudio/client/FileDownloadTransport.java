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
import java.io.InputStream;

import io.camellabelstudio.client.http.ApiRequest;

/**
 * How {@link TaskFilesDownloader} fetches files from the Label Studio server itself: an authenticated GET through the
 * client's transport, whose answer body is streamed rather than read as JSON.
 */
@FunctionalInterface
public interface FileDownloadTransport {

    /**
     * Sends {@code request} (a GET, path relative to the base URL) with the client's {@code Authorization} header and,
     * for a 2xx answer, calls {@code body} with the open answer body before the answer is closed.
     *
     * @throws io.camellabelstudio.client.error.LabelStudioApiException for an answer of 300 or more; a redirect, not
     *     followed, as {@link io.camellabelstudio.client.error.LabelStudioRedirectException} with its target
     * @throws io.camellabelstudio.client.error.LabelStudioConnectionException when the server cannot be reached or
     *     the body cannot be read, including an {@link IOException} thrown by {@code body}; a
     *     {@link RuntimeException} thrown by {@code body} passes unchanged
     */
    void download(ApiRequest request, Body body);

    /** Reads the body of a successful answer. */
    @FunctionalInterface
    interface Body {

        /**
         * @param in the answer body, streamed from the connection
         * @param contentLength the announced length in bytes, or -1 when unknown
         */
        void read(InputStream in, long contentLength) throws IOException;
    }
}
