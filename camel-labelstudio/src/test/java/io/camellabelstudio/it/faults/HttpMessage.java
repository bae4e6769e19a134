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

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.1 request or response as the {@link FaultProxy} relays it: start line, headers and the whole body, read
 * according to Content-Length, chunked transfer coding or (responses only) the end of the connection. It is written
 * back with a Content-Length, so the proxy can act per request on keep-alive connections and cut a body exactly.
 */
final class HttpMessage {

    private static final int MAX_LINE = 64 * 1024;

    /** These describe one hop's framing; the proxy sets its own. */
    private static final List<String> HOP_HEADERS =
            List.of("connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection");

    final String startLine;
    final List<String[]> headers;
    final byte[] body;

    private HttpMessage(String startLine, List<String[]> headers, byte[] body) {
        this.startLine = startLine;
        this.headers = headers;
        this.body = body;
    }

    /** The next request of a keep-alive connection, or null when the client closed it between requests. */
    static HttpMessage readRequest(InputStream in) throws IOException {
        String line = readLine(in, true);
        while (line != null && line.isEmpty()) {
            line = readLine(in, true); // tolerated: a stray CRLF between requests
        }
        if (line == null) {
            return null;
        }
        List<String[]> headers = readHeaders(in);
        return new HttpMessage(line, headers, readBody(in, headers, false));
    }

    /** The server's response to a request with {@code method}; 1xx interim answers are skipped. */
    static HttpMessage readResponse(InputStream in, String method) throws IOException {
        while (true) {
            String line = readLine(in, false);
            List<String[]> headers = readHeaders(in);
            int status = Integer.parseInt(line.split(" ", 3)[1]);
            if (status >= 100 && status < 200) {
                continue;
            }
            boolean noBody = method.equals("HEAD") || status == 204 || status == 304;
            return new HttpMessage(line, headers, noBody ? new byte[0] : readBody(in, headers, true));
        }
    }

    static HttpMessage response(int status, String reason, String contentType, String body) {
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"Content-Type", contentType});
        return new HttpMessage("HTTP/1.1 " + status + " " + reason, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    String method() {
        return startLine.split(" ", 3)[0];
    }

    /** The request target without its query string. */
    String path() {
        String target = startLine.split(" ", 3)[1];
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    String header(String name) {
        return header(headers, name);
    }

    private static String header(List<String[]> headers, String name) {
        for (String[] header : headers) {
            if (header[0].equalsIgnoreCase(name)) {
                return header[1];
            }
        }
        return null;
    }

    boolean asksToClose() {
        String connection = header("Connection");
        return connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
    }

    /** Writes the message with a Content-Length of the whole body but only {@code bodyBytes} of it. */
    void write(OutputStream out, String connection, int bodyBytes) throws IOException {
        StringBuilder head = new StringBuilder(startLine).append("\r\n");
        for (String[] header : headers) {
            if (!HOP_HEADERS.contains(header[0].toLowerCase(Locale.ROOT))) {
                head.append(header[0]).append(": ").append(header[1]).append("\r\n");
            }
        }
        head.append("Content-Length: ").append(body.length).append("\r\n");
        if (connection != null) {
            head.append("Connection: ").append(connection).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body, 0, Math.min(bodyBytes, body.length));
        out.flush();
    }

    void write(OutputStream out, String connection) throws IOException {
        write(out, connection, body.length);
    }

    private static List<String[]> readHeaders(InputStream in) throws IOException {
        List<String[]> headers = new ArrayList<>();
        String line;
        while (!(line = readLine(in, false)).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("Malformed header line: " + line);
            }
            headers.add(new String[] {
                line.substring(0, colon).trim(), line.substring(colon + 1).trim()
            });
        }
        return headers;
    }

    private static byte[] readBody(InputStream in, List<String[]> headers, boolean untilClose) throws IOException {
        String encoding = header(headers, "Transfer-Encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return readChunked(in);
        }
        String length = header(headers, "Content-Length");
        if (length != null) {
            int expected = Integer.parseInt(length.trim());
            byte[] body = in.readNBytes(expected);
            if (body.length < expected) {
                throw new EOFException("Body cut short: " + body.length + " of " + expected + " bytes");
            }
            return body;
        }
        return untilClose ? in.readAllBytes() : new byte[0];
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in, false);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!readLine(in, false).isEmpty()) {
                    // trailers: dropped
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("Chunk cut short");
            }
            body.write(chunk);
            readLine(in, false);
        }
    }

    /** A CRLF- (or LF-) terminated line; null at the end of the stream if {@code eofAllowed} and nothing was read. */
    private static String readLine(InputStream in, boolean eofAllowed) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                if (eofAllowed && line.size() == 0) {
                    return null;
                }
                throw new EOFException("Connection closed in the middle of a message head");
            }
            if (line.size() > MAX_LINE) {
                throw new IOException("Line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
