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
package io.camellabelstudio.component.consumer;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * Reads the body of a request served by Camel's Vert.x platform-http engine with {@code useBodyHandler=false}: the
 * engine then hands over the paused request instead of a body it read whole, and this reads it only up to a limit.
 * Loaded only when the body is a Vert.x request ({@link #isVertxRequest}), so other engines never need Vert.x.
 */
final class VertxRequestBody {

    private static final String REQUEST_CLASS = "io.vertx.core.http.HttpServerRequest";

    private VertxRequestBody() {}

    /** Whether {@code body} is a Vert.x request, judged without loading Vert.x classes when they are absent. */
    static boolean isVertxRequest(Object body) {
        for (Class<?> type = body == null ? null : body.getClass(); type != null; type = type.getSuperclass()) {
            for (Class<?> implemented : type.getInterfaces()) {
                if (implemented.getName().equals(REQUEST_CLASS)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The body, at most {@code maxBytes} long; null when it is longer (reading then stops, the request stays paused and
     * its connection is closed after the answer).
     */
    static byte[] read(Object body, long maxBytes, Duration timeout) throws IOException {
        HttpServerRequest request = (HttpServerRequest) body;
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        Buffer collected = Buffer.buffer();
        request.handler(chunk -> {
            if (done.isDone()) {
                return;
            }
            if (collected.length() + (long) chunk.length() > maxBytes) {
                request.pause();
                done.complete(null);
            } else {
                collected.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> done.complete(collected.getBytes()));
        request.exceptionHandler(done::completeExceptionally);
        request.resume();
        try {
            byte[] bytes = done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (bytes == null) {
                closeAfterAnswer(request);
            }
            return bytes;
        } catch (TimeoutException e) {
            request.pause();
            closeAfterAnswer(request);
            throw new IOException("the body did not arrive within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            closeAfterAnswer(request);
            throw new IOException(String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the body", e);
        }
    }

    /**
     * For an HTTP/1 request whose body is left unread: the connection is closed once the answer is written (the unread
     * rest would otherwise be taken for the next request). An HTTP/2 stream ends on its own; the connection serves
     * other streams.
     */
    static void closeAfterAnswer(Object body) {
        HttpServerRequest request = (HttpServerRequest) body;
        if (request.version() == HttpVersion.HTTP_2) {
            return;
        }
        request.response().putHeader("Connection", "close");
        request.response().endHandler(v -> request.connection().close());
    }
}
