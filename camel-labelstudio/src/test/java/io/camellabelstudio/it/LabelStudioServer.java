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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A real Label Studio for integration tests: either the one named by {@code LABEL_STUDIO_URL} and
 * {@code LABEL_STUDIO_API_KEY} (plus optionally {@code LABEL_STUDIO_PAT}), or a local one started with
 * {@code scripts/labelstudio-server} and stopped by {@link #close()}.
 *
 * <p>A local server is started in the layout named by the system property {@code labelstudio.layout}: {@code
 * production} (the default: nginx → gunicorn → PostgreSQL, as Label Studio's official image runs it) or {@code
 * development} ({@code label-studio start}: Django's development server on SQLite). Each failsafe execution of the
 * build names its layout. nginx's access log goes to the file named by {@code labelstudio.access.log}, which the
 * build's request budget check reads.
 *
 * <p>A local server is started with SSRF protection off (so that S3 storages may point at the {@link S3Server} on
 * loopback) and with local-files serving on, rooted at {@link #localFilesRoot()}.
 */
public final class LabelStudioServer implements AutoCloseable {

    // first run: pip install + migrations
    private static final ServerScript SCRIPT = new ServerScript(
            "labelstudio-server",
            15,
            "The integration tests need a Label Studio server. Python 3 (3.10 or newer, with pip and venv) was not"
                    + " found on the PATH, so scripts/labelstudio-server cannot start one. Install Python 3 with pip"
                    + " and venv (Debian/Ubuntu: apt-get install python3 python3-venv python3-pip), or point the"
                    + " tests at an existing Label Studio by setting LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY (a"
                    + " legacy token), and optionally LABEL_STUDIO_PAT (a personal access token).",
            "To use an existing server instead, set LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY.");

    /** The layout of a server started by the tests. */
    public static final String PRODUCTION = "production";

    public static final String DEVELOPMENT = "development";

    private final String url;
    private final String legacyToken;
    private final String personalAccessToken;
    private final Path envFile; // null for an external server
    private final Path localFilesRoot;
    private final Properties env; // the env file's values, or the process environment for an external server

    private LabelStudioServer(
            String url,
            String legacyToken,
            String personalAccessToken,
            Path envFile,
            Path localFilesRoot,
            Properties env) {
        this.url = url;
        this.legacyToken = legacyToken;
        this.personalAccessToken = personalAccessToken;
        this.envFile = envFile;
        this.localFilesRoot = localFilesRoot;
        this.env = env;
    }

    /** The server from the environment if set, else a local one started now. */
    public static LabelStudioServer startOrConnect() {
        String url = System.getenv("LABEL_STUDIO_URL");
        String key = System.getenv("LABEL_STUDIO_API_KEY");
        if (url != null && !url.isBlank() && key != null && !key.isBlank()) {
            SecretsLedger.record("legacyToken", key);
            SecretsLedger.record("personalAccessToken", System.getenv("LABEL_STUDIO_PAT"));
            String root = System.getenv("LABEL_STUDIO_LOCAL_FILES_ROOT");
            Properties env = new Properties();
            System.getenv().forEach((k, v) -> {
                if (k.startsWith("LABEL_STUDIO_")) {
                    env.setProperty(k, v);
                }
            });
            return new LabelStudioServer(
                    url,
                    key,
                    System.getenv("LABEL_STUDIO_PAT"),
                    null,
                    root == null || root.isBlank() ? null : Paths.get(root).toAbsolutePath(),
                    env);
        }
        return start();
    }

    private static LabelStudioServer start() {
        Path envFile = Paths.get(System.getProperty("labelstudio.env.file", "target/labelstudio-it/labelstudio.env"))
                .toAbsolutePath();
        Path localFilesRoot = Paths.get(
                        System.getProperty("labelstudio.local.files.root", "target/labelstudio-it/local-files"))
                .toAbsolutePath()
                .normalize();
        try {
            Files.createDirectories(localFilesRoot);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the local-files root " + localFilesRoot, e);
        }
        String layout = System.getProperty("labelstudio.layout", PRODUCTION);
        String accessLog = System.getProperty("labelstudio.access.log", "target/labelstudio-it/nginx-access.log");
        // a server left behind by a crashed earlier run blocks a new start: end it first (no-op when none runs)
        SCRIPT.run("stop", envFile, Map.of());
        SCRIPT.run(
                "start",
                envFile,
                withVersion(Map.of(
                        "LABEL_STUDIO_LAYOUT",
                        layout,
                        "LABEL_STUDIO_ACCESS_LOG",
                        Paths.get(accessLog).toAbsolutePath().toString(),
                        // Test server only: Label Studio's SSRF protection rejects storage endpoints that resolve to
                        // loopback/private addresses ("URL resolves to a reserved network address"), and the S3
                        // stand-in (S3Server, moto) listens on 127.0.0.1. Never turn this off on a real server.
                        "SSRF_PROTECTION_ENABLED",
                        "false",
                        // local-files storages: their paths must be subdirectories of this root
                        "LOCAL_FILES_SERVING_ENABLED",
                        "true",
                        "LOCAL_FILES_DOCUMENT_ROOT",
                        localFilesRoot.toString())));
        Properties env = readEnvFile(envFile);
        SecretsLedger.record("legacyToken", env.getProperty("LABEL_STUDIO_LEGACY_TOKEN"));
        SecretsLedger.record("legacyToken", env.getProperty("LABEL_STUDIO_API_KEY"));
        SecretsLedger.record("personalAccessToken", env.getProperty("LABEL_STUDIO_PAT"));
        SecretsLedger.record("adminPassword", env.getProperty("LABEL_STUDIO_PASSWORD"));
        return new LabelStudioServer(
                env.getProperty("LABEL_STUDIO_URL"),
                env.getProperty("LABEL_STUDIO_LEGACY_TOKEN", env.getProperty("LABEL_STUDIO_API_KEY")),
                env.getProperty("LABEL_STUDIO_PAT"),
                envFile,
                localFilesRoot,
                env);
    }

    /**
     * Adds {@code LABEL_STUDIO_VERSION} from the system property {@code labelstudio.version} (the Label Studio release
     * from PyPI; scripts/compat runs the ITs on others); unset or empty: the script's default.
     */
    private static Map<String, String> withVersion(Map<String, String> env) {
        String version = System.getProperty("labelstudio.version", "").trim();
        if (version.isEmpty()) {
            return env;
        }
        Map<String, String> withVersion = new HashMap<>(env);
        withVersion.put("LABEL_STUDIO_VERSION", version);
        return withVersion;
    }

    /**
     * The server's layout: {@link #PRODUCTION} or {@link #DEVELOPMENT} for a server the tests started; for an external
     * one, the environment variable {@code LABEL_STUDIO_LAYOUT}, or "external" when unset.
     */
    public String layout() {
        return env.getProperty("LABEL_STUDIO_LAYOUT", "external");
    }

    /** True for a server in the production layout (nginx → gunicorn → PostgreSQL). */
    public boolean isProduction() {
        return PRODUCTION.equals(layout());
    }

    /**
     * A value of the server's env file (see {@code scripts/labelstudio-server --help}), e.g. {@code
     * LABEL_STUDIO_PG_PORT}; for an external server, the environment variable of that name. Null when unset.
     */
    public String env(String key) {
        return env.getProperty(key);
    }

    public String url() {
        return url;
    }

    /** The legacy token ({@code Authorization: Token}). */
    public String legacyToken() {
        return legacyToken;
    }

    /**
     * The personal access token (a JWT), or null when the server has none: an external server given without one, or a
     * Label Studio older than 1.17 (scripts/labelstudio-server then writes no LABEL_STUDIO_PAT).
     */
    public String personalAccessToken() {
        return personalAccessToken;
    }

    /** The Label Studio release ({@code LABEL_STUDIO_VERSION} of the env file or environment), or "unknown". */
    public String version() {
        return env.getProperty("LABEL_STUDIO_VERSION", "unknown");
    }

    /**
     * Skips the calling test, naming this server's version and the feature, when the server lacks the feature. The only
     * reason a test may skip on an older Label Studio (docs/compatibility.md).
     */
    public void assumeFeature(boolean present, String feature) {
        if (!present) {
            String reason = "this Label Studio (" + version() + ") has no " + feature;
            // printed too: failsafe's XML report keeps no message for a test aborted by an assumption
            System.out.println("skipped: " + reason);
            org.junit.jupiter.api.Assumptions.abort(reason);
        }
    }

    /**
     * The server's {@code LOCAL_FILES_DOCUMENT_ROOT}: local-files storages may use subdirectories of it. For an external
     * server, the directory named by {@code LABEL_STUDIO_LOCAL_FILES_ROOT}, or null when that is not set.
     */
    public Path localFilesRoot() {
        return localFilesRoot;
    }

    @Override
    public void close() {
        if (envFile != null) {
            SCRIPT.run("stop", envFile, Map.of());
            keepServerLogs();
        }
    }

    /** The env file's log variables, copied after a stop (the scripts keep the files until the next start). */
    private static final List<String> LOG_VARIABLES =
            List.of("LABEL_STUDIO_SERVER_LOG", "LABEL_STUDIO_NGINX_ERROR_LOG", "LABEL_STUDIO_PG_LOG");

    /**
     * Copies the server's logs (Label Studio's, nginx's error log, PostgreSQL's) into the directory named by the
     * system property {@code labelstudio.server.logs} (default {@code target/labelstudio-it/server-logs}), where the
     * build's secrets scan reads them. Each stop adds files named after the env file, the layout and the time, so the
     * executions of one build (which share an env file) keep each other's.
     */
    private void keepServerLogs() {
        Path target = Paths.get(System.getProperty("labelstudio.server.logs", "target/labelstudio-it/server-logs"))
                .toAbsolutePath();
        String stem = envFile.getFileName().toString().replaceFirst("\\.env$", "") + "-" + layout() + "-"
                + java.time.LocalDateTime.now()
                        .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        try {
            Files.createDirectories(target);
            for (String variable : LOG_VARIABLES) {
                String source = env.getProperty(variable);
                if (source != null && Files.isRegularFile(Path.of(source))) {
                    String name = variable.substring("LABEL_STUDIO_".length())
                            .toLowerCase(java.util.Locale.ROOT)
                            .replace('_', '-');
                    Files.copy(
                            Path.of(source),
                            target.resolve(stem + "-" + name + ".log"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the server's logs to " + target + " for the secrets scan", e);
        }
    }

    private static Properties readEnvFile(Path envFile) {
        Properties env = new Properties();
        try (InputStream in = Files.newInputStream(envFile)) {
            env.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the server's env file " + envFile, e);
        }
        if (env.getProperty("LABEL_STUDIO_URL") == null) {
            throw new IllegalStateException("The env file " + envFile + " has no LABEL_STUDIO_URL");
        }
        return env;
    }

    @Override
    public String toString() {
        return "LabelStudioServer[" + url + ", " + layout() + "]";
    }
}
