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

import io.camellabelstudio.it.SecretsLedger;

/**
 * A throw-away local Azure Storage emulator (Azurite: Blob and Queue services, the well-known development account),
 * started by {@code scripts/azurite-server} and stopped on close. Get it through {@link AzuriteExtension}.
 */
public final class Azurite implements AutoCloseable {

    private static final EmulatorScript SCRIPT =
            new EmulatorScript("azurite-server", 10, "Python 3, Node.js and npm (npm install azurite)");

    private final Path envFile;
    private final String blobEndpoint;
    private final String queueEndpoint;
    private final String accountName;
    private final String accountKey;

    private Azurite(Path envFile, Properties env) {
        this.envFile = envFile;
        this.blobEndpoint = require(env, "AZURITE_BLOB_ENDPOINT");
        this.queueEndpoint = require(env, "AZURITE_QUEUE_ENDPOINT");
        this.accountName = require(env, "AZURITE_ACCOUNT_NAME");
        this.accountKey = require(env, "AZURITE_ACCOUNT_KEY");
        // public, but a storage secret in form: the secrets scan checks that the example ITs never log it
        SecretsLedger.record("azureAccountKey", accountKey);
    }

    static Azurite start() {
        Path envFile = Paths.get(
                        System.getProperty("labelstudio.azurite.env.file", "target/labelstudio-it/azurite.env"))
                .toAbsolutePath();
        return new Azurite(envFile, SCRIPT.start(envFile));
    }

    private static String require(Properties env, String key) {
        String value = env.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("The env file of scripts/azurite-server has no " + key);
        }
        return value;
    }

    /** e.g. {@code http://127.0.0.1:PORT/devstoreaccount1} */
    public String blobEndpoint() {
        return blobEndpoint;
    }

    public String queueEndpoint() {
        return queueEndpoint;
    }

    public String accountName() {
        return accountName;
    }

    /** An Azure Storage connection string with the emulator's endpoints (holds the account key: do not log it). */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + accountName + ";AccountKey=" + accountKey
                + ";BlobEndpoint=" + blobEndpoint + ";QueueEndpoint=" + queueEndpoint + ";";
    }

    @Override
    public void close() {
        SCRIPT.stop(envFile);
    }

    @Override
    public String toString() {
        return "Azurite[blob " + blobEndpoint + ", queue " + queueEndpoint + "]";
    }
}
