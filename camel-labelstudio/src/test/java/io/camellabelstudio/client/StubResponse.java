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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * One scripted answer of {@link StubLabelStudio}: a status line, headers and a body, optionally after a delay; or a
 * connection reset instead of an answer. Immutable: each {@code with...} method returns a copy.
 *
 * <pre>{@code
 * StubResponse.json(200, "{\"id\": 1}")
 * StubResponse.json(429, "{\"detail\": \"slow down\"}").withHeader("Retry-After", "1")
 * StubResponse.html(502, "<html><title>502 Bad Gateway</title></html>")
 * StubResponse.reset()                                   // read the request, then RST the connection
 * StubResponse.json(200, "{}").withDelay(Duration.ofMillis(300))
 * }</pre>
 */
public final class StubResponse {

    /** What the stub does with the connection once it has read the request. */
    public enum Action {
        /** Write the answer, then close the connection ({@code Connection: close}). */
        RESPOND,
        /** Write nothing; close with SO_LINGER 0 so the client sees "Connection reset". */
        RESET,
        /** Write the status line, headers and only the first {@code truncateAfter} bytes of the body, then close. */
        TRUNCATE
    }

    private final Action action;
    private final int status;
    private final String reason;
    private final List<Map.Entry<String, String>> headers;
    private final byte[] body;
    private final Duration delay;
    private final int truncateAfter;

    private StubResponse(
            Action action,
            int status,
            String reason,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            Duration delay,
            int truncateAfter) {
        this.action = action;
        this.status = status;
        this.reason = reason;
        this.headers = List.copyOf(headers);
        this.body = body;
        this.delay = delay;
        this.truncateAfter = truncateAfter;
    }

    /** An answer with a JSON body ({@code Content-Type: application/json}). */
    public static StubResponse json(int status, String json) {
        return body(status, "application/json", json);
    }

    /** An answer with an HTML body ({@code Content-Type: text/html; charset=utf-8}). */
    public static StubResponse html(int status, String html) {
        return body(status, "text/html; charset=utf-8", html);
    }

    /** An answer with any body and content type. */
    public static StubResponse body(int status, String contentType, String body) {
        return new StubResponse(
                        Action.RESPOND,
                        status,
                        reasonPhrase(status),
                        List.of(),
                        body.getBytes(StandardCharsets.UTF_8),
                        Duration.ZERO,
                        -1)
                .withHeader("Content-Type", contentType);
    }

    /** An answer without a body ({@code Content-Length: 0}), e.g. 204. */
    public static StubResponse status(int status) {
        return new StubResponse(
                Action.RESPOND, status, reasonPhrase(status), List.of(), new byte[0], Duration.ZERO, -1);
    }

    /** A redirect to {@code location}. */
    public static StubResponse redirect(int status, String location) {
        return status(status).withHeader("Location", location);
    }

    /** No answer: the stub reads the request and resets the connection (the client sees "Connection reset"). */
    public static StubResponse reset() {
        return new StubResponse(Action.RESET, 0, null, List.of(), new byte[0], Duration.ZERO, -1);
    }

    /** A copy with one more header (sent in the order added). */
    public StubResponse withHeader(String name, String value) {
        List<Map.Entry<String, String>> copy = new ArrayList<>(headers);
        copy.add(Map.entry(name, value));
        return new StubResponse(action, status, reason, copy, body, delay, truncateAfter);
    }

    /** A copy whose body is gzip-compressed, with {@code Content-Encoding: gzip}, as nginx sends JSON. */
    public StubResponse gzipped() {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new StubResponse(action, status, reason, headers, compressed.toByteArray(), delay, truncateAfter)
                .withHeader("Content-Encoding", "gzip");
    }

    /** A copy with a {@code Retry-After} header (seconds or an HTTP date). */
    public StubResponse withRetryAfter(String value) {
        return withHeader("Retry-After", value);
    }

    /** A copy that waits this long after reading the request before it answers (or resets). */
    public StubResponse withDelay(Duration delay) {
        return new StubResponse(
                action, status, reason, headers, body, Objects.requireNonNull(delay, "delay"), truncateAfter);
    }

    /** A copy that announces the whole body in {@code Content-Length} but sends only its first {@code bytes}. */
    public StubResponse truncatedAfter(int bytes) {
        if (action == Action.RESET) {
            throw new IllegalStateException("a reset has no body to truncate");
        }
        return new StubResponse(Action.TRUNCATE, status, reason, headers, body, delay, bytes);
    }

    public Action action() {
        return action;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    public byte[] body() {
        return body.clone();
    }

    public Duration delay() {
        return delay;
    }

    int truncateAfter() {
        return truncateAfter;
    }

    byte[] rawBody() {
        return body;
    }

    @Override
    public String toString() {
        return action == Action.RESET ? "StubResponse[reset]" : "StubResponse[" + status + " " + action + "]";
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 307 -> "Temporary Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 418 -> "I'm a teapot";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status " + status;
        };
    }
}
