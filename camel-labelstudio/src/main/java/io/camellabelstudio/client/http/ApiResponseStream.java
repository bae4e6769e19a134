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
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;

/**
 * A successful answer whose body is still on the wire: read it as a stream, then close it (closing early discards the
 * rest of the body and, unless the rest is short, the connection). Used for answers too large to hold in memory.
 */
public final class ApiResponseStream implements Closeable {

    /** How much of an unread rest is read on close so that the connection can be reused. */
    private static final int DRAIN_LIMIT = 64 * 1024;

    private final ApiRequest request;
    private final ClassicHttpResponse response;
    private InputStream body;

    ApiResponseStream(ApiRequest request, ClassicHttpResponse response) {
        this.request = request;
        this.response = response;
    }

    /**
     * The body; an empty stream when the answer has none. Closing it before its end reads what is left when that is
     * little (the connection is then reused), and otherwise drops the connection rather than read the rest, which may
     * be gigabytes.
     */
    public InputStream body() {
        if (body == null) {
            HttpEntity entity = response.getEntity();
            try {
                InputStream content = entity == null ? null : entity.getContent();
                body = content == null ? InputStream.nullInputStream() : new EndingInputStream(content, response);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the answer of " + request, e);
            }
        }
        return body;
    }

    /** A response header's value, or null. */
    public String header(String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    /** The declared body length, or -1 when unknown (always for a compressed answer, which is decompressed as read). */
    public long contentLength() {
        HttpEntity entity = response.getEntity();
        return entity == null ? 0 : entity.getContentLength();
    }

    public int statusCode() {
        return response.getCode();
    }

    /** The request this answers. */
    public ApiRequest request() {
        return request;
    }

    /**
     * Closes the answer without reading the rest of its body: the connection is discarded instead (the rest may be
     * gigabytes, which a plain close of HttpClient's stream reads to the end so that the connection can be reused).
     */
    public void abort() throws IOException {
        try {
            if (body instanceof EndingInputStream ending) {
                ending.abort();
            } else if (body == null && response.getEntity() != null) {
                EndingInputStream ending =
                        new EndingInputStream(response.getEntity().getContent(), response);
                body = ending;
                ending.abort();
            }
        } finally {
            closeResponse();
        }
    }

    /** Closes the answer; an unread rest of the body is read only when it is short (see {@link #body()}). */
    @Override
    public void close() throws IOException {
        try {
            body().close();
        } finally {
            closeResponse();
        }
    }

    private void closeResponse() throws IOException {
        try {
            response.close();
        } catch (IOException e) {
            if (!(body instanceof EndingInputStream ending && ending.aborted)) {
                throw e;
            }
            // the connection was dropped on purpose: closing finds its socket closed
        }
    }

    /** The body, which on close reads at most {@link #DRAIN_LIMIT} more bytes and otherwise drops the connection. */
    private static final class EndingInputStream extends FilterInputStream {
        private final ClassicHttpResponse response;
        private boolean closed;
        private boolean aborted;

        EndingInputStream(InputStream content, ClassicHttpResponse response) {
            super(content);
            this.response = response;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            byte[] buffer = new byte[8192];
            long drained = 0;
            while (drained < DRAIN_LIMIT) {
                int read = in.read(buffer);
                if (read < 0) {
                    in.close(); // at the end: the connection goes back to the pool
                    return;
                }
                drained += read;
            }
            abortContent();
        }

        void abort() throws IOException {
            if (!closed) {
                closed = true;
                abortContent();
            }
        }

        private void abortContent() throws IOException {
            aborted = true;
            discard(response, in);
        }
    }

    /**
     * Drops the answer's connection without reading the rest of its body. A plain body is HttpClient's
     * {@code EofSensorInputStream}, which can abort; a compressed one is wrapped in a decompressing stream whose close
     * would read the rest to the end, so the response itself is closed at once instead, which shuts the connection.
     */
    static void discard(ClassicHttpResponse response, InputStream content) throws IOException {
        if (content instanceof EofSensorInputStream sensor) {
            sensor.abort();
        } else if (response instanceof ModalCloseable closeable) {
            closeable.close(CloseMode.IMMEDIATE);
        } else {
            content.close();
        }
    }
}
