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
package io.camellabelstudio.client.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the parts of a JWT the client needs (its shape and its {@code exp}); signatures are the server's business. */
public final class Jwt {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Jwt() {}

    /** Whether the value is a JWT (three base64url parts whose header is a JSON object with {@code alg}). */
    public static boolean isJwt(String value) {
        if (value == null || !SHAPE.matcher(value).matches()) {
            return false;
        }
        JsonNode header = decodePart(value, 0);
        return header != null && header.has("alg");
    }

    /** The {@code exp} claim, or null when the token has none or cannot be read. */
    public static Instant expiry(String token) {
        JsonNode payload = decodePart(token, 1);
        if (payload == null || !payload.path("exp").canConvertToLong()) {
            return null;
        }
        return Instant.ofEpochSecond(payload.get("exp").asLong());
    }

    private static JsonNode decodePart(String token, int index) {
        String[] parts = token.split("\\.");
        if (parts.length <= index) {
            return null;
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(parts[index]);
            JsonNode node = MAPPER.readTree(new String(json, StandardCharsets.UTF_8));
            return node != null && node.isObject() ? node : null;
        } catch (IllegalArgumentException | java.io.IOException e) {
            return null;
        }
    }
}
