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

import org.apache.camel.spi.Metadata;

/** The message headers of the Label Studio component. */
public final class LabelStudioConstants {

    @Metadata(
            label = "producer",
            description = "The operation to perform; overrides the operation option for this message.",
            javaType = "String")
    public static final String OPERATION = "CamelLabelStudioOperation";

    @Metadata(
            description = "The project id: in, overrides the projectId option; out, the id of the project a"
                    + " get, create or update returned.",
            javaType = "Long")
    public static final String PROJECT_ID = "CamelLabelStudioProjectId";

    @Metadata(
            label = "producer",
            description = "Out, on list operations: how many items the server reports for the whole listing, before"
                    + " maxResults is applied.",
            javaType = "Long")
    public static final String TOTAL = "CamelLabelStudioTotal";

    @Metadata(
            label = "producer",
            description = "Out, on validateConfig with a project: whether the config changes labels or data keys that"
                    + " existing tasks or annotations use.",
            javaType = "Boolean")
    public static final String CONFIG_ESSENTIAL_DATA_CHANGED = "CamelLabelStudioConfigEssentialDataChanged";

    private LabelStudioConstants() {}
}
