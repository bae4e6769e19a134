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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * Every secret the test helpers hand out (tokens, passwords, storage keys), appended to a file under {@code target/}
 * that {@code scripts/secrets-scan} reads after the integration tests to prove that none of them reached a log line,
 * the test output or an exception report. The servers' own env files are deleted when they stop, so the secrets are
 * kept here; the file is only ever appended to, so secrets of earlier runs are still looked for in logs that survived
 * them.
 */
public final class SecretsLedger {

    private SecretsLedger() {}

    /** Records a secret of the given kind (e.g. legacyToken); null and blank values are skipped. */
    public static synchronized void record(String kind, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        if (kind.contains("\t") || value.contains("\t") || value.contains("\n")) {
            throw new IllegalArgumentException("A secret kind or value with a tab or newline cannot be recorded");
        }
        Path file = file();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    kind + "\t" + value + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record a secret in " + file, e);
        }
    }

    static Path file() {
        return Paths.get(System.getProperty("labelstudio.secrets.file", "target/secrets-scan/secrets.tsv"))
                .toAbsolutePath();
    }
}
