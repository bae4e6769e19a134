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
package io.camellabelstudio.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal keep-alive HTTP/1.1 server on 127.0.0.1 that answers {@code GET /api/tasks/{id}/} with one fixed task
 * (about 700 bytes of JSON, the shape of a task read with {@code fields=task_only}) and anything else with 404. One
 * thread per connection, the answer bytes prepared once: the server's share of a request is a read of the request
 * head and one write, so it is not what the benchmarks measure.
 */
public final class TaskStubServer implements AutoCloseable {

    /** A task as Label Studio 1.23 returns it with {@code fields=task_only}. */
    public static final String TASK_JSON = "{\"id\":17,\"data\":{\"text\":\"Review 17: the delivery was quick and the"
            + " parcel arrived intact, but the manual is missing.\",\"uri\":\"s3://bench-bucket/reviews/00000017.txt\","
            + "\"n\":17},\"meta\":{},\"created_at\":\"2026-11-20T10:15:32.123456Z\",\"updated_at\":"
            + "\"2026-11-20T10:15:32.123456Z\",\"is_labeled\":false,\"overlap\":1,\"inner_id\":17,"
            + "\"total_annotations\":0,\"cancelled_annotations\":0,\"total_predictions\":0,\"comment_count\":0,"
            + "\"unresolved_comment_count\":0,\"last_comment_updated_at\":null,\"project\":3,\"updated_by\":null,"
            + "\"file_upload\":12,\"comment_authors\":[],\"annotations_results\":\"\",\"predictions_results\":\"\","
            + "\"predictions_score\":null,\"predictions_model_versions\":\"\",\"annotators\":[],\"reviewers\":[],"
            + "\"completed_at\":null,\"storage_filename\":null,\"draft_exists\":false,\"annotations_ids\":\"\","
            + "\"predictions_ids\":\"\"}";

    private static final byte[] TASK_ANSWER = answer("200 OK", TASK_JSON);
    private static final byte[] NOT_FOUND = answer("404 Not Found", "{\"detail\":\"Not found.\"}");
    private static final byte[] TASK_PATH = "GET /api/tasks/".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicLong requests = new AtomicLong();

    private TaskStubServer(ServerSocket server) {
        this.server = server;
    }

    public static TaskStubServer start() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        TaskStubServer stub = new TaskStubServer(socket);
        Thread acceptor = new Thread(stub::accept, "task-stub-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return stub;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Requests answered so far. */
    public long requests() {
        return requests.get();
    }

    /** Connections opened so far; one per client when connections are reused. */
    public int connections() {
        return connections.size();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                connections.add(socket);
                Thread thread = new Thread(() -> serve(socket), "task-stub-" + socket.getPort());
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
            OutputStream out = socket.getOutputStream();
            byte[] start = new byte[TASK_PATH.length];
            while (true) {
                int matched = readHead(in, start);
                if (matched < 0) {
                    return; // the client closed the connection
                }
                out.write(matched == TASK_PATH.length ? TASK_ANSWER : NOT_FOUND);
                out.flush();
                requests.incrementAndGet();
            }
        } catch (IOException e) {
            // connection reset or server closed
        }
    }

    /**
     * Reads one request head (up to the empty line; the benchmark requests have no body). Returns how many of its
     * first bytes match {@code GET /api/tasks/}, or -1 at end of stream.
     */
    private static int readHead(InputStream in, byte[] start) throws IOException {
        int count = 0;
        int matched = 0;
        int tail = 0; // bytes of \r\n\r\n seen in a row
        while (tail < 4) {
            int b = in.read();
            if (b < 0) {
                return -1;
            }
            if (count < start.length && b == (TASK_PATH[count] & 0xff) && matched == count) {
                matched++;
            }
            count++;
            if (b == '\r') {
                tail = tail == 2 ? 3 : 1;
            } else {
                tail = b == '\n' && (tail == 1 || tail == 3) ? tail + 1 : 0;
            }
        }
        return matched;
    }

    private static byte[] answer(String status, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nAllow: GET, PUT, PATCH, DELETE, HEAD, OPTIONS\r\nVary: Accept, Cookie\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : connections) {
            socket.close();
        }
    }
}
