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
package io.camellabelstudio.client.http;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.MappingIterator;

import io.camellabelstudio.client.error.LabelStudioConnectionException;
import io.camellabelstudio.client.error.LabelStudioException;

/**
 * An unpaged JSON list answer (Label Studio returns some lists whole, e.g. all predictions of a project) read one
 * element at a time with Jackson's {@link MappingIterator}: each iteration sends the request and parses elements as
 * they are consumed, so memory stays at one element. The iterator is {@link Closeable} (Camel's splitter closes it); reaching the end closes it too.
 */
public final class StreamedList<T> implements Iterable<T> {

    private final ApiTransport transport;
    private final ApiRequest request;
    private final Class<T> type;

    public StreamedList(ApiTransport transport, ApiRequest request, Class<T> type) {
        this.transport = transport;
        this.request = request;
        this.type = type;
    }

    @Override
    public CloseableIterator iterator() {
        ApiResponseStream answer = transport.open(request);
        try {
            JsonParser parser = Json.mapper().createParser(answer.body());
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new LabelStudioException(request + " answered with something other than a JSON list");
            }
            parser.clearCurrentToken(); // inside the list: the MappingIterator reads its elements, not the list
            return new CloseableIterator(
                    answer, parser, Json.mapper().readerFor(type).readValues(parser));
        } catch (IOException | RuntimeException e) {
            abortQuietly(answer);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new LabelStudioConnectionException(request.method(), request.path(), e.getMessage(), e);
        }
    }

    private static void abortQuietly(ApiResponseStream answer) {
        try {
            answer.abort();
        } catch (IOException ignored) {
            // discarding the rest of the answer
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // discarding the rest of the answer
        }
    }

    /** An iterator over the list's elements that holds the open answer until it ends or is closed. */
    public final class CloseableIterator implements Iterator<T>, Closeable {
        private final ApiResponseStream answer;
        private final JsonParser parser;
        private final MappingIterator<T> elements;
        private boolean done;

        private CloseableIterator(ApiResponseStream answer, JsonParser parser, MappingIterator<T> elements) {
            this.answer = answer;
            this.parser = parser;
            this.elements = elements;
        }

        @Override
        public boolean hasNext() {
            if (done) {
                return false;
            }
            try {
                if (elements.hasNextValue()) {
                    return true;
                }
                finish();
                return false;
            } catch (IOException e) {
                throw brokeOff(e);
            }
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                return elements.nextValue();
            } catch (IOException e) {
                throw brokeOff(e);
            }
        }

        private LabelStudioConnectionException brokeOff(IOException e) {
            close();
            return new LabelStudioConnectionException(
                    request.method(), request.path(), "the list answer broke off: " + e.getMessage(), e);
        }

        /**
         * Closes the answer. Before the end, the rest of the answer is dropped with its connection rather than read:
         * it may be gigabytes.
         */
        @Override
        public void close() {
            if (!done) {
                done = true;
                abortQuietly(answer);
                closeQuietly(parser);
            }
        }

        /** At the end of the list: only the end of the answer is left, and its connection can be reused. */
        private void finish() {
            if (!done) {
                done = true;
                closeQuietly(parser);
                closeQuietly(answer);
            }
        }
    }
}
