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
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.EofSensorInputStream;

/**
 * A successful answer whose body is still on the wire: read it as a stream, then close it (closing early discards the
 * rest of the body and the connection). Used for answers too large to hold in memory.
 */
public final class ApiResponseStream implements Closeable {

    private final ApiRequest request;
    private final ClassicHttpResponse response;
    private InputStream body;

    ApiResponseStream(ApiRequest request, ClassicHttpResponse response) {
        this.request = request;
        this.response = response;
    }

    /** The body; an empty stream when the answer has none. */
    public InputStream body() {
        if (body == null) {
            HttpEntity entity = response.getEntity();
            try {
                body = entity == null ? InputStream.nullInputStream() : entity.getContent();
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

    /** The declared body length, or -1 when unknown. */
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
     * gigabytes, which a plain close reads to the end so that the connection can be reused).
     */
    public void abort() throws IOException {
        try {
            if (body instanceof EofSensorInputStream sensor) {
                sensor.abort();
            }
        } finally {
            response.close();
        }
    }

    @Override
    public void close() throws IOException {
        response.close();
    }
}
