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
import java.io.IOException;
import java.io.InputStream;
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
 * per read. Where the option does not exist, reads are left as they are.
 */
final class QuickAckSocketHolder extends SocketHolder {

    private static final SocketOption<Boolean> QUICK_ACK = ExtendedSocketOptions.TCP_QUICKACK;

    QuickAckSocketHolder(Socket socket) {
        super(socket);
    }

    QuickAckSocketHolder(SSLSocket sslSocket, Socket baseSocket) {
        super(sslSocket, baseSocket);
    }

    @Override
    protected InputStream getInputStream(Socket socket) throws IOException {
        InputStream in = super.getInputStream(socket);
        Socket base = getBaseSocket();
        return base != null && base.supportedOptions().contains(QUICK_ACK) ? new QuickAckInputStream(in, base) : in;
    }

    /** Sets {@code TCP_QUICKACK} on the TCP socket before every read. */
    static final class QuickAckInputStream extends FilterInputStream {
        private final Socket socket;
        private boolean enabled = true;

        QuickAckInputStream(InputStream in, Socket socket) {
            super(in);
            this.socket = socket;
        }

        @Override
        public int read() throws IOException {
            acknowledge();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            acknowledge();
            return super.read(b, off, len);
        }

        private void acknowledge() {
            if (enabled) {
                try {
                    socket.setOption(QUICK_ACK, true);
                } catch (IOException | UnsupportedOperationException e) {
                    enabled = false; // a closed socket fails the read that follows; nothing to add here
                }
            }
        }
    }
}
