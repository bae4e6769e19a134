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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;

/**
 * Builds the storage clients of the Azure and GCS example routes from properties, so that the same route runs
 * against the cloud and against a local emulator (Azurite, gcp-storage-emulator). The routes bind them as beans
 * ({@code azureBlobServiceClient}, {@code azureQueueServiceClient}, {@code gcsStorageClient}).
 *
 * <p>Secrets (connection strings, key files) are passed through and never logged; error messages name the property,
 * not its value.
 */
public final class CloudClients {

    private static final Logger LOG = LoggerFactory.getLogger(CloudClients.class);

    private CloudClients() {}

    /**
     * A Blob service client from an Azure Storage connection string (property {@code demo.azure.connection-string}),
     * e.g. the account's connection string from the portal, or one with {@code BlobEndpoint=} for Azurite; blank:
     * local development storage.
     */
    public static BlobServiceClient azureBlobServiceClient(String connectionString) {
        return new BlobServiceClientBuilder()
                .connectionString(connectionStringOrDevelopmentStorage(connectionString))
                .buildClient();
    }

    /**
     * A Queue service client from an Azure Storage connection string. Messages are read as they are stored (no
     * Base64 decoding by the SDK): {@link BlobCreatedEvent#parse(String)} accepts both forms.
     */
    public static QueueServiceClient azureQueueServiceClient(String connectionString) {
        return new QueueServiceClientBuilder()
                .connectionString(connectionStringOrDevelopmentStorage(connectionString))
                .buildClient();
    }

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

    /**
     * The connection string, or Azure's development storage (Azurite on its default ports 10000/10001) when none is
     * set: the clients are only built then, not used, since the route does not start unless {@code demo.azure.enabled}
     * is true, so the route file loads without Azure configuration.
     */
    private static String connectionStringOrDevelopmentStorage(String connectionString) {
        if (isBlank(connectionString)) {
            LOG.debug("demo.azure.connection-string is not set: the Azure clients point at local development storage");
            return "UseDevelopmentStorage=true";
        }
        return connectionString.trim();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
