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
package io.camellabelstudio.component.transform;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camellabelstudio.client.http.Json;

/**
 * Reads the tasks of one task file lazily, one at a time, and closes the file at its end (or on {@link #close()}).
 * A problem fails {@link #hasNext()} with an {@link IllegalArgumentException} naming the file and the position.
 */
abstract class FileTasksReader implements Iterator<Map<String, Object>>, Closeable {

    /** The data field that names a task's origin. */
    static final String SOURCE = "source";

    private static final ObjectMapper JSON = Json.mapper();

    protected final String name;
    private Map<String, Object> next;
    private boolean done;

    FileTasksReader(String name) {
        this.name = name;
    }

    /** The reader for {@code file}, by the extension of {@code name}. */
    static FileTasksReader open(Path file, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        try {
            if (lower.endsWith(".json")) {
                return new JsonList(file, name);
            } else if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
                return new JsonLines(file, name);
            } else if (lower.endsWith(".csv")) {
                return new Csv(file, name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(
                "Cannot read tasks from " + name + ": the extension must be .json, .jsonl, .ndjson or .csv");
    }

    /** The next task, or null at the end. */
    protected abstract Map<String, Object> fetch() throws IOException;

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            try {
                next = fetch();
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("Cannot read " + name + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
            if (next == null) {
                done = true;
                close();
            }
        }
        return next != null;
    }

    @Override
    public Map<String, Object> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Map<String, Object> task = next;
        next = null;
        return task;
    }

    @Override
    public abstract void close();

    /** A task with {@code source} set unless it has one; a full task ({@code data} object) keeps its other fields. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withSource(Map<String, Object> task, String name, long position) {
        Map<String, Object> result = new LinkedHashMap<>(task);
        Map<String, Object> data = result;
        if (task.get("data") instanceof Map<?, ?> wrapped) {
            data = new LinkedHashMap<>((Map<String, Object>) wrapped);
            result.put("data", data);
        }
        data.putIfAbsent(SOURCE, "file:" + name + "#" + position);
        return result;
    }

    private static Reader utf8(Path file) throws IOException {
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        reader.mark(1);
        if (reader.read() != '\uFEFF') { // skip a byte order mark
            reader.reset();
        }
        return reader;
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // reading is over either way
        }
    }

    /** {@code .json}: a list of task objects (or one object), read element by element. */
    static final class JsonList extends FileTasksReader {
        private final InputStream in;
        private final JsonParser parser;
        private boolean single;
        private long position;

        JsonList(Path file, String name) throws IOException {
            super(name);
            in = Files.newInputStream(file);
            parser = JSON.getFactory().createParser(in);
        }

        @Override
        protected Map<String, Object> fetch() throws IOException {
            try {
                if (position == 0 && !single) {
                    JsonToken first = parser.nextToken();
                    if (first == null) {
                        return null; // empty file: no tasks
                    } else if (first == JsonToken.START_OBJECT) {
                        single = true;
                        position = 1;
                        Map<String, Object> task = object(first);
                        trailing();
                        return task;
                    } else if (first != JsonToken.START_ARRAY) {
                        throw new IllegalArgumentException(
                                name + ": a .json file must hold a list of task objects or one task object");
                    }
                }
                if (single) {
                    return null;
                }
                JsonToken token = parser.nextToken();
                if (token == JsonToken.END_ARRAY) {
                    trailing();
                    return null;
                }
                position++;
                return object(token);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        name + ": not valid JSON near task #" + Math.max(position, 1) + " (line "
                                + e.getLocation().getLineNr() + "): " + e.getOriginalMessage(),
                        e);
            }
        }

        private Map<String, Object> object(JsonToken token) throws IOException {
            if (token != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(name + ": task #" + position + " is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> task = JSON.readValue(parser, LinkedHashMap.class);
            return withSource(task, name, position);
        }

        private void trailing() throws IOException {
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException(name + ": unexpected content after the JSON value");
            }
        }

        @Override
        public void close() {
            closeQuietly(parser);
            closeQuietly(in);
        }
    }

    /** {@code .jsonl}, {@code .ndjson}: one task object per line. */
    static final class JsonLines extends FileTasksReader {
        private final BufferedReader reader;
        private long line;

        JsonLines(Path file, String name) throws IOException {
            super(name);
            reader = new BufferedReader(utf8(file));
        }

        @Override
        protected Map<String, Object> fetch() throws IOException {
            String text;
            do {
                text = reader.readLine();
                if (text == null) {
                    return null;
                }
                line++;
            } while (text.isBlank());
            Object value;
            try {
                value = JSON.readValue(text, Object.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        name + " line " + line + ": not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (!(value instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(name + " line " + line + ": not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> task = (Map<String, Object>) value;
            return withSource(task, name, line);
        }

        @Override
        public void close() {
            closeQuietly(reader);
        }
    }

    /** {@code .csv}: a header row, then one task per row; the values are strings. */
    static final class Csv extends FileTasksReader {
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;
        private final int columns;
        private long row;

        Csv(Path file, String name) throws IOException {
            super(name);
            Reader reader = utf8(file);
            try {
                parser = CSVFormat.RFC4180
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
                        .setAllowMissingColumnNames(false)
                        .setIgnoreEmptyLines(true)
                        .get()
                        .parse(reader);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                closeQuietly(reader);
                throw new IllegalArgumentException(name + ": bad CSV header: " + e.getMessage(), e);
            }
            records = parser.iterator();
            columns = parser.getHeaderNames().size();
        }

        @Override
        protected Map<String, Object> fetch() {
            CSVRecord record;
            try {
                if (!records.hasNext()) {
                    return null;
                }
                record = records.next();
            } catch (UncheckedIOException | IllegalStateException e) {
                throw new IllegalArgumentException(
                        name + " row " + (row + 1) + ": not valid CSV: " + e.getMessage(), e);
            }
            row++;
            if (record.size() != columns) {
                throw new IllegalArgumentException(name + " row " + row + " (line " + parser.getCurrentLineNumber()
                        + "): " + record.size() + " values, but the header has " + columns + " columns");
            }
            return withSource(new LinkedHashMap<String, Object>(record.toMap()), name, row);
        }

        @Override
        public void close() {
            closeQuietly(parser);
        }
    }
}
