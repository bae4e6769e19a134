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
package io.camellabelstudio.component;

import org.junit.jupiter.api.BeforeEach;

import io.camellabelstudio.it.DevelopmentSmoke;
import io.camellabelstudio.it.LabelStudioServer;

/** The projects operations with a personal access token (refresh token exchanged for Bearer access tokens). */
@DevelopmentSmoke
class ProjectsPersonalAccessTokenIT extends AbstractProjectsIT {

    @Override
    protected String apiKey(LabelStudioServer server) {
        // Without personal access tokens (Label Studio before 1.17) every test skips below; Camel still starts, on the
        // legacy token. An assumption here, in @BeforeAll, would hide the tests and the reason from the reports.
        return server.personalAccessToken() != null ? server.personalAccessToken() : server.legacyToken();
    }

    @BeforeEach
    void needsPersonalAccessTokens(LabelStudioServer server) {
        server.assumeFeature(
                server.personalAccessToken() != null,
                "personal access tokens (none in LABEL_STUDIO_PAT; Label Studio has them since 1.17)");
    }
}
