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

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

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
    private final boolean gzip;

    public HugeAnswerServer(int status, String contentType, String prefix, String piece, long repeats, String suffix)
            throws IOException {
        this(status, contentType, prefix, piece, repeats, suffix, false);
    }

    /**
     * With {@code gzip}, the body is sent as nginx sends JSON: {@code Content-Encoding: gzip} in chunks
     * ({@code Transfer-Encoding: chunked}), so that a client which closes the body early would have to read the rest
     * to reuse the connection. The gzip stream stores rather than compresses, so the bytes on the wire are about the
     * bytes counted by {@link #bytesSent()}.
     */
    public HugeAnswerServer(
            int status, String contentType, String prefix, String piece, long repeats, String suffix, boolean gzip)
            throws IOException {
        this.gzip = gzip;
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
            String length = gzip
                    ? "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"
                    : "Content-Length: " + bodyLength() + "\r\n";
            String head = "HTTP/1.1 " + status + " Huge\r\nContent-Type: " + contentType + "\r\n" + length
                    + "Connection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            if (gzip) {
                sendBody(new StoredGzipStream(new ChunkedStream(out)));
            } else {
                sendBody(out);
            }
        } catch (IOException e) {
            // the client hung up before the end: expected
        }
    }

    private void sendBody(OutputStream out) throws IOException {
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
        out.close(); // ends a gzip stream with its trailer
    }

    /** HTTP/1.1 chunked transfer coding: each write is one chunk; close writes the last chunk. */
    private static final class ChunkedStream extends FilterOutputStream {
        ChunkedStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length > 0) {
                out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes, offset, length);
                out.write(CRLF);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void close() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};

    /** A gzip stream of stored (uncompressed) blocks: cheap to write, and as long on the wire as the body. */
    private static final class StoredGzipStream extends GZIPOutputStream {
        StoredGzipStream(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.NO_COMPRESSION);
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
