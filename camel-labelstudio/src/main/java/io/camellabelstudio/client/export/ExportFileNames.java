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

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File names for export downloads. The name the server suggests ({@code Content-Disposition}) is reduced to a safe
 * base name ({@link SafeFileNames}); a name with no letter or digit falls back to a default; the final path is checked
 * to be directly inside the target directory.
 */
public final class ExportFileNames {

    private static final Pattern EXTENDED = Pattern.compile("filename\\*\\s*=\\s*([^;]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLAIN =
            Pattern.compile("filename\\s*=\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^;]+)", Pattern.CASE_INSENSITIVE);
    private static final int MAX_BYTES = 200;

    private ExportFileNames() {}

    /** The file name of a {@code Content-Disposition} header, made safe; {@code fallback} when there is none. */
    public static String fromContentDisposition(String header, String fallback) {
        String raw = null;
        if (header != null) {
            Matcher extended = EXTENDED.matcher(header);
            if (extended.find()) {
                raw = decodeExtended(extended.group(1).strip());
            }
            if (raw == null || raw.isBlank()) { // an empty filename* must not hide a usable filename
                Matcher plain = PLAIN.matcher(header);
                if (plain.find()) {
                    raw = plain.group(2) != null
                            ? plain.group(2).replaceAll("\\\\(.)", "$1")
                            : plain.group(1).strip();
                }
            }
        }
        return safe(raw, fallback);
    }

    /** A safe base name ({@link SafeFileNames}); {@code fallback} when nothing usable is left. */
    public static String safe(String name, String fallback) {
        return SafeFileNames.of(name, fallback, MAX_BYTES);
    }

    /**
     * Where to write a download: into {@code location} when it is an existing directory (or ends with a separator),
     * under the safe {@code fileName}; else {@code location} itself is the file. The result is normalized and, for a
     * directory, checked to be directly inside it.
     */
    public static Path target(Path location, boolean isDirectory, String fileName) {
        Path normalized = location.toAbsolutePath().normalize();
        if (!isDirectory) {
            return normalized;
        }
        Path file = normalized.resolve(safe(fileName, "export")).normalize();
        if (!normalized.equals(file.getParent())) {
            throw new IllegalArgumentException("Refusing to write " + file + ": not directly inside " + normalized);
        }
        return file;
    }

    private static String decodeExtended(String value) {
        // RFC 5987: charset'language'percent-encoded
        String text = value.startsWith("\"") && value.endsWith("\"") && value.length() > 1
                ? value.substring(1, value.length() - 1)
                : value;
        int first = text.indexOf('\'');
        int second = first < 0 ? -1 : text.indexOf('\'', first + 1);
        if (second < 0) {
            return null;
        }
        String charset = text.substring(0, first).toUpperCase(Locale.ROOT);
        try {
            return URLDecoder.decode(
                    text.substring(second + 1).replace("+", "%2B"),
                    charset.equals("ISO-8859-1") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
