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

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;

import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.http.ApiTransport;
import io.camellabelstudio.client.http.Json;

/** Project members — Label Studio Enterprise only; on Community they fail with a clear EnterpriseOnlyException. */
public final class MembersApi {

    private static final JavaType LIST =
            Json.mapper().getTypeFactory().constructType(new TypeReference<List<Map<String, Object>>>() {});

    private final ApiTransport transport;
    private final EditionGuard edition;

    MembersApi(ApiTransport transport, EditionGuard edition) {
        this.transport = transport;
        this.edition = edition;
    }

    /** The project's members (user objects). */
    public List<Map<String, Object>> list(long projectId) {
        edition.requireEnterprise("listMembers");
        List<Map<String, Object>> members =
                transport.execute(ApiRequest.get("/api/projects/" + projectId + "/members/"), LIST);
        return members == null ? List.of() : members;
    }

    /** Adds a user to the project; answers the server's member record. */
    public Map<String, Object> add(long projectId, long userId) {
        edition.requireEnterprise("addMember");
        return transport.execute(
                ApiRequest.post("/api/projects/" + projectId + "/members/", Map.of("user", userId)),
                Json.mapper().getTypeFactory().constructMapType(Map.class, String.class, Object.class));
    }
}
