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
package io.camellabelstudio.client;

import static io.camellabelstudio.client.ClientTestSupport.LEGACY_KEY;
import static io.camellabelstudio.client.ClientTestSupport.clientFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.camellabelstudio.client.http.HttpClients;
import io.camellabelstudio.client.http.RetrySettings;
import io.camellabelstudio.client.http.ServerTimeLimit;
import io.camellabelstudio.client.model.DownloadedFile;
import io.camellabelstudio.client.model.FileDownloadFailure;
import io.camellabelstudio.client.model.TaskFileSource;
import io.camellabelstudio.client.model.TaskFilesResult;

/**
 * What task data cannot make {@link TaskFilesDownloader} do: send the API key to API endpoints, reach link-local,
 * cloud metadata, loopback or private addresses (the last two unless allowed), directly or through a redirect, or
 * write a file larger than the cap. "own" plays the Label Studio server, "other" a file host; both listen on loopback,
 * which is why most tests allow private addresses and the refusals of loopback are tested with the defaults.
 */
class TaskFilesDownloaderSafetyTest {

    private static final FileDownloadPolicy LOOPBACK = FileDownloadPolicy.DEFAULTS.withPrivateAddresses(true);

    @TempDir
    Path tmp;

    private StubLabelStudio own;
    private StubLabelStudio other;
    private LabelStudioClient client;
    private Path dir;

    @BeforeEach
    void start() {
        own = StubLabelStudio.start();
        other = StubLabelStudio.start();
        client = clientFor(own).build(); // its taskFiles() has the checking resolver, as in production
        dir = tmp.resolve("out");
    }

    @AfterEach
    void stop() {
        client.close();
        own.close();
        other.close();
        assertThat(own.errors()).isEmpty();
        assertThat(other.errors()).isEmpty();
    }

    @Test
    void theKeyGoesOnlyToThePathsLabelStudioServesFilesFrom() throws IOException {
        own.when("GET", "/data/upload/1/a.png", StubResponse.body(200, "image/png", "a"));
        own.when("GET", "/tasks/1/resolve/", StubResponse.body(200, "image/png", "resolved"));
        own.when("GET", "/data/local-files/", StubResponse.body(200, "text/plain", "local"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("relativeApi", "/api/current-user/token"); // not a file reference at all
        data.put("absoluteApi", own.url() + "/api/current-user/token");
        data.put("dataButNotFiles", "/data/../api/current-user/token");
        data.put("otherDataPath", "/data/export/1");
        data.put("apiWithFileQuery", own.url() + "/api/projects/1/export?d=/data/upload/x");
        data.put("upload", "/data/upload/1/a.png");
        data.put("resolve", "/tasks/1/resolve/?fileuri=czM6Ly9idWNrZXQvYS5wbmc=");
        data.put("local", own.url() + "/data/local-files/?d=docs/b.txt");

        TaskFilesResult result = client.taskFiles().download(List.of(new TaskFileSource(1, data)), dir);

        assertThat(result.downloaded()).extracting(DownloadedFile::field).containsExactly("upload", "resolve", "local");
        assertThat(result.failed())
                .extracting(FileDownloadFailure::field)
                .containsExactly("absoluteApi", "dataButNotFiles", "otherDataPath", "apiWithFileQuery");
        assertThat(result.failed().get(0).reason())
                .contains("not a path Label Studio serves task files from")
                .contains("/data/upload/");
        // only the three file paths were requested, each with the key; nothing else reached the server
        assertThat(own.requests())
                .extracting(RecordedRequest::path)
                .containsExactly("/data/upload/1/a.png", "/tasks/1/resolve/", "/data/local-files/");
        assertThat(own.requests())
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Token " + LEGACY_KEY));
        assertThat(filesIn(dir)).containsExactly("1_local_b.txt", "1_resolve_a.png", "1_upload_a.png");
    }

    @Test
    void loopbackAndPrivateAddressesAreRefusedByDefault() throws IOException {
        other.when("GET", "/a.png", StubResponse.body(200, "image/png", "a"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("loopback", other.url() + "/a.png");
        data.put("localhost", "http://localhost:" + other.port() + "/a.png");
        data.put("ten", "http://10.11.12.13/a.png");
        data.put("oneSevenTwo", "http://172.20.0.5/a.png");
        data.put("oneNineTwo", "http://192.168.1.1/a.png");
        data.put("ipv6Loopback", "http://[::1]:" + other.port() + "/a.png");
        data.put("uniqueLocal", "http://[fd12:3456::1]/a.png");

        assertThat(client.taskFiles().policy()).isEqualTo(FileDownloadPolicy.DEFAULTS);
        TaskFilesResult result = client.taskFiles().download(List.of(new TaskFileSource(3, data)), dir);

        assertThat(result.downloaded()).isEmpty();
        assertThat(result.failed())
                .hasSize(7)
                .allSatisfy(f -> assertThat(f.reason())
                        .containsAnyOf("a loopback address", "a private-network address")
                        .contains("private addresses are not allowed"));
        assertThat(other.requests()).isEmpty();
        assertThat(filesIn(dir)).isEmpty();

        // allowed on request
        TaskFilesResult allowed = client.taskFiles()
                .withPolicy(LOOPBACK)
                .download(List.of(task(3, "loopback", other.url() + "/a.png")), dir);
        assertThat(allowed.downloaded()).extracting(DownloadedFile::field).containsExactly("loopback");
    }

    @Test
    void linkLocalAndCloudMetadataAddressesAreRefusedEvenWhenPrivateOnesAreAllowed() throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("aws", "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
        data.put("linkLocal", "http://169.254.1.2/x");
        data.put("alibaba", "http://100.100.100.200/latest/meta-data/");
        data.put("awsIpv6", "http://[fd00:ec2::254]/latest/meta-data/");
        data.put("ipv6LinkLocal", "http://[fe80::1]/x");
        data.put("mapped", "http://[::ffff:169.254.169.254]/latest/meta-data/");
        data.put("unspecified", "http://0.0.0.0:" + other.port() + "/x");

        long start = System.nanoTime();
        TaskFilesResult result =
                client.taskFiles().withPolicy(LOOPBACK).download(List.of(new TaskFileSource(4, data)), dir);

        assertThat(result.downloaded()).isEmpty();
        assertThat(result.failed())
                .extracting(FileDownloadFailure::reason)
                .allSatisfy(reason -> assertThat(reason)
                        .containsAnyOf("link-local", "cloud metadata", "not a unicast address")
                        .contains("task files are not fetched from there"));
        assertThat(result.failed()).hasSize(7);
        // refused before any connection attempt (169.254.169.254 would otherwise time out here)
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(other.requests()).isEmpty();
    }

    @Test
    void everyRedirectTargetIsCheckedAgainAndRedirectsAreBounded() throws IOException {
        other.when("GET", "/to-metadata", StubResponse.redirect(302, "http://169.254.169.254/latest/meta-data/"));
        other.when("GET", "/to-api", StubResponse.redirect(302, own.url() + "/api/current-user/token"));
        other.when("GET", "/loop", StubResponse.redirect(307, "/loop"));

        TaskFilesResult result = client.taskFiles()
                .withPolicy(LOOPBACK)
                .download(
                        List.of(task(
                                5,
                                "metadata",
                                other.url() + "/to-metadata",
                                "api",
                                other.url() + "/to-api",
                                "loop",
                                other.url() + "/loop")),
                        dir);

        assertThat(result.failed())
                .extracting(FileDownloadFailure::field, FileDownloadFailure::reason)
                .satisfiesExactly(
                        f -> assertThat(f.toList().get(1).toString()).contains("169.254.169.254", "link-local"),
                        f -> assertThat(f.toList().get(1).toString()).contains("HTTP 418"),
                        f -> assertThat(f.toList().get(1).toString())
                                .contains("more than " + TaskFilesDownloader.MAX_REDIRECTS + " redirects"));
        // a redirect to the server's API is followed like any other host's link: without the key
        assertThat(own.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).isNull());
        assertThat(other.requests("GET", "/loop")).hasSize(TaskFilesDownloader.MAX_REDIRECTS + 1);
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void theResolverRefusesAtConnectionTimeWhateverTheNameResolvesTo() throws Exception {
        FileHostResolver resolver = new FileHostResolver(null);
        assertThatThrownBy(() -> resolver.resolve("localhost"))
                .isInstanceOf(FileHostResolver.RefusedAddressException.class)
                .hasMessageContaining("loopback");
        assertThat(FileHostResolver.with(LOOPBACK, () -> {
                    try {
                        return resolver.resolve("localhost");
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }))
                .isNotEmpty();
        assertThatThrownBy(() -> FileHostResolver.with(LOOPBACK, () -> {
                    try {
                        return resolver.resolve("169.254.169.254");
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }))
                .hasCauseInstanceOf(FileHostResolver.RefusedAddressException.class);
        // a proxy is the route's choice, not task data's
        assertThat(new FileHostResolver(URI.create("http://127.0.0.1:3128")).resolve("127.0.0.1"))
                .containsExactly(InetAddress.getByName("127.0.0.1"));

        // wired into the connections: an HTTP client with it cannot connect to loopback
        other.when("GET", "/x", StubResponse.body(200, "text/plain", "x"));
        try (CloseableHttpClient http = HttpClients.create(
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                RetrySettings.NONE,
                2,
                null,
                null,
                resolver,
                true,
                ServerTimeLimit.DEFAULT)) {
            assertThatThrownBy(() -> http.execute(new HttpGet(other.url() + "/x"), r -> r.getCode()))
                    .isInstanceOf(FileHostResolver.RefusedAddressException.class);
            http.close(CloseMode.IMMEDIATE);
        }
        assertThat(other.requests()).isEmpty();
    }

    @Test
    void aFileOverTheCapIsRefusedByItsLengthOrDroppedOnceItPassesIt() throws Exception {
        String twoKb = "x".repeat(2048);
        own.when("GET", "/data/upload/1/big.bin", StubResponse.body(200, "application/octet-stream", twoKb));
        other.when("GET", "/big.bin", StubResponse.body(200, "application/octet-stream", twoKb));
        other.when("GET", "/fits.bin", StubResponse.body(200, "application/octet-stream", "x".repeat(1024)));

        TaskFilesResult result = client.taskFiles()
                .withPolicy(LOOPBACK.withMaxFileBytes(1024))
                .download(
                        List.of(task(
                                6,
                                "own",
                                "/data/upload/1/big.bin",
                                "other",
                                other.url() + "/big.bin",
                                "fits",
                                other.url() + "/fits.bin")),
                        dir);

        assertThat(result.downloaded()).extracting(DownloadedFile::field).containsExactly("fits");
        assertThat(result.failed())
                .extracting(FileDownloadFailure::reason)
                .containsExactly(
                        "the file is 2048 bytes, more than the limit of 1024",
                        "the file is 2048 bytes, more than the limit of 1024");
        assertThat(filesIn(dir)).containsExactly("6_fits_fits.bin");
    }

    @Test
    void aBodyWithoutLengthIsNotReadPastTheCap() throws Exception {
        long endless = 1L << 30; // 1 GiB offered, in chunks
        AtomicLong written = new AtomicLong();
        CompletableFuture<Throwable> serverEnd = new CompletableFuture<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/stream.bin", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                while (written.get() < endless) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
                serverEnd.complete(null);
            } catch (IOException e) {
                serverEnd.complete(e);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/stream.bin";
            long start = System.nanoTime();
            TaskFilesResult result = client.taskFiles()
                    .withPolicy(LOOPBACK.withMaxFileBytes(1024 * 1024))
                    .download(List.of(task(7, "stream", url)), dir);

            assertThat(result.failed())
                    .singleElement()
                    .satisfies(f -> assertThat(f.reason())
                            .isEqualTo("the file is larger than the limit of 1048576 bytes; dropped"));
            assertThat(filesIn(dir)).isEmpty();
            // the client dropped the connection: the server's writes failed long before the gigabyte
            assertThat(serverEnd.get(20, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            assertThat(written.get()).isLessThan(64L * 1024 * 1024);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void thePolicyRejectsANonPositiveCap() {
        assertThatThrownBy(() -> FileDownloadPolicy.DEFAULTS.withMaxFileBytes(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxFileBytes");
    }

    private static TaskFileSource task(long id, String... fieldsAndValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            data.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return new TaskFileSource(id, data);
    }

    private static List<String> filesIn(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
