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

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Real-looking (unsigned-in-spirit) JWTs shaped like Label Studio's personal access and access tokens. */
final class TestJwts {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private TestJwts() {}

    /** A personal access token: a refresh JWT that expires far in the future. */
    static String personalAccessToken() {
        return jwt("refresh", Instant.parse("2100-01-01T00:00:00Z"));
    }

    /** An access JWT expiring at {@code exp}. */
    static String accessToken(Instant exp) {
        return jwt("access", exp);
    }

    static String jwt(String tokenType, Instant exp) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "HS256");
        header.put("typ", "JWT");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("token_type", tokenType);
        payload.put("exp", exp.getEpochSecond());
        payload.put("iat", exp.getEpochSecond() - 300);
        payload.put("jti", UUID.randomUUID().toString().replace("-", ""));
        payload.put("user_id", 1);
        byte[] signature = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        return part(header) + "." + part(payload) + "." + B64.encodeToString(signature);
    }

    private static String part(Map<String, Object> json) {
        try {
            return B64.encodeToString(MAPPER.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
