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

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketOption;

import javax.net.ssl.SSLSocket;

import org.apache.hc.core5.http.impl.io.SocketHolder;

import jdk.net.ExtendedSocketOptions;

/**
 * A socket whose reads ask the kernel to acknowledge what arrived at once ({@code TCP_QUICKACK}, Linux).
 *
 * <p>Why: Django's development server, which {@code label-studio start} runs, writes an answer's headers and its body
 * in two sends and does not set {@code TCP_NODELAY}, so Nagle's algorithm holds the body back until the headers are
 * acknowledged. On a kept-alive connection Linux delays that acknowledgement by up to 40 ms, and every answer that
 * fits in one segment (a task, an import's answer, a page of ids) waited that long. Setting the option before a read
 * sends the pending acknowledgement; it does not stick (the kernel goes back to delayed acknowledgements), hence once
 * per read, but only for the first {@value #QUICK_ACK_BYTES} bytes after each request: that covers the headers and a
 * body of one segment, and leaves large answers (an export, a page of full tasks) to the kernel's normal
 * acknowledgements, where acknowledging every read measurably slowed a 57 MB download. Where the option does not
 * exist, reads are left as they are.
 */
final class QuickAckSocketHolder extends SocketHolder {

    private static final SocketOption<Boolean> QUICK_ACK = ExtendedSocketOptions.TCP_QUICKACK;

    /** How many bytes of each answer are read with the option set: one TCP segment on loopback. */
    static final int QUICK_ACK_BYTES = 64 * 1024;

    private final AnswerProgress progress = new AnswerProgress();

    QuickAckSocketHolder(Socket socket) {
        super(socket);
    }

    QuickAckSocketHolder(SSLSocket sslSocket, Socket baseSocket) {
        super(sslSocket, baseSocket);
    }

    @Override
    protected InputStream getInputStream(Socket socket) throws IOException {
        InputStream in = super.getInputStream(socket);
        return quickAckSupported() ? new QuickAckInputStream(in, getBaseSocket(), progress) : in;
    }

    @Override
    protected OutputStream getOutputStream(Socket socket) throws IOException {
        OutputStream out = super.getOutputStream(socket);
        return quickAckSupported() ? new AnswerStartingOutputStream(out, progress) : out;
    }

    private boolean quickAckSupported() {
        Socket base = getBaseSocket();
        return base != null && base.supportedOptions().contains(QUICK_ACK);
    }

    /** How much of the current answer was read: reset by every write of a request. */
    static final class AnswerProgress {
        volatile long bytesRead;
    }

    /** Resets {@link AnswerProgress} whenever a request is written. */
    static final class AnswerStartingOutputStream extends FilterOutputStream {
        private final AnswerProgress progress;

        AnswerStartingOutputStream(OutputStream out, AnswerProgress progress) {
            super(out);
            this.progress = progress;
        }

        @Override
        public void write(int b) throws IOException {
            progress.bytesRead = 0;
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            progress.bytesRead = 0;
            out.write(b, off, len);
        }
    }

    /** Sets {@code TCP_QUICKACK} on the TCP socket before each read of the first bytes of an answer. */
    static final class QuickAckInputStream extends FilterInputStream {
        private final Socket socket;
        private final AnswerProgress progress;
        private boolean enabled = true;

        QuickAckInputStream(InputStream in, Socket socket, AnswerProgress progress) {
            super(in);
            this.socket = socket;
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            acknowledge();
            int b = super.read();
            if (b >= 0) {
                progress.bytesRead++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            acknowledge();
            int n = super.read(b, off, len);
            if (n > 0) {
                progress.bytesRead += n;
            }
            return n;
        }

        private void acknowledge() {
            if (enabled && progress.bytesRead < QUICK_ACK_BYTES) {
                try {
                    socket.setOption(QUICK_ACK, true);
                } catch (IOException | UnsupportedOperationException e) {
                    enabled = false; // a closed socket fails the read that follows; nothing to add here
                }
            }
        }
    }
}
