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
package io.camellabelstudio.client.error;

import java.net.URI;

/**
 * The server answered a request with a redirect (3xx), which the client does not follow with its
 * {@code Authorization} header. The message names the target without its query (a presigned URL carries its signature
 * there); {@link #getLocation()} holds the whole target for a caller that may follow it without the key, such as the
 * task file download following Label Studio's redirect to a presigned storage URL.
 */
public class LabelStudioRedirectException extends LabelStudioApiException {

    private static final long serialVersionUID = 1L;

    /** Transient: the target may carry a signature, and an exception can travel further than its message. */
    private final transient URI location;

    public LabelStudioRedirectException(int statusCode, String method, String path, String detail, URI location) {
        super(statusCode, method, path, detail);
        this.location = location;
    }

    /** The redirect's target, resolved against the request's URL; null when the Location was missing or invalid. */
    public URI getLocation() {
        return location;
    }
}
