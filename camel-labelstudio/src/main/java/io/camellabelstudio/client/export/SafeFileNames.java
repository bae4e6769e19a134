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

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * The one file-name sanitizer of the client, for export downloads and downloaded task files: a name from the server
 * or from task data becomes one harmless path segment. Letters and digits (NFC), {@code .}, {@code -} and {@code _}
 * are kept; every run of anything else (separators, control and format characters, spaces, shell characters) becomes
 * one {@code _}; leading and trailing dots and underscores go, so the result is never {@code .} or {@code ..}; a long
 * name is cut to a number of UTF-8 bytes, keeping its extension.
 */
public final class SafeFileNames {

    /** An extension longer than this is cut with the rest of the name. */
    private static final int MAX_EXTENSION_CHARS = 16;

    private SafeFileNames() {}

    /**
     * The last path segment of {@code name} ({@code /} or {@code \}), cleaned and cut to {@code maxBytes}; {@code
     * fallback} when no letter or digit is left.
     */
    public static String of(String name, String fallback, int maxBytes) {
        if (name == null) {
            return fallback;
        }
        String cleaned = clean(lastSegment(name));
        if (cleaned.codePoints().noneMatch(Character::isLetterOrDigit)) {
            return fallback;
        }
        return fit(cleaned, maxBytes);
    }

    /** What follows the last {@code /} or {@code \}. */
    public static String lastSegment(String name) {
        return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    }

    /** Letters, digits, '.', '-' and '_' kept; runs of anything else become one '_'; no leading/trailing '.' or '_'. */
    public static String clean(String text) {
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(normalized.length());
        normalized.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp) || cp == '.' || cp == '-' || cp == '_') {
                out.appendCodePoint(cp);
            } else if (out.length() == 0 || out.charAt(out.length() - 1) != '_') {
                out.append('_');
            }
        });
        int start = 0;
        int end = out.length();
        while (start < end && (out.charAt(start) == '.' || out.charAt(start) == '_')) {
            start++;
        }
        while (end > start && (out.charAt(end - 1) == '.' || out.charAt(end - 1) == '_')) {
            end--;
        }
        return out.substring(start, end);
    }

    /** At most {@code maxBytes} UTF-8 bytes, whole code points, keeping an extension of up to 16 characters. */
    public static String fit(String name, int maxBytes) {
        if (utf8Length(name) <= maxBytes) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= MAX_EXTENSION_CHARS ? name.substring(dot) : "";
        String stem = name.substring(0, name.length() - extension.length());
        return truncate(stem, maxBytes - utf8Length(extension)) + extension;
    }

    private static String truncate(String text, int maxBytes) {
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int size = utf8Length(new String(Character.toChars(cp)));
            if (bytes + size > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += size;
            i += Character.charCount(cp);
        }
        return out.length() == 0 ? "file" : out.toString();
    }

    public static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
