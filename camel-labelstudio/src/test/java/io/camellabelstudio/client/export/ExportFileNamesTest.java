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
package io.camellabelstudio.client.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Safe file names from hostile or odd Content-Disposition headers, and where downloads are written. */
class ExportFileNamesTest {

    private static final String FALLBACK = "project-1.json";
    private static final String SAFE = "[\\p{L}\\p{Nd}][\\p{L}\\p{Nd}._-]*";

    @TempDir
    Path dir;

    static Stream<Arguments> headers() {
        String longName = "a".repeat(500) + ".json";
        return Stream.of(
                // the real server's answer
                Arguments.of(
                        "attachment; filename=\"project-1-at-2026-11-28-13-43-83f855d2.json\"",
                        "project-1-at-2026-11-28-13-43-83f855d2.json"),
                // path traversal, Unix and Windows style, quoted and not
                Arguments.of("attachment; filename=\"../../x\"", "x"),
                Arguments.of("attachment; filename=../../x", "x"),
                Arguments.of("attachment; filename=\"/etc/passwd\"", "passwd"),
                Arguments.of("attachment; filename=/etc/passwd", "passwd"),
                Arguments.of("attachment; filename=..\\..\\windows", "windows"),
                Arguments.of("attachment; filename=\"..\\\\..\\\\windows\"", "windows"),
                // backslashes in a quoted string escape the next character (RFC 6266): no separators are left
                Arguments.of("attachment; filename=\"..\\..\\windows\\system32\\x.dll\"", "windowssystem32x.dll"),
                Arguments.of("attachment; filename=\"C:\\\\Windows\\\\evil.csv\"", "evil.csv"),
                Arguments.of("attachment; filename=\"/tmp/../../etc/cron.d/job\"", "job"),
                // escaped quotes inside a quoted name
                Arguments.of("attachment; filename=\"a \\\"quoted\\\" name.csv\"", "a_quoted_name.csv"),
                Arguments.of("attachment; filename=\"\\\"../../x\\\"\"", "x"),
                // empty and only dots: the fallback
                Arguments.of("attachment; filename=\"\"", FALLBACK),
                Arguments.of("attachment; filename=", FALLBACK),
                Arguments.of("attachment; filename=\".\"", FALLBACK),
                Arguments.of("attachment; filename=\"..\"", FALLBACK),
                Arguments.of("attachment; filename=\"....\"", FALLBACK),
                Arguments.of("attachment; filename=\"../..\"", FALLBACK),
                Arguments.of("attachment; filename=\"/\"", FALLBACK),
                Arguments.of("attachment; filename=\"___\"", FALLBACK),
                Arguments.of("attachment; filename=\"%%%\"", FALLBACK),
                // RFC 5987 extended names, alone, quoted, ISO-8859-1, and preferred over the plain one
                Arguments.of("attachment; filename*=UTF-8''%E2%82%AC%20rates.csv", "rates.csv"),
                Arguments.of("attachment; filename*=UTF-8''report%202026.csv", "report_2026.csv"),
                Arguments.of("attachment; filename*=\"UTF-8''quoted.csv\"", "quoted.csv"),
                Arguments.of("attachment; filename*=iso-8859-1'en'caf%E9.csv", "café.csv"),
                Arguments.of("attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd", "passwd"),
                Arguments.of("attachment; filename*=UTF-8''..%5C..%5Cwin.ini", "win.ini"),
                Arguments.of("attachment; filename*=UTF-8''a%2Bb.csv", "a_b.csv"),
                Arguments.of("attachment; filename=\"plain.csv\"; filename*=UTF-8''%E2%82%AC%20rates.csv", "rates.csv"),
                Arguments.of("attachment; filename*=UTF-8''extended.csv; filename=\"plain.csv\"", "extended.csv"),
                Arguments.of("ATTACHMENT; FILENAME*=UTF-8''upper.csv", "upper.csv"),
                // an undecodable extended name: the plain one; a malformed one without it: the fallback
                Arguments.of("attachment; filename*=UTF-8''bad%ZZ.csv; filename=\"plain.csv\"", "plain.csv"),
                Arguments.of("attachment; filename*=noquotes.csv; filename=\"plain.csv\"", "plain.csv"),
                Arguments.of("attachment; filename*=UTF-8''bad%ZZ.csv", FALLBACK),
                // an empty extended name does not hide a usable plain one
                Arguments.of("attachment; filename*=UTF-8''; filename=\"plain.csv\"", "plain.csv"),
                // control characters, spaces, shell characters, unicode
                Arguments.of("attachment; filename=\"a\u0000b\u0007c\u001b[31m.csv\"", "a_b_c_31m.csv"),
                Arguments.of("attachment; filename=\"line\r\nX-Evil: 1.csv\"", "line_X-Evil_1.csv"),
                Arguments.of("attachment; filename=\"$(rm -rf ~);`id`|x.csv\"", "rm_-rf_id_x.csv"),
                Arguments.of("attachment; filename=\"Ünïcödé.csv\"", "Ünïcödé.csv"),
                // decomposed accents are composed (NFC); a right-to-left override is not kept
                Arguments.of("attachment; filename=\"cafe\u0301\u202Egnp.exe\"", "café_gnp.exe"),
                Arguments.of("attachment; filename=\".hidden\"", "hidden"),
                Arguments.of("attachment; filename=\"trailing.\"", "trailing"),
                // URL-encoded traversal in a plain name is not decoded; decoded once in an extended name
                Arguments.of(
                        "attachment; filename=\"%2e%2e%2f%2e%2e%2fetc%2fpasswd\"", "2e_2e_2f_2e_2e_2fetc_2fpasswd"),
                Arguments.of("attachment; filename*=UTF-8''%252e%252e%252fx.csv", "2e_2e_2fx.csv"),
                Arguments.of("attachment; filename*=UTF-8''%2E%2E%2F%2E%2E%2Fx.csv", "x.csv"),
                Arguments.of("attachment; filename*=UTF-8''%C0%AE%C0%AE%2Fx.csv", "x.csv"),
                // NUL, a UNC path, a URL
                Arguments.of("attachment; filename*=UTF-8''a%00b.csv", "a_b.csv"),
                Arguments.of("attachment; filename=\\\\server\\share\\unc.csv", "unc.csv"),
                Arguments.of("attachment; filename=\"file:///etc/passwd\"", "passwd"),
                // no name at all
                Arguments.of("attachment", FALLBACK),
                Arguments.of("inline", FALLBACK),
                Arguments.of("", FALLBACK),
                Arguments.of(null, FALLBACK),
                // very long: cut to 200 bytes, keeping the extension
                Arguments.of("attachment; filename=\"" + longName + "\"", "a".repeat(195) + ".json"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("headers")
    void namesFromContentDispositionAreSafeBaseNames(String header, String expected) {
        String name = ExportFileNames.fromContentDisposition(header, FALLBACK);

        assertThat(name).isEqualTo(expected);
        assertThat(name)
                .matches(SAFE)
                .satisfies(n -> assertThat(SafeFileNames.utf8Length(n)).isLessThanOrEqualTo(200))
                .doesNotContain("/", "\\", "..")
                .isNotIn(".", "..");
        assertThat(name.chars()).noneMatch(Character::isISOControl);
        Path target = ExportFileNames.target(dir, true, name);
        assertThat(target.getParent()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(target.getFileName().toString()).isEqualTo(name);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "../../x",
                "/etc/passwd",
                "..\\..\\windows",
                "..",
                ".",
                "",
                "   ",
                "/",
                "\\",
                "a/../../b",
                "dir/",
                "x\u0000y",
                "\r\n",
                "€",
                "./.././../",
                "C:\\x",
                "~",
                "~/x"
            })
    void targetInADirectoryIsAlwaysDirectlyInsideIt(String hostile) {
        Path target = ExportFileNames.target(dir, true, hostile);

        assertThat(target.getParent()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(target.getFileName().toString()).matches(SAFE).isNotIn(".", "..");
        assertThat(target.normalize()).isEqualTo(target);
    }

    @Test
    void aSymbolicLinkNamedLikeTheTargetIsNotAnEscape() throws IOException {
        // target() names a path directly inside the directory; what is there is replaced by the download's move
        // (see ExportsApiTest), so a link planted under that name leads nowhere
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path inside = Files.createDirectories(dir.resolve("inside"));
        Files.createSymbolicLink(inside.resolve("passwd"), outside.resolve("passwd"));

        Path target = ExportFileNames.target(inside, true, "../outside/passwd");

        assertThat(target).isEqualTo(inside.toAbsolutePath().resolve("passwd"));
        assertThat(target.getParent()).isEqualTo(inside.toAbsolutePath());
    }

    @Test
    void targetOfALongNameIsInsideTheDirectoryAndShortened() {
        Path target = ExportFileNames.target(dir, true, "../".repeat(100) + "b".repeat(500) + ".csv");

        assertThat(target.getParent()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(target.getFileName().toString()).hasSize(200).endsWith(".csv");
    }

    @Test
    void targetOfAnUnnormalizedDirectoryIsInsideItsNormalForm() {
        Path messy = dir.resolve("a").resolve("..").resolve("b").resolve(".");

        Path target = ExportFileNames.target(messy, true, "../x.csv");

        assertThat(target).isEqualTo(dir.toAbsolutePath().resolve("b").resolve("x.csv"));
    }

    @Test
    void aFilePathLocationIsUsedAsIsWhateverTheServerSuggests() {
        Path file = dir.resolve("exports").resolve("mine.csv");

        assertThat(ExportFileNames.target(file, false, "../../evil.sh")).isEqualTo(file.toAbsolutePath());
        assertThat(ExportFileNames.target(file, false, null)).isEqualTo(file.toAbsolutePath());
        assertThat(ExportFileNames.target(dir.resolve("x").resolve("..").resolve("y.json"), false, "z"))
                .isEqualTo(dir.toAbsolutePath().resolve("y.json"));
    }

    @Test
    void safeKeepsHarmlessNamesAndFallsBackOnNull() {
        assertThat(ExportFileNames.safe("project-7-at-2026.csv", "f")).isEqualTo("project-7-at-2026.csv");
        assertThat(ExportFileNames.safe("my_export-1.tar.gz", "f")).isEqualTo("my_export-1.tar.gz");
        assertThat(ExportFileNames.safe(null, "f")).isEqualTo("f");
        assertThat(ExportFileNames.safe("", "f")).isEqualTo("f");
        assertThat(ExportFileNames.safe("-", "f")).isEqualTo("f");
    }

    @Test
    void aDirectoryTargetNeverFallsOutsideEvenWithAHostileFallback() {
        // the fallback is the caller's; target() applies its own when the name is unusable
        Path target = ExportFileNames.target(dir, true, ExportFileNames.safe("..", "../escape"));

        assertThat(target.getParent()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(target.getFileName().toString()).isEqualTo("escape");
    }

    @Test
    void atTheRootAndWithoutANameTheTargetStaysInside() {
        Path root = dir.getRoot();

        assertThat(ExportFileNames.target(root, true, "../../etc/passwd")).isEqualTo(root.resolve("passwd"));
        assertThat(ExportFileNames.target(dir, true, null))
                .isEqualTo(dir.toAbsolutePath().resolve("export"));
    }
}
