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

/**
 * The server answered with an HTTP error status. Carries the status code, the request's method and path and the
 * server's {@code detail}. Subclasses name the common cases; other statuses (405, 409, 413, ...) use this class.
 */
public class LabelStudioApiException extends LabelStudioException {

    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String method;
    private final String path;
    private final String detail;

    public LabelStudioApiException(int statusCode, String method, String path, String detail) {
        super(method + " " + path + " failed with HTTP " + statusCode + (detail == null ? "" : ": " + detail));
        this.statusCode = statusCode;
        this.method = method;
        this.path = path;
        this.detail = detail;
    }

    /** The HTTP status code the server answered with. */
    public int getStatusCode() {
        return statusCode;
    }

    /** The HTTP method of the failed request. */
    public String getMethod() {
        return method;
    }

    /** The path of the failed request, without query string. */
    public String getPath() {
        return path;
    }

    /** The server's {@code detail} message, or a short description of a non-JSON answer; may be null. */
    public String getDetail() {
        return detail;
    }
}
