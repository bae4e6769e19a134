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

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The Label Studio resources an endpoint can address: the {@code resource} path of {@code labelstudio:resource}. */
public enum LabelStudioResource {
    PROJECTS(
            LabelStudioOperation.LIST,
            LabelStudioOperation.GET,
            LabelStudioOperation.CREATE,
            LabelStudioOperation.UPDATE,
            LabelStudioOperation.DELETE,
            LabelStudioOperation.VALIDATE_CONFIG,
            LabelStudioOperation.PARSE_CONFIG,
            LabelStudioOperation.LIST_MODEL_VERSIONS,
            LabelStudioOperation.PREDICTIONS_COVERAGE,
            LabelStudioOperation.LIST_MEMBERS,
            LabelStudioOperation.ADD_MEMBER),
    TASKS(
            LabelStudioOperation.IMPORT,
            LabelStudioOperation.LIST,
            LabelStudioOperation.GET,
            LabelStudioOperation.UPDATE,
            LabelStudioOperation.DELETE,
            LabelStudioOperation.DELETE_MANY,
            LabelStudioOperation.DELETE_ALL,
            LabelStudioOperation.DOWNLOAD_FILES,
            LabelStudioOperation.ASSIGN_ANNOTATORS,
            LabelStudioOperation.ASSIGN_REVIEWERS,
            LabelStudioOperation.UNASSIGN_ANNOTATORS,
            LabelStudioOperation.UNASSIGN_REVIEWERS,
            LabelStudioOperation.ASSIGN_ANNOTATORS_BY_SAMPLING,
            LabelStudioOperation.ASSIGN_REVIEWERS_BY_SAMPLING),
    ANNOTATIONS(
            LabelStudioOperation.LIST,
            LabelStudioOperation.GET,
            LabelStudioOperation.CREATE,
            LabelStudioOperation.UPDATE,
            LabelStudioOperation.DELETE,
            LabelStudioOperation.CREATE_FROM_PREDICTIONS),
    PREDICTIONS(
            LabelStudioOperation.CREATE,
            LabelStudioOperation.CREATE_MANY,
            LabelStudioOperation.LIST,
            LabelStudioOperation.GET,
            LabelStudioOperation.UPDATE,
            LabelStudioOperation.DELETE),
    EXPORTS(
            LabelStudioOperation.EXPORT,
            LabelStudioOperation.RUN,
            LabelStudioOperation.LIST,
            LabelStudioOperation.CREATE,
            LabelStudioOperation.STATUS,
            LabelStudioOperation.DOWNLOAD,
            LabelStudioOperation.DELETE,
            LabelStudioOperation.FORMATS),
    STORAGES(
            LabelStudioOperation.CREATE,
            LabelStudioOperation.LIST,
            LabelStudioOperation.GET,
            LabelStudioOperation.UPDATE,
            LabelStudioOperation.DELETE,
            LabelStudioOperation.VALIDATE,
            LabelStudioOperation.SYNC),
    VIEWS(
            LabelStudioOperation.LIST,
            LabelStudioOperation.GET,
            LabelStudioOperation.CREATE,
            LabelStudioOperation.UPDATE,
            LabelStudioOperation.DELETE),
    WEBHOOKS(
            LabelStudioOperation.LIST,
            LabelStudioOperation.GET,
            LabelStudioOperation.CREATE,
            LabelStudioOperation.UPDATE,
            LabelStudioOperation.DELETE);

    private final List<LabelStudioOperation> operations;

    LabelStudioResource(LabelStudioOperation... operations) {
        this.operations = List.of(operations);
    }

    /** The name used in URIs, e.g. {@code projects}. */
    public String uriName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The producer operations this resource supports. */
    public List<LabelStudioOperation> operations() {
        return operations;
    }

    /** Resolves the URI name; an unknown name fails with the valid ones. */
    public static LabelStudioResource fromUriName(String name) {
        for (LabelStudioResource resource : values()) {
            if (resource.uriName().equals(name)) {
                return resource;
            }
        }
        throw new IllegalArgumentException("Unknown Label Studio resource '" + name + "' in labelstudio:" + name
                + "; valid resources: " + names());
    }

    /** The operation, when this resource supports it; else fails with the ones it supports. */
    public LabelStudioOperation supported(LabelStudioOperation operation) {
        if (!operations.contains(operation)) {
            throw new IllegalArgumentException("Operation '" + operation + "' is not supported by labelstudio:"
                    + uriName() + "; valid operations: " + operationNames());
        }
        return operation;
    }

    public String operationNames() {
        return operations.stream().map(LabelStudioOperation::uriName).collect(Collectors.joining(", "));
    }

    static String names() {
        return Arrays.stream(values()).map(LabelStudioResource::uriName).collect(Collectors.joining(", "));
    }
}
