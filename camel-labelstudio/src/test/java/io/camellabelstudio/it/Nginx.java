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

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.awaitility.core.ConditionTimeoutException;

/**
 * nginx as a child of the test JVM: in the foreground, one process ({@code master_process off}), on a free loopback
 * port, with a generated config and its files and logs in a directory of its own under {@code target/labelstudio-it}.
 * {@link TlsProxy} and {@link LoadBalancer} give it their {@code server} blocks; {@link #close()} stops it.
 */
public final class Nginx implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Process process;

    private Nginx(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** A new directory {@code target/labelstudio-it/PREFIX-RANDOM} for one nginx's files. */
    static Path newDirectory(String prefix) throws IOException {
        Path dir = Paths.get(
                        "target",
                        "labelstudio-it",
                        prefix + "-" + UUID.randomUUID().toString().substring(0, 8))
                .toAbsolutePath();
        Files.createDirectories(dir.resolve("temp"));
        return dir;
    }

    /**
     * Starts nginx in {@code dir}; {@code http} gives what goes into the {@code http} block (besides logs and temp
     * paths) for the port nginx is to listen on. Tries up to 3 free ports (another process may take one first).
     */
    static Nginx start(Path dir, IntFunction<String> http) throws IOException, InterruptedException {
        String binary = findNginx();
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = freePort();
            Files.writeString(dir.resolve("nginx.conf"), config(dir, http.apply(port)));
            Process process = new ProcessBuilder(
                            binary,
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
                return new Nginx(dir, port, process);
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            lastFailure = new IOException("nginx did not start on port " + port + " (attempt " + attempt + "): "
                    + tail(dir.resolve("error.log")) + " " + tail(dir.resolve("nginx.out")));
        }
        throw lastFailure;
    }

    public int port() {
        return port;
    }

    /** nginx's access log: one line per request it proxied. */
    public Path accessLog() {
        return dir.resolve("access.log");
    }

    /** nginx's error log (e.g. an upstream that refused a connection). */
    public Path errorLog() {
        return dir.resolve("error.log");
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: nginx's fast shutdown
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String config(Path dir, String http) {
        String temp = dir.resolve("temp").toString();
        return """
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 256; }
                http {
                    client_body_temp_path %2$s/body;
                    proxy_temp_path %2$s/proxy;
                    fastcgi_temp_path %2$s/fastcgi;
                    uwsgi_temp_path %2$s/uwsgi;
                    scgi_temp_path %2$s/scgi;
                %3$s
                }
                """.formatted(dir, temp, http.indent(4).stripTrailing());
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
        throw new IllegalStateException("This test runs nginx, which was not found (/usr/sbin/nginx or on the PATH)."
                + " Install it: apt-get install nginx (.ci/run does).");
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Whether nginx accepts connections on the port within 15 s; false as soon as it exited (e.g. port taken). */
    private static boolean awaitListening(Process process, int port) {
        try {
            await("nginx listening on " + port)
                    .atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !process.isAlive() || accepts(port));
        } catch (ConditionTimeoutException e) {
            return false;
        }
        return process.isAlive();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The last 5 lines of a file, joined with " | "; empty when it does not exist. */
    static String tail(Path file) {
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : new ArrayList<>();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
