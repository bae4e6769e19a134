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

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The server rejected the request's content (HTTP 400), for example an invalid label config. {@link #getFieldErrors()}
 * holds the server's {@code validation_errors}: field name to messages.
 */
public class ValidationException extends LabelStudioApiException {

    private static final long serialVersionUID = 1L;

    private final transient Map<String, List<String>> fieldErrors;

    public ValidationException(
            int statusCode, String method, String path, String detail, Map<String, List<String>> fieldErrors) {
        super(statusCode, method, path, detail);
        this.fieldErrors = fieldErrors == null ? Map.of() : Collections.unmodifiableMap(fieldErrors);
    }

    /** The server's field errors: field name to messages; empty when the server sent none. */
    public Map<String, List<String>> getFieldErrors() {
        return fieldErrors;
    }
}
