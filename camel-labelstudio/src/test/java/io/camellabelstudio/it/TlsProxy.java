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
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local TLS-terminating nginx in front of a plain-HTTP server, with a self-signed certificate for {@code localhost}
 * made by {@code openssl} when it starts: the way Label Studio is usually served, with a certificate no JVM trusts by
 * default. nginx runs as a child of the test JVM ({@link Nginx}), its files and logs in
 * {@code target/labelstudio-it/tls-*}; {@link #close()} stops it.
 */
public final class TlsProxy implements AutoCloseable {

    public static final String TRUST_STORE_PASSWORD = "changeit"; // guards only a public certificate

    private final Path dir;
    private final Nginx nginx;

    private TlsProxy(Path dir, Nginx nginx) {
        this.dir = dir;
        this.nginx = nginx;
    }

    /** Starts nginx on a free loopback port, proxying to {@code backendUrl} (http://host:port). */
    public static TlsProxy start(String backendUrl) throws IOException, InterruptedException {
        Path dir = Nginx.newDirectory("tls");
        run(
                dir,
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout",
                "key.pem",
                "-out",
                "cert.pem");
        run(
                dir,
                "keytool",
                "-importcert",
                "-noprompt",
                "-alias",
                "labelstudio",
                "-file",
                "cert.pem",
                "-keystore",
                "truststore.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                TRUST_STORE_PASSWORD);
        URI backend = URI.create(backendUrl);
        return new TlsProxy(dir, Nginx.start(dir, port -> config(dir, port, backend)));
    }

    /** {@code https://localhost:PORT}: the certificate's name, so that host name verification passes once trusted. */
    public String url() {
        return "https://localhost:" + nginx.port();
    }

    public int port() {
        return nginx.port();
    }

    /** A PKCS12 trust store holding the self-signed certificate (password {@link #TRUST_STORE_PASSWORD}). */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** nginx's access log: one line per request it proxied. */
    public Path accessLog() {
        return nginx.accessLog();
    }

    @Override
    public void close() {
        nginx.close();
    }

    private static String config(Path dir, int port, URI backend) {
        return """
                access_log %1$s/access.log;
                client_max_body_size 200m;
                proxy_read_timeout 600s;
                server {
                    listen 127.0.0.1:%2$d ssl;
                    server_name localhost;
                    ssl_certificate %1$s/cert.pem;
                    ssl_certificate_key %1$s/key.pem;
                    location / {
                        proxy_pass http://%3$s:%4$d;
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-Proto https;
                        proxy_http_version 1.1;
                    }
                }
                """.formatted(dir, port, backend.getHost(), backend.getPort());
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Path out = dir.resolve(command[0] + ".out");
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", List.of(command[0], command[1])) + " failed: " + Nginx.tail(out));
        }
    }
}
