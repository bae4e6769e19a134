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
package io.camellabelstudio.examples.it;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;

/**
 * A throw-away local Google Cloud Storage emulator (gcp-storage-emulator, in memory, no credentials checked), started
 * by {@code scripts/gcs-server} and stopped on close. Get it through {@link GcsEmulatorExtension}.
 */
public final class GcsEmulator implements AutoCloseable {

    private static final EmulatorScript SCRIPT =
            new EmulatorScript("gcs-server", 10, "Python 3 with pip and venv (pip install gcp-storage-emulator)");

    private final Path envFile;
    private final String host;
    private final String projectId;

    private GcsEmulator(Path envFile, Properties env) {
        this.envFile = envFile;
        this.host = env.getProperty("STORAGE_EMULATOR_HOST");
        this.projectId = env.getProperty("GCS_PROJECT_ID", "test-project");
        if (host == null || host.isBlank()) {
            throw new IllegalStateException("The env file " + envFile + " has no STORAGE_EMULATOR_HOST");
        }
    }

    static GcsEmulator start() {
        Path envFile = Paths.get(System.getProperty("labelstudio.gcs.env.file", "target/labelstudio-it/gcs.env"))
                .toAbsolutePath();
        return new GcsEmulator(envFile, SCRIPT.start(envFile));
    }

    /** e.g. {@code http://127.0.0.1:PORT} */
    public String host() {
        return host;
    }

    public String projectId() {
        return projectId;
    }

    /**
     * A Cloud Storage client for this emulator, without credentials. The route's google-storage endpoints autowire it
     * when it is bound in the registry: google-storage has no host option of its own.
     */
    public Storage storage() {
        return StorageOptions.newBuilder()
                .setHost(host)
                .setProjectId(projectId)
                .setCredentials(NoCredentials.getInstance())
                .build()
                .getService();
    }

    @Override
    public void close() {
        SCRIPT.stop(envFile);
    }

    @Override
    public String toString() {
        return "GcsEmulator[" + host + "]";
    }
}
