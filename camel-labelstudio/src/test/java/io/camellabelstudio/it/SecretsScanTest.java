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

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/secrets-scan}, which fails the build after the ITs when a secret reached their logs or reports, does
 * fail: secrets planted in a scratch directory are found, reported by file, line and kind, and never echoed.
 */
class SecretsScanTest {

    private static final String LEGACY_TOKEN = "7f3a9c0e1d2b4a6f8e0c1d2b3a4f5e6d7c8b9a0f";
    // shaped like Label Studio's tokens: base64url JSON header and payload, then a signature
    private static final String PAT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJ0b2tlbl90eXBlIjoicmVmcmVzaCIsImV4cCI6NDEwMjQ0NDgwMH0"
            + ".Qk9HVVNfU0lHTkFUVVJFX09GX1RIRV9QQVRfMDEyMzQ1";
    private static final String PAT_SIGNATURE = PAT.substring(PAT.lastIndexOf('.') + 1);
    private static final String UNRECORDED_ACCESS_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNzAwMDAwMDAwfQ"
            + ".c2lnbmF0dXJlLW9mLWFuLWFjY2Vzcy10b2tlbg";
    private static final String S3_SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";

    @TempDir
    Path dir;

    @Test
    void cleanLogsPass() throws Exception {
        Path secrets = ledger(LEGACY_TOKEN, PAT, S3_SECRET);
        write("test-logs/tests.log", "12:00:00 INFO GET /api/projects/1/ -> 200", "Authorization: Token xxxxxx");
        write("failsafe-reports/TEST-SomeIT.xml", "<testcase name=\"t\"/>");

        Scan scan = scan(secrets);

        assertThat(scan.exit).as(scan.output).isZero();
        assertThat(scan.output).contains("secrets-scan files=2 lines=3 secrets=4 hits=0");
    }

    @Test
    void plantedSecretsFailTheScanWithoutBeingShown() throws Exception {
        Path secrets = ledger(LEGACY_TOKEN, PAT, S3_SECRET);
        write("test-logs/tests.log", "fine", "12:00:00 DEBUG sending Authorization: Token " + LEGACY_TOKEN);
        write("failsafe-reports/TEST-SomeIT.xml", "<system-out>key " + S3_SECRET + "</system-out>");
        write("failsafe-reports/SomeIT-output.txt", "signature only: " + PAT_SIGNATURE);

        Scan scan = scan(secrets);

        assertThat(scan.exit).as(scan.output).isEqualTo(1);
        assertThat(scan.output)
                .contains("tests.log:2: legacyToken")
                .contains("TEST-SomeIT.xml:1: s3SecretKey")
                .contains("SomeIT-output.txt:1: personalAccessTokenSignature")
                .contains("secrets-scan files=3 lines=4 secrets=4 hits=3")
                .doesNotContain(LEGACY_TOKEN, S3_SECRET, PAT_SIGNATURE);
    }

    @Test
    void anyJwtFailsTheScanEvenWhenNobodyRecordedIt() throws Exception {
        Path secrets = ledger(LEGACY_TOKEN);
        write("test-logs/tests.log", "Bearer " + UNRECORDED_ACCESS_TOKEN);
        String header = UNRECORDED_ACCESS_TOKEN.substring(0, UNRECORDED_ACCESS_TOKEN.indexOf('.'));
        write("failsafe-reports/TEST-SomeIT.xml", "header alone: " + header);

        Scan scan = scan(secrets);

        assertThat(scan.exit).as(scan.output).isEqualTo(1);
        assertThat(scan.output)
                .contains("tests.log:1: jwt")
                .contains("TEST-SomeIT.xml:1: jwtHeader")
                .doesNotContain(UNRECORDED_ACCESS_TOKEN, header);
    }

    @Test
    void secretsHandedOutButNoLogsFoundFails() throws Exception {
        Scan scan = scan(ledger(LEGACY_TOKEN));

        assertThat(scan.exit).as(scan.output).isEqualTo(1);
        assertThat(scan.output).contains("files=0").contains("no log or report was found");
    }

    @Test
    void aSecretTooShortToSearchForIsRefused() throws Exception {
        Scan scan = scan(ledger("testing"));

        assertThat(scan.exit).as(scan.output).isEqualTo(2);
        assertThat(scan.output).contains("at least 8 characters");
    }

    private Path ledger(String... secrets) throws IOException {
        List<String> lines = new ArrayList<>();
        String[] kinds = {"legacyToken", "personalAccessToken", "s3SecretKey"};
        for (int i = 0; i < secrets.length; i++) {
            lines.add(kinds[i] + "\t" + secrets[i]);
        }
        return Files.write(dir.resolve("secrets.tsv"), lines);
    }

    private void write(String name, String... lines) throws IOException {
        Path file = dir.resolve("target").resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, List.of(lines));
    }

    private Scan scan(Path secrets) throws Exception {
        Path script = Paths.get(System.getProperty("labelstudio.scripts.dir", "../scripts"))
                .resolve("secrets-scan")
                .toAbsolutePath();
        Path target = dir.resolve("target");
        Process process = new ProcessBuilder(
                        "python3",
                        script.toString(),
                        "--secrets",
                        secrets.toString(),
                        target.resolve("test-logs").toString(),
                        target.resolve("failsafe-reports").toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Scan(process.exitValue(), output);
    }

    private record Scan(int exit, String output) {}
}
