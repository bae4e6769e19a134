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

/** Producer operations, by the names used in the {@code operation} option and header. */
public enum LabelStudioOperation {
    LIST("list"),
    GET("get"),
    CREATE("create"),
    UPDATE("update"),
    DELETE("delete"),
    VALIDATE_CONFIG("validateConfig"),
    IMPORT("import"),
    DELETE_MANY("deleteMany"),
    DELETE_ALL("deleteAll"),
    DOWNLOAD_FILES("downloadFiles"),
    ASSIGN_ANNOTATORS("assignAnnotators"),
    ASSIGN_REVIEWERS("assignReviewers"),
    UNASSIGN_ANNOTATORS("unassignAnnotators"),
    UNASSIGN_REVIEWERS("unassignReviewers"),
    ASSIGN_ANNOTATORS_BY_SAMPLING("assignAnnotatorsBySampling"),
    ASSIGN_REVIEWERS_BY_SAMPLING("assignReviewersBySampling"),
    PARSE_CONFIG("parseConfig"),
    LIST_MODEL_VERSIONS("listModelVersions"),
    PREDICTIONS_COVERAGE("predictionsCoverage"),
    LIST_MEMBERS("listMembers"),
    ADD_MEMBER("addMember"),
    CREATE_FROM_PREDICTIONS("createFromPredictions"),
    CREATE_MANY("createMany"),
    EXPORT("export"),
    RUN("run"),
    STATUS("status"),
    DOWNLOAD("download"),
    FORMATS("formats"),
    VALIDATE("validate"),
    SYNC("sync");

    private final String uriName;

    LabelStudioOperation(String uriName) {
        this.uriName = uriName;
    }

    /** The name used in URIs and headers, e.g. {@code validateConfig}. */
    public String uriName() {
        return uriName;
    }

    /** The URI name: Camel's catalog lists it, and Camel's enum conversion accepts it ({@code deleteMany}). */
    @Override
    public String toString() {
        return uriName;
    }
}
