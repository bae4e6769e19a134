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

/** How the API key is sent to Label Studio. */
public enum AuthScheme {

    /** Detect from the key: a JWT is a personal access token, anything else a legacy token. */
    AUTO,

    /** A legacy token, sent as {@code Authorization: Token <key>}. Needs legacy tokens enabled on Label Studio 1.17+. */
    LEGACY_TOKEN,

    /**
     * A personal access token (a JWT refresh token, Label Studio 1.17+): exchanged at {@code /api/token/refresh} for a
     * short-lived access token sent as {@code Authorization: Bearer <access>}.
     */
    PERSONAL_ACCESS_TOKEN;

    /** The name users write ({@code legacyToken}); Camel's catalog lists it and its enum conversion accepts it. */
    @Override
    public String toString() {
        return switch (this) {
            case AUTO -> "auto";
            case LEGACY_TOKEN -> "legacyToken";
            case PERSONAL_ACCESS_TOKEN -> "personalAccessToken";
        };
    }
}
