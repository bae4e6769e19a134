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
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A stand-in Label Studio for tests: a small HTTP/1.1 server on 127.0.0.1 (a free port) that records every request and
 * answers from scripts. One request per connection: every answer carries {@code Connection: close}, so each request
 * (and each retry) arrives on a new connection, and a reset or a truncated answer never affects the next request.
 *
 * <p>How an answer is chosen, first match wins:
 *
 * <ol>
 *   <li>the queue of the request's route ({@link #enqueue(String, String, StubResponse...)}), in order;
 *   <li>the global queue ({@link #enqueue(StubResponse...)}), in order, whatever the route;
 *   <li>the route's handler ({@link #when(String, String, Handler)}), called for every request of that route;
 *   <li>otherwise {@code 418} with a JSON {@code detail} naming the unscripted request (418 is neither retried nor
 *       mistaken for the end of a listing, so a missing script shows up as a clear failure).
 * </ol>
 *
 * <pre>{@code
 * try (StubLabelStudio stub = StubLabelStudio.start()) {
 *     stub.enqueue(StubResponse.json(503, "{}"), StubResponse.json(200, "{\"id\": 1}"));
 *     stub.when("POST", "/api/token/refresh", request -> StubResponse.json(200, "{\"access\": \"...\"}"));
 *     LabelStudioClient client = LabelStudioClient.builder().url(stub.url()).apiKey("key").build();
 *     ...
 *     assertThat(stub.requests("GET", "/api/projects/1/")).hasSize(2);
 * }
 * }</pre>
 *
 * <p>Thread-safe: each connection is served on its own thread, so delayed answers do not hold up other requests.
 */
public final class StubLabelStudio implements AutoCloseable {

    /** Answers a request of a route; called on the connection's thread, possibly concurrently. */
    @FunctionalInterface
    public interface Handler {
        StubResponse respond(RecordedRequest request) throws Exception;
    }

    /** Any method, for {@link #when} and {@link #enqueue(String, String, StubResponse...)}. */
    public static final String ANY_METHOD = "*";

    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private final ServerSocket server;
    private final ExecutorService connections;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final Deque<StubResponse> queue = new ArrayDeque<>();
    private final Map<String, Deque<StubResponse>> routeQueues = new LinkedHashMap<>();
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private StubLabelStudio(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true); // a restart on the same port must not wait for TIME_WAIT
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        AtomicInteger threads = new AtomicInteger();
        connections = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "stub-labelstudio-" + port() + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        acceptor = new Thread(this::acceptLoop, "stub-labelstudio-" + port() + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a stub on 127.0.0.1 and a free port. */
    public static StubLabelStudio start() {
        return start(0);
    }

    /** Starts a stub on 127.0.0.1 and the given port (0 for a free one), e.g. the port of a stub closed before. */
    public static StubLabelStudio start(int port) {
        try {
            return new StubLabelStudio(port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the stub server on port " + port, e);
        }
    }

    /** The base URL to give the client, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Adds answers to the global queue, served in order to whatever requests come next. */
    public StubLabelStudio enqueue(StubResponse... responses) {
        synchronized (this) {
            queue.addAll(List.of(responses));
        }
        return this;
    }

    /**
     * Adds answers to the queue of one route, served in order to its next requests, before the global queue and the
     * route's handler. {@code method} may be {@link #ANY_METHOD}; {@code path} is matched exactly, without query.
     */
    public StubLabelStudio enqueue(String method, String path, StubResponse... responses) {
        synchronized (this) {
            routeQueues
                    .computeIfAbsent(route(method, path), r -> new ArrayDeque<>())
                    .addAll(List.of(responses));
        }
        return this;
    }

    /** Answers every request of a route that no queue answers; replaces an earlier handler of the route. */
    public StubLabelStudio when(String method, String path, Handler handler) {
        handlers.put(route(method, path), handler);
        return this;
    }

    /** Answers every request of a route that no queue answers with the same response. */
    public StubLabelStudio when(String method, String path, StubResponse response) {
        return when(method, path, request -> response);
    }

    /** All requests received so far, in the order they were fully read. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests of one route ({@code method} may be {@link #ANY_METHOD}). */
    public List<RecordedRequest> requests(String method, String path) {
        return requests(r -> matches(method, path, r));
    }

    public List<RecordedRequest> requests(Predicate<RecordedRequest> filter) {
        return requests.stream().filter(filter).toList();
    }

    public int requestCount() {
        return requests.size();
    }

    /** Unanswered queued responses (route queues and the global queue). */
    public synchronized int pendingResponses() {
        return queue.size()
                + routeQueues.values().stream().mapToInt(Deque::size).sum();
    }

    /** Problems the stub itself had (unparseable requests, failing handlers); empty in a healthy test. */
    public List<Throwable> errors() {
        return List.copyOf(errors);
    }

    /** Forgets recorded requests, queued answers and handlers. */
    public synchronized void reset() {
        requests.clear();
        errors.clear();
        queue.clear();
        routeQueues.clear();
        handlers.clear();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        connections.shutdownNow();
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
            connections.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "StubLabelStudio[" + url() + "]";
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                connections.execute(() -> serve(socket));
            } catch (IOException e) {
                if (!closed) {
                    errors.add(e);
                }
            } catch (RuntimeException rejectedAfterClose) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            RecordedRequest request = readRequest(socket.getInputStream());
            if (request == null) {
                return; // the client opened a connection and closed it without a request
            }
            requests.add(request);
            StubResponse response = answerFor(request);
            if (!response.delay().isZero()) {
                Thread.sleep(response.delay().toMillis()); // the answer held back (StubResponse.withDelay)
            }
            if (response.action() == StubResponse.Action.RESET) {
                socket.setSoLinger(true, 0); // close() now sends RST instead of FIN
                return;
            }
            write(socket.getOutputStream(), request, response);
            socket.shutdownOutput();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SocketException e) {
            // the client went away (e.g. timed out): nothing to answer
        } catch (Exception e) {
            if (!closed) {
                errors.add(e);
            }
        } finally {
            open.remove(socket);
        }
    }

    private StubResponse answerFor(RecordedRequest request) throws Exception {
        Handler handler;
        synchronized (this) {
            for (String route : List.of(route(request.method(), request.path()), route(ANY_METHOD, request.path()))) {
                Deque<StubResponse> routeQueue = routeQueues.get(route);
                if (routeQueue != null && !routeQueue.isEmpty()) {
                    return routeQueue.poll();
                }
            }
            if (!queue.isEmpty()) {
                return queue.poll();
            }
            handler = handlers.get(route(request.method(), request.path()));
            if (handler == null) {
                handler = handlers.get(route(ANY_METHOD, request.path()));
            }
        }
        if (handler != null) {
            return handler.respond(request); // outside the lock: handlers may block
        }
        return StubResponse.json(418, "{\"detail\": \"StubLabelStudio: nothing scripted for " + request + "\"}");
    }

    private static RecordedRequest readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/")) {
            throw new IOException("not an HTTP request line: " + requestLine);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(
                                line.substring(0, colon).trim().toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        byte[] body = readBody(in, headers);
        String target = parts[1];
        int question = target.indexOf('?');
        return new RecordedRequest(
                parts[0],
                question < 0 ? target : target.substring(0, question),
                question < 0 ? null : target.substring(question + 1),
                headers,
                body,
                Instant.now(),
                System.nanoTime());
    }

    private static byte[] readBody(InputStream in, Map<String, List<String>> headers) throws IOException {
        List<String> encoding = headers.get("transfer-encoding");
        if (encoding != null && encoding.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                if (sizeLine == null) {
                    throw new EOFException("end of stream in a chunked body");
                }
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    while (true) { // trailers
                        String trailer = readLine(in);
                        if (trailer == null || trailer.isEmpty()) {
                            return body.toByteArray();
                        }
                    }
                }
                body.write(in.readNBytes(size));
                readLine(in); // CRLF after the chunk
            }
        }
        List<String> length = headers.get("content-length");
        if (length == null) {
            return new byte[0];
        }
        int size = Integer.parseInt(length.get(0).trim());
        byte[] body = in.readNBytes(size);
        if (body.length < size) {
            throw new EOFException("request body shorter than its Content-Length");
        }
        return body;
    }

    /** Reads a line ending in CRLF (or LF) as ISO-8859-1; null at the end of the stream before any byte. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            line.write(b);
            if (line.size() > MAX_HEAD_BYTES) {
                throw new IOException("request line or header too long");
            }
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static void write(OutputStream out, RecordedRequest request, StubResponse response) throws IOException {
        byte[] body = request.method().equals("HEAD") ? new byte[0] : response.rawBody();
        StringBuilder head = new StringBuilder()
                .append("HTTP/1.1 ")
                .append(response.status())
                .append(' ')
                .append(response.reason())
                .append("\r\n");
        for (Map.Entry<String, String> header : response.headers()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        head.append("Content-Length: ").append(response.rawBody().length).append("\r\n");
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (response.action() == StubResponse.Action.TRUNCATE) {
            out.write(body, 0, Math.min(Math.max(response.truncateAfter(), 0), body.length));
        } else {
            out.write(body);
        }
        out.flush();
    }

    private static boolean matches(String method, String path, RecordedRequest request) {
        return (ANY_METHOD.equals(method) || request.method().equals(method))
                && request.path().equals(path);
    }

    private static String route(String method, String path) {
        return method.toUpperCase(Locale.ROOT) + " " + path;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
