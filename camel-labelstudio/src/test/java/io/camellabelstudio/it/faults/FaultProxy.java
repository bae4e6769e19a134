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
package io.camellabelstudio.it.faults;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP/1.1 proxy on a loopback port in front of a real server that injects {@link Fault}s, chosen per request by a
 * {@link FaultPlan}, and counts them. It reads each request of a keep-alive connection whole, forwards it on a
 * connection of its own to the server and relays the server's whole answer, unless the plan says otherwise: lose the
 * answer after the server committed, reset the connection, answer 502/503/504 itself, hold the answer past the client's
 * response timeout, or cut its body.
 *
 * <p>Unlike {@link io.camellabelstudio.it.TcpForwarder}, which pumps bytes, it understands requests; answers are
 * buffered, so it suits API calls, not large downloads.
 */
public final class FaultProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final Duration slowDelay;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
    private final Map<Fault, Integer> postCounts = new EnumMap<>(Fault.class);
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private FaultPlan plan;
    private long requests;

    /**
     * A proxy to the host and port of {@code targetUrl}, following {@code plan}; a {@link Fault#SLOW_RESPONSE} holds
     * the answer for {@code slowDelay}, which should exceed the client's response timeout.
     */
    public FaultProxy(String targetUrl, FaultPlan plan, Duration slowDelay) throws IOException {
        URI target = URI.create(targetUrl);
        this.targetHost = target.getHost();
        this.targetPort = target.getPort();
        this.plan = plan;
        this.slowDelay = slowDelay;
        for (Fault fault : Fault.values()) {
            counts.put(fault, 0);
            postCounts.put(fault, 0);
        }
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fault-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** http://127.0.0.1:PORT: the URL clients use instead of the server's. */
    public String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Replaces the plan for the requests from now on. */
    public synchronized void plan(FaultPlan newPlan) {
        this.plan = newPlan;
    }

    /** How many requests the proxy received. */
    public synchronized long requests() {
        return requests;
    }

    /** How often each fault was injected ({@link Fault#NONE}: requests relayed normally). */
    public synchronized Map<Fault, Integer> counts() {
        return new EnumMap<>(counts);
    }

    /** Like {@link #counts()}, for POST requests only. */
    public synchronized Map<Fault, Integer> postCounts() {
        return new EnumMap<>(postCounts);
    }

    /** How many faults were injected in all. */
    public synchronized int faults() {
        return counts.entrySet().stream()
                .filter(e -> e.getKey() != Fault.NONE)
                .mapToInt(Map.Entry::getValue)
                .sum();
    }

    /** Problems of the proxy itself (not the faults it injected): a malformed request, an unreachable server. */
    public List<Throwable> errors() {
        return errors;
    }

    /** The injected faults by kind, for a test's figures: {@code LOST_RESPONSE=3,RESET=2,...}. */
    public synchronized String summary() {
        StringBuilder text = new StringBuilder();
        for (Fault fault : Fault.injected()) {
            text.append(text.length() == 0 ? "" : ",").append(fault).append('=').append(counts.get(fault));
        }
        return text.toString();
    }

    private synchronized Fault choose(HttpMessage request) {
        requests++;
        return plan.next(requests, request.method(), request.path());
    }

    private synchronized void count(Fault fault, HttpMessage request) {
        counts.merge(fault, 1, Integer::sum);
        if (request.method().equals("POST")) {
            postCounts.merge(fault, 1, Integer::sum);
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                Thread thread = new Thread(() -> serve(client), "fault-proxy-connection");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Serves the requests of one client connection until it closes or a fault cuts it. */
    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = new BufferedOutputStream(client.getOutputStream());
            HttpMessage request;
            while ((request = HttpMessage.readRequest(in)) != null) {
                if (!relay(request, client, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away (after a timeout, or while the proxy was closing): nothing to relay to
        } catch (RuntimeException e) {
            errors.add(e);
        } finally {
            sockets.remove(client);
        }
    }

    /** Handles one request; false when the client connection is to be closed. */
    private boolean relay(HttpMessage request, Socket client, OutputStream out) throws IOException {
        Fault fault = choose(request);
        if (fault == Fault.RESET) {
            count(fault, request);
            client.setSoLinger(true, 0); // close() now sends RST instead of FIN
            return false;
        }
        if (fault.status() != 0) {
            count(fault, request);
            String reason = fault.status() == 502
                    ? "Bad Gateway"
                    : fault.status() == 503 ? "Service Unavailable" : "Gateway Timeout";
            String html = "<html><head><title>" + fault.status() + " " + reason + "</title></head><body><center><h1>"
                    + fault.status() + " " + reason + "</h1></center><hr><center>fault-proxy</center></body></html>";
            HttpMessage.response(fault.status(), reason, "text/html", html).write(out, null);
            return !request.asksToClose();
        }
        HttpMessage response;
        try {
            response = forward(request);
        } catch (IOException e) {
            errors.add(new IOException("Cannot relay " + request.startLine + ": " + e, e));
            return false;
        }
        if (fault == Fault.TRUNCATED_BODY && response.body.length < 2) {
            fault = Fault.LOST_RESPONSE; // nothing to cut: the answer is lost instead
        }
        count(fault, request);
        switch (fault) {
            case LOST_RESPONSE:
                return false;
            case SLOW_RESPONSE:
                pause(slowDelay);
                response.write(out, "close"); // the client gave up long ago; if not, it gets the answer
                return false;
            case TRUNCATED_BODY:
                response.write(out, null, response.body.length / 2);
                return false;
            default:
                boolean close = request.asksToClose(); // the server's own "close" is for the proxy's hop only
                response.write(out, close ? "close" : null);
                return !close;
        }
    }

    /** Sends the request on a new connection to the server and reads its whole answer. */
    private HttpMessage forward(HttpMessage request) throws IOException {
        try (Socket server = new Socket(targetHost, targetPort)) {
            OutputStream out = new BufferedOutputStream(server.getOutputStream());
            request.write(out, "close");
            return HttpMessage.readResponse(new BufferedInputStream(server.getInputStream()), request.method());
        }
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis()); // the fault itself: a slow server or network
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
