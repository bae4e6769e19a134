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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;

/**
 * An S3-compatible server for integration tests of S3 storages: either the one named by {@code S3_ENDPOINT_URL} (with
 * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_REGION}, defaulting to
 * {@code testing}/{@code testing}/{@code us-east-1}), or a local in-memory moto server started with
 * {@code scripts/s3-server} and stopped by {@link #close()}.
 *
 * <p>A local one listens on 127.0.0.1, which the {@link LabelStudioServer} started by the tests accepts as an
 * {@code s3_endpoint} because it runs with SSRF protection off.
 */
public final class S3Server implements AutoCloseable {

    // first run: pip install moto[server]
    private static final ServerScript SCRIPT = new ServerScript(
            "s3-server",
            10,
            "The S3 integration tests need an S3-compatible server. Python 3 (with pip and venv) was not found on the"
                    + " PATH, so scripts/s3-server cannot start one. Install it, or point the tests at an existing"
                    + " server by setting S3_ENDPOINT_URL (and AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION).",
            "To use an existing server instead, set S3_ENDPOINT_URL.");

    private final String endpoint;
    private final String accessKey;
    private final String secretKey;
    private final String region;
    private final Path envFile;

    private S3Server(String endpoint, String accessKey, String secretKey, String region, Path envFile) {
        SecretsLedger.record("s3AccessKey", accessKey);
        SecretsLedger.record("s3SecretKey", secretKey);
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.region = region;
        this.envFile = envFile;
    }

    /** The server from the environment if {@code S3_ENDPOINT_URL} is set, else a local one started now. */
    public static S3Server startOrConnect() {
        String endpoint = System.getenv("S3_ENDPOINT_URL");
        if (endpoint != null && !endpoint.isBlank()) {
            return new S3Server(
                    stripSlash(endpoint),
                    envOr("AWS_ACCESS_KEY_ID", "testing"),
                    envOr("AWS_SECRET_ACCESS_KEY", "testing"),
                    envOr("AWS_REGION", "us-east-1"),
                    null);
        }
        return start();
    }

    private static S3Server start() {
        Path envFile = Paths.get(System.getProperty("labelstudio.s3.env.file", "target/labelstudio-it/s3.env"))
                .toAbsolutePath();
        return start(envFile, Map.of());
    }

    /**
     * A second, local S3 server that checks credentials: moto then knows no access key at all, so every request with
     * the usual test credentials is refused with InvalidAccessKeyId. For tests of bad credentials; close it after.
     */
    public static S3Server startRejectingAllCredentials() {
        Path envFile = Paths.get(System.getProperty("labelstudio.s3.env.file", "target/labelstudio-it/s3.env"))
                .toAbsolutePath()
                .resolveSibling("s3-auth.env");
        return start(envFile, Map.of("INITIAL_NO_AUTH_ACTION_COUNT", "0"));
    }

    private static S3Server start(Path envFile, Map<String, String> extraEnv) {
        // a server left behind by a crashed earlier run blocks a new start: end it first (no-op when none runs)
        SCRIPT.run("stop", envFile, Map.of());
        SCRIPT.run("start", envFile, extraEnv);
        Properties env = new Properties();
        try (InputStream in = Files.newInputStream(envFile)) {
            env.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the S3 server's env file " + envFile, e);
        }
        String endpoint = env.getProperty("S3_ENDPOINT_URL");
        if (endpoint == null) {
            throw new IllegalStateException("The env file " + envFile + " has no S3_ENDPOINT_URL");
        }
        return new S3Server(
                stripSlash(endpoint),
                env.getProperty("AWS_ACCESS_KEY_ID", "testing"),
                env.getProperty("AWS_SECRET_ACCESS_KEY", "testing"),
                env.getProperty("AWS_REGION", "us-east-1"),
                envFile);
    }

    /** The endpoint URL, e.g. {@code http://127.0.0.1:PORT} (path-style addressing), without a trailing slash. */
    public String endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public String region() {
        return region;
    }

    @Override
    public void close() {
        if (envFile != null) {
            SCRIPT.run("stop", envFile, Map.of());
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "S3Server[" + endpoint + "]";
    }
}
