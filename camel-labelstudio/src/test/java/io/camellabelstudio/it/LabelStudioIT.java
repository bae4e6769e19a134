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
package io.camellabelstudio.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the integration tests that share one {@link CamelLabelStudio} per class: a CamelContext connected to the
 * real test server, and a client to check the server's state; the projects it created are deleted after the class.
 */
@ExtendWith(LabelStudioServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LabelStudioIT {

    protected CamelLabelStudio ls;

    @BeforeAll
    void connect(LabelStudioServer server) {
        ls = new CamelLabelStudio(server);
    }

    @AfterAll
    void disconnect() {
        if (ls != null) {
            ls.close();
        }
    }
}
