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
package io.camellabelstudio.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;

import io.camellabelstudio.client.http.Json;

/**
 * Reads tasks from JSON incrementally: a list of task objects is parsed one task at a time, so an import of any size
 * holds one batch in memory; a single object is one task.
 */
public final class JsonTasks {

    private static final TypeReference<Map<String, Object>> TASK = new TypeReference<>() {};

    private JsonTasks() {}

    /**
     * An iterator over the tasks in {@code json}; closes the stream when the end is reached. Malformed JSON raises
     * {@link IllegalArgumentException} naming the position, when the iterator gets there.
     */
    public static Iterator<Map<String, Object>> read(InputStream json) {
        try {
            JsonParser parser = Json.mapper().createParser(json);
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                Map<String, Object> task = parser.readValueAs(TASK);
                parser.close();
                return java.util.List.of(task).iterator();
            }
            if (first != JsonToken.START_ARRAY) {
                String start = first == null ? "nothing" : describe(parser); // before close(): it frees the text
                parser.close();
                throw new IllegalArgumentException(
                        "Tasks must be a JSON list of objects (or one object), but the JSON starts with " + start);
            }
            parser.clearCurrentToken(); // inside the list: the MappingIterator reads its elements, not the list
            return new TaskIterator(parser, Json.mapper().readerFor(TASK).readValues(parser));
        } catch (IOException e) {
            try {
                json.close(); // the iterator that would close it is never returned
            } catch (IOException | RuntimeException ignored) {
                // already failing
            }
            throw invalid(e);
        }
    }

    /**
     * The current token for a message: its text ({@code 42}, {@code [}, {@code null}), a string quoted and cut short.
     * (JsonToken.asString() is null for numbers and strings.)
     */
    private static String describe(JsonParser parser) throws IOException {
        String text = parser.getText();
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return "the string \"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
        }
        return text;
    }

    private static IllegalArgumentException invalid(IOException e) {
        String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                ? j.getOriginalMessage() + " at " + j.getLocation().offsetDescription()
                : e.getMessage();
        return new IllegalArgumentException("The tasks are not valid JSON: " + message, e);
    }

    /** The list's tasks, read by Jackson's {@link MappingIterator}; each element is checked to be an object first. */
    private static final class TaskIterator implements Iterator<Map<String, Object>> {
        private final JsonParser parser;
        private final MappingIterator<Map<String, Object>> tasks;
        private boolean done;
        private long index;

        TaskIterator(JsonParser parser, MappingIterator<Map<String, Object>> tasks) {
            this.parser = parser;
            this.tasks = tasks;
        }

        @Override
        public boolean hasNext() {
            if (done) {
                return false;
            }
            try {
                if (!tasks.hasNextValue()) {
                    closeQuietly();
                    return false;
                }
                if (parser.currentToken() != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("Task #" + (index + 1) + " of the JSON list is not an object"
                            + " but " + describe(parser) + "; each task must be a JSON object");
                }
                return true;
            } catch (IOException e) {
                closeQuietly();
                throw invalid(e);
            } catch (RuntimeException e) {
                closeQuietly();
                throw e;
            }
        }

        @Override
        public Map<String, Object> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                Map<String, Object> task = tasks.nextValue();
                index++;
                return task;
            } catch (IOException e) {
                closeQuietly();
                throw invalid(e);
            }
        }

        private void closeQuietly() {
            done = true;
            try {
                parser.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
