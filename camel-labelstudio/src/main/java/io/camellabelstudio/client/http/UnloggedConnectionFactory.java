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

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLSocket;

import org.apache.hc.client5.http.impl.io.DefaultHttpResponseParserFactory;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.DefaultHttpRequestWriterFactory;
import org.apache.hc.core5.http.impl.io.NoResponseOutOfOrderStrategy;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Connections that never log headers or wire data. HttpClient's own connections print every request header,
 * {@code Authorization} included, when {@code org.apache.hc.client5.http.headers} (or {@code .wire}) logs at DEBUG,
 * and the token refresh carries the personal access token in its body: a user turning on DEBUG to troubleshoot would
 * leak the API key. Their reads acknowledge at once ({@link QuickAckSocketHolder}). They behave like HttpClient's
 * defaults otherwise.
 */
final class UnloggedConnectionFactory implements HttpConnectionFactory<ManagedHttpClientConnection> {

    static final UnloggedConnectionFactory INSTANCE = new UnloggedConnectionFactory();

    private UnloggedConnectionFactory() {}

    @Override
    public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
        UnloggedConnection connection = new UnloggedConnection();
        if (socket != null) {
            connection.bind(socket);
        }
        return connection;
    }

    @Override
    public ManagedHttpClientConnection createConnection(SSLSocket sslSocket, Socket socket) throws IOException {
        UnloggedConnection connection = new UnloggedConnection();
        if (sslSocket != null) {
            connection.bind(sslSocket, socket);
        } else if (socket != null) {
            connection.bind(socket);
        }
        return connection;
    }

    private static final class UnloggedConnection extends DefaultBHttpClientConnection
            implements ManagedHttpClientConnection {

        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile Timeout socketTimeout;

        UnloggedConnection() {
            super(
                    Http1Config.DEFAULT,
                    null,
                    null,
                    null,
                    null,
                    NoResponseOutOfOrderStrategy.INSTANCE,
                    DefaultHttpRequestWriterFactory.INSTANCE,
                    DefaultHttpResponseParserFactory.INSTANCE);
        }

        @Override
        public void bind(Socket socket) throws IOException {
            super.bind(new QuickAckSocketHolder(socket));
            socketTimeout = Timeout.ofMilliseconds(socket.getSoTimeout());
        }

        @Override
        public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
            super.bind(new QuickAckSocketHolder(sslSocket, socket));
            socketTimeout = Timeout.ofMilliseconds(sslSocket.getSoTimeout());
        }

        @Override
        public Socket getSocket() {
            SocketHolder holder = getSocketHolder();
            return holder == null ? null : holder.getSocket();
        }

        @Override
        public void setSocketTimeout(Timeout timeout) {
            super.setSocketTimeout(timeout);
            socketTimeout = timeout;
        }

        @Override
        public void passivate() {
            super.setSocketTimeout(Timeout.ZERO_MILLISECONDS);
        }

        @Override
        public void activate() {
            super.setSocketTimeout(socketTimeout);
        }

        @Override
        public void close() throws IOException {
            if (closed.compareAndSet(false, true)) {
                super.close();
            }
        }

        @Override
        public void close(CloseMode mode) {
            if (closed.compareAndSet(false, true)) {
                super.close(mode);
            }
        }
    }
}
