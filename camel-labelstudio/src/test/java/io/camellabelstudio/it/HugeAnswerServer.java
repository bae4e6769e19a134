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
package io.camellabelstudio.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers every request with one huge body, generated while it is sent (a prefix, one piece repeated, a suffix), and
 * counts the bytes the client took before it hung up: a test can then show that the client read a bounded part of
 * the answer rather than buffering all of it.
 */
public final class HugeAnswerServer implements AutoCloseable {

    private final ServerSocket listener;
    private final int status;
    private final String contentType;
    private final byte[] prefix;
    private final byte[] piece;
    private final long repeats;
    private final byte[] suffix;
    private final AtomicLong bytesSent = new AtomicLong();

    public HugeAnswerServer(int status, String contentType, String prefix, String piece, long repeats, String suffix)
            throws IOException {
        this.status = status;
        this.contentType = contentType;
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        this.piece = piece.getBytes(StandardCharsets.UTF_8);
        this.repeats = repeats;
        this.suffix = suffix.getBytes(StandardCharsets.UTF_8);
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "huge-answer-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** The size of the whole answer body. */
    public long bodyLength() {
        return prefix.length + piece.length * repeats + suffix.length;
    }

    /** Body bytes written to clients so far (the kernel's socket buffers hold a few MB of them unread). */
    public long bytesSent() {
        return bytesSent.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread thread = new Thread(() -> answer(client), "huge-answer-connection");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void answer(Socket client) {
        try (client;
                InputStream in = client.getInputStream();
                OutputStream out = client.getOutputStream()) {
            readHead(in);
            String head = "HTTP/1.1 " + status + " Huge\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                    + bodyLength() + "\r\nConnection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            send(out, prefix);
            byte[] block = block();
            long piecesPerBlock = block.length / piece.length;
            long left = repeats;
            while (left >= piecesPerBlock) {
                send(out, block);
                left -= piecesPerBlock;
            }
            for (; left > 0; left--) {
                send(out, piece);
            }
            send(out, suffix);
            out.flush();
        } catch (IOException e) {
            // the client hung up before the end: expected
        }
    }

    private void send(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        bytesSent.addAndGet(bytes.length);
    }

    /** About 64 KB of whole pieces, written in one call. */
    private byte[] block() {
        int count = Math.max(1, 64 * 1024 / piece.length);
        byte[] block = new byte[count * piece.length];
        for (int i = 0; i < count; i++) {
            System.arraycopy(piece, 0, block, i * piece.length, piece.length);
        }
        return block;
    }

    /** Reads the request head; request bodies are not expected. */
    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
