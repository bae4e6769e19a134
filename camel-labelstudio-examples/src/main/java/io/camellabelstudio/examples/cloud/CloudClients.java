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
package io.camellabelstudio.examples.cloud;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;

/**
 * Builds the Cloud Storage client of the gcs-to-tasks route from properties, so that the same route runs against
 * Google Cloud and against a local emulator (gcp-storage-emulator). The route binds it as bean {@code gcsStorageClient}.
 *
 * <p>With {@link GcsObjects}, the Java the example routes still use: the google-storage component has no option for an emulator's
 * host, and the client needs credentials chosen by whether a host is set (none for an emulator, a key file or
 * Application Default Credentials for Google Cloud), which YAML beans cannot express. The route logic itself (event
 * parsing, task bodies, flattening) is in the component's data-type transformers. Key files are never logged; errors
 * name the property, not its value.
 */
public final class CloudClients {

    private CloudClients() {}

    /**
     * A Cloud Storage client.
     *
     * @param host            empty for Google Cloud Storage itself; else the URL of an emulator such as
     *                        {@code http://127.0.0.1:9023}, which is used without credentials
     * @param projectId       the Google Cloud project id; empty: the default of the environment
     * @param credentialsFile a service account key JSON file; empty: Application Default Credentials (ignored for an
     *                        emulator)
     */
    public static Storage googleStorage(String host, String projectId, String credentialsFile) {
        StorageOptions.Builder options = StorageOptions.newBuilder();
        if (!isBlank(projectId)) {
            options.setProjectId(projectId.trim());
        }
        if (!isBlank(host)) {
            options.setHost(host.trim()).setCredentials(NoCredentials.getInstance());
        } else if (!isBlank(credentialsFile)) {
            try (InputStream in = new FileInputStream(credentialsFile.trim())) {
                options.setCredentials(GoogleCredentials.fromStream(in));
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "Cannot read the GCS service account key file named by demo.gcs.credentials-file", e);
            }
        }
        return options.build().getService();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
