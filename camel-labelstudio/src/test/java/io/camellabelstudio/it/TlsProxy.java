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
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A local TLS-terminating nginx in front of a plain-HTTP server, with a self-signed certificate for {@code localhost}
 * made by {@code openssl} when it starts: the way Label Studio is usually served, with a certificate no JVM trusts by
 * default. nginx runs in the foreground as a child of the test JVM (one process, {@code master_process off}), with a
 * generated config, its files and logs in {@code target/labelstudio-it/tls-*}; {@link #close()} stops it.
 */
public final class TlsProxy implements AutoCloseable {

    public static final String TRUST_STORE_PASSWORD = "changeit"; // guards only a public certificate

    private final Path dir;
    private final int port;
    private final Process nginx;

    private TlsProxy(Path dir, int port, Process nginx) {
        this.dir = dir;
        this.port = port;
        this.nginx = nginx;
    }

    /** Starts nginx on a free loopback port, proxying to {@code backendUrl} (http://host:port). */
    public static TlsProxy start(String backendUrl) throws IOException, InterruptedException {
        String nginxBinary = findNginx();
        Path dir = Paths.get(
                        "target",
                        "labelstudio-it",
                        "tls-" + UUID.randomUUID().toString().substring(0, 8))
                .toAbsolutePath();
        Files.createDirectories(dir.resolve("temp"));
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
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = freePort();
            Files.writeString(dir.resolve("nginx.conf"), config(dir, port, backend));
            Process process = new ProcessBuilder(
                            nginxBinary,
                            "-p",
                            dir.toString(),
                            "-c",
                            dir.resolve("nginx.conf").toString(),
                            "-e",
                            dir.resolve("error.log").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nginx.out").toFile())
                    .start();
            if (awaitListening(process, port)) {
                return new TlsProxy(dir, port, process);
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            lastFailure = new IOException("nginx did not start on port " + port + " (attempt " + attempt + "): "
                    + tail(dir.resolve("error.log")) + " " + tail(dir.resolve("nginx.out")));
        }
        throw lastFailure;
    }

    /** {@code https://localhost:PORT}: the certificate's name, so that host name verification passes once trusted. */
    public String url() {
        return "https://localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** A PKCS12 trust store holding the self-signed certificate (password {@link #TRUST_STORE_PASSWORD}). */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** nginx's access log: one line per request it proxied. */
    public Path accessLog() {
        return dir.resolve("access.log");
    }

    @Override
    public void close() throws InterruptedException {
        nginx.destroy(); // SIGTERM: nginx's fast shutdown
        if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
            nginx.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String config(Path dir, int port, URI backend) {
        String temp = dir.resolve("temp").toString();
        return """
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 256; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %2$s/body;
                    proxy_temp_path %2$s/proxy;
                    fastcgi_temp_path %2$s/fastcgi;
                    uwsgi_temp_path %2$s/uwsgi;
                    scgi_temp_path %2$s/scgi;
                    client_max_body_size 200m;
                    proxy_read_timeout 600s;
                    server {
                        listen 127.0.0.1:%3$d ssl;
                        server_name localhost;
                        ssl_certificate %1$s/cert.pem;
                        ssl_certificate_key %1$s/key.pem;
                        location / {
                            proxy_pass http://%4$s:%5$d;
                            proxy_set_header Host $http_host;
                            proxy_set_header X-Forwarded-Proto https;
                            proxy_http_version 1.1;
                        }
                    }
                }
                """.formatted(dir, temp, port, backend.getHost(), backend.getPort());
    }

    private static String findNginx() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
            if (Files.isExecutable(Paths.get(candidate))) {
                return candidate;
            }
        }
        for (String path : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!path.isEmpty() && Files.isExecutable(Paths.get(path, "nginx"))) {
                return Paths.get(path, "nginx").toString();
            }
        }
        throw new IllegalStateException("The TLS tests serve Label Studio through nginx, which was not found"
                + " (/usr/sbin/nginx or on the PATH). Install it: apt-get install nginx (.ci/run does).");
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
            throw new IOException(String.join(" ", List.of(command[0], command[1])) + " failed: " + tail(out));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static boolean awaitListening(Process process, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        return false;
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : new ArrayList<>();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
