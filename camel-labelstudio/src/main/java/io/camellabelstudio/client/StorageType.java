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

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of storage Label Studio connects to, by the names its API uses. */
public enum StorageType {
    S3("s3", "bucket", false),
    /** S3 with an IAM role: Label Studio Enterprise only. */
    S3S("s3s", "bucket", true),
    GCS("gcs", "bucket", false),
    AZURE("azure", "container", false),
    REDIS("redis", "path", false),
    LOCALFILES("localfiles", "path", false);

    private final String apiName;
    private final String locationField;
    private final boolean enterpriseOnly;

    StorageType(String apiName, String locationField, boolean enterpriseOnly) {
        this.apiName = apiName;
        this.locationField = locationField;
        this.enterpriseOnly = enterpriseOnly;
    }

    /** The name in the API's paths, e.g. {@code s3}. */
    public String apiName() {
        return apiName;
    }

    /** The field naming where the data lives: {@code bucket}, {@code container} or {@code path}. */
    public String locationField() {
        return locationField;
    }

    public boolean enterpriseOnly() {
        return enterpriseOnly;
    }

    /** Resolves an API name (case-insensitive); an unknown one fails with the valid names. */
    public static StorageType of(String name) {
        for (StorageType type : values()) {
            if (type.apiName.equalsIgnoreCase(name == null ? "" : name.strip())) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown storage type '" + name + "'; valid types: "
                + Arrays.stream(values()).map(StorageType::apiName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return apiName.toLowerCase(Locale.ROOT);
    }
}
