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
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.net.URIBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.camellabelstudio.client.error.LabelStudioApiException;
import io.camellabelstudio.client.error.LabelStudioConnectionException;
import io.camellabelstudio.client.error.TaskFilesDirectoryException;
import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.http.HttpClients;
import io.camellabelstudio.client.http.RetrySettings;
import io.camellabelstudio.client.http.ServerTimeLimit;
import io.camellabelstudio.client.model.DownloadedFile;
import io.camellabelstudio.client.model.FileDownloadFailure;
import io.camellabelstudio.client.model.TaskFileSource;
import io.camellabelstudio.client.model.TaskFilesResult;

/**
 * {@link TaskFilesDownloader} against two stubs: "own" plays the Label Studio server, "other" a third-party file host
 * (same IP, another port: another origin). The server's own files go through {@link OwnServerTransport}, which does
 * what the client's transport does for a download (Authorization header, typed errors).
 */
class TaskFilesDownloaderTest {

    private static final String AUTHORIZATION = "Token " + LEGACY_KEY;
    static final FileDownloadPolicy LOOPBACK = FileDownloadPolicy.DEFAULTS.withPrivateAddresses(true);

    @TempDir
    Path tmp;

    private StubLabelStudio own;
    private StubLabelStudio other;
    private LabelStudioClient client;
    private CloseableHttpClient ownHttp;
    private CloseableHttpClient otherHttp;
    private OwnServerTransport ownTransport;
    private TaskFilesDownloader downloader;
    private Path dir;

    @BeforeEach
    void start() {
        own = StubLabelStudio.start();
        other = StubLabelStudio.start();
        ownHttp = httpClient();
        otherHttp = httpClient();
        client = clientFor(own).build();
        ownTransport = new OwnServerTransport(client, ownHttp);
        // the stubs listen on loopback: allowed here (TaskFilesDownloaderSafetyTest covers the default policy)
        downloader = new TaskFilesDownloader(client.url(), ownTransport, otherHttp).withPolicy(LOOPBACK);
        dir = tmp.resolve("out");
    }

    @AfterEach
    void stop() {
        client.close();
        ownHttp.close(CloseMode.GRACEFUL);
        otherHttp.close(CloseMode.GRACEFUL);
        own.close();
        other.close();
        assertThat(own.errors()).isEmpty();
        assertThat(other.errors()).isEmpty();
    }

    @Test
    void downloadsTheServersOwnFilesWithTheAuthorizationHeader() throws IOException {
        own.when("GET", "/data/upload/12/3f2a-cat.png", StubResponse.body(200, "image/png", "cat picture"));
        own.when("GET", "/data/upload/12/dog.png", StubResponse.body(200, "image/png", "dog picture"));

        TaskFilesResult result = downloader.download(
                List.of(task(
                        12, "image", "/data/upload/12/3f2a-cat.png", "second", own.url() + "/data/upload/12/dog.png")),
                dir);

        assertThat(result.failed()).isEmpty();
        assertThat(result.downloaded())
                .extracting(DownloadedFile::taskId, DownloadedFile::field, DownloadedFile::url, DownloadedFile::size)
                .containsExactly(
                        tuple(12L, "image", own.url() + "/data/upload/12/3f2a-cat.png", 11L),
                        tuple(12L, "second", own.url() + "/data/upload/12/dog.png", 11L));
        assertThat(result.downloaded().get(0).file()).isEqualTo(dir.resolve("12_image_3f2a-cat.png"));
        assertThat(Files.readString(dir.resolve("12_image_3f2a-cat.png"))).isEqualTo("cat picture");
        assertThat(Files.readString(dir.resolve("12_second_dog.png"))).isEqualTo("dog picture");
        assertThat(own.requests())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo(AUTHORIZATION));
        assertThat(ownTransport.requests)
                .extracting(ApiRequest::path)
                .containsExactly("/data/upload/12/3f2a-cat.png", "/data/upload/12/dog.png");
        assertThat(result.complete()).isTrue();
        assertThat(result.totalBytes()).isEqualTo(22);
    }

    @Test
    void downloadsOtherHostsFilesWithoutTheAuthorizationHeaderAndReportsThemWithoutQuery() throws IOException {
        other.when("GET", "/bucket/images/dog.jpg", StubResponse.body(200, "image/jpeg", "dog from s3"));
        // Same server, but not named as in the base URL: not recognised as the server, so no key either.
        own.when("GET", "/data/upload/3/x.png", StubResponse.body(200, "image/png", "x"));
        String presigned = other.url() + "/bucket/images/dog.jpg?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=s3cr3t";
        String viaLocalhost = "http://localhost:" + own.port() + "/data/upload/3/x.png";

        TaskFilesResult result = downloader.download(List.of(task(7, "img", presigned, "alias", viaLocalhost)), dir);

        assertThat(result.failed()).isEmpty();
        assertThat(result.downloaded())
                .extracting(DownloadedFile::url)
                .containsExactly(other.url() + "/bucket/images/dog.jpg", viaLocalhost);
        assertThat(result.toString()).doesNotContain("s3cr3t").doesNotContain("AKIAEXAMPLE");
        assertThat(Files.readString(dir.resolve("7_img_dog.jpg"))).isEqualTo("dog from s3");
        assertThat(Files.readString(dir.resolve("7_alias_x.png"))).isEqualTo("x");
        RecordedRequest request = other.requests().get(0);
        assertThat(request.header("Authorization")).isNull();
        assertThat(request.rawQuery()).isEqualTo("X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=s3cr3t");
        assertThat(own.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).isNull());
        assertThat(ownTransport.requests).isEmpty();
    }

    @Test
    void followsRedirectsOfOtherHostsWithoutEverAddingTheKey() throws IOException {
        other.when("GET", "/short/a", StubResponse.redirect(302, "/real/a.png"));
        other.when("GET", "/real/a.png", StubResponse.body(200, "image/png", "real a"));
        other.when("GET", "/short/b", StubResponse.redirect(307, own.url() + "/data/upload/1/b.png"));
        own.when("GET", "/data/upload/1/b.png", StubResponse.body(200, "image/png", "real b"));
        other.when("GET", "/loop", StubResponse.redirect(302, "/loop"));

        TaskFilesResult result = downloader.download(
                List.of(task(
                        1, "a", other.url() + "/short/a", "b", other.url() + "/short/b", "c", other.url() + "/loop")),
                dir);

        assertThat(Files.readString(dir.resolve("1_a_a"))).isEqualTo("real a");
        assertThat(Files.readString(dir.resolve("1_b_b"))).isEqualTo("real b");
        assertThat(own.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).isNull());
        assertThat(other.requests())
                .allSatisfy(r -> assertThat(r.header("Authorization")).isNull());
        assertThat(result.failed())
                .singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("more than 5 redirects"));
        assertThat(other.requests("GET", "/loop")).hasSize(TaskFilesDownloader.MAX_REDIRECTS + 1);
    }

    /**
     * Label Studio answers a cloud storage object's resolve path with 303 to a presigned URL when the storage presigns
     * (S3's default). Through the client's own transport: the server gets the key, the storage host gets the
     * presigned URL without it, and the file is named after the object, not after "resolve".
     */
    @Test
    void followsTheServersRedirectToAPresignedUrlOnAnotherHostWithoutTheKey() throws IOException {
        String presigned = other.url() + "/bucket/images/cat%201.png?X-Amz-Signature=s3cr3t&X-Amz-Expires=60";
        own.when("GET", "/tasks/7/resolve/", StubResponse.redirect(303, presigned));
        other.when("GET", "/bucket/images/cat%201.png", StubResponse.body(200, "image/png", "presigned cat"));
        String reference = "/tasks/7/resolve/?fileuri=czM6Ly9idWNrZXQvaW1hZ2VzL2NhdCAxLnBuZw%3D%3D";

        TaskFilesResult result =
                client.taskFiles().withPolicy(LOOPBACK).download(List.of(task(7, "image", reference)), dir);

        assertThat(result.failed()).isEmpty();
        DownloadedFile file = result.downloaded().get(0);
        assertThat(Files.readString(file.file())).isEqualTo("presigned cat");
        assertThat(file.file().getFileName().toString())
                .startsWith("7_image_cat")
                .endsWith(".png");
        assertThat(file.url()).isEqualTo(own.url() + "/tasks/7/resolve/").doesNotContain("s3cr3t");
        assertThat(own.requests("GET", "/tasks/7/resolve/"))
                .singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).isEqualTo(AUTHORIZATION));
        assertThat(other.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).isNull());
    }

    /**
     * A resolve path names its object in {@code fileuri}: base64 of the storage URI in Label Studio 1.23, the URI as
     * it is before. Proxied files (presign off) and redirected ones get the object's name; without a usable fileuri,
     * a redirect's target names the file.
     */
    @Test
    void filesFromResolvePathsAreNamedAfterTheStorageObject() throws IOException {
        own.when("GET", "/tasks/9/resolve/", StubResponse.body(200, "image/jpeg", "proxied dog"));
        own.when("GET", "/tasks/10/resolve/", StubResponse.body(200, "image/png", "proxied bird"));
        own.when("GET", "/tasks/11/resolve/", StubResponse.redirect(303, other.url() + "/b/fish.gif?X-Sig=1"));
        other.when("GET", "/b/fish.gif", StubResponse.body(200, "image/gif", "presigned fish"));
        String base64 = java.util.Base64.getEncoder()
                .encodeToString("gs://bucket/dir/dog.jpg".getBytes(StandardCharsets.UTF_8));

        TaskFilesResult result = client.taskFiles()
                .withPolicy(LOOPBACK)
                .download(
                        List.of(
                                task(9, "image", "/tasks/9/resolve/?fileuri=" + base64.replace("=", "%3D")),
                                task(10, "image", "/tasks/10/resolve/?fileuri=s3%3A%2F%2Fb%2Fk%2Fbird.png"),
                                task(11, "image", "/tasks/11/resolve/?fileuri=bm90IGEgdXJp")),
                        dir);

        assertThat(result.failed()).isEmpty();
        assertThat(filesIn(dir)).containsExactlyInAnyOrder("9_image_dog.jpg", "10_image_bird.png", "11_image_fish.gif");
        assertThat(Files.readString(dir.resolve("9_image_dog.jpg"))).isEqualTo("proxied dog");
        assertThat(Files.readString(dir.resolve("11_image_fish.gif"))).isEqualTo("presigned fish");
    }

    /** A redirect from the server back to itself is not followed: the key would go where the task's data chose. */
    @Test
    void aRedirectOfTheServerToItselfIsNotFollowed() throws IOException {
        own.when("GET", "/tasks/8/resolve/", StubResponse.redirect(302, own.url() + "/api/current-user/token"));

        TaskFilesResult result = client.taskFiles()
                .withPolicy(LOOPBACK)
                .download(List.of(task(8, "image", "/tasks/8/resolve/?fileuri=eA%3D%3D")), dir);

        assertThat(result.downloaded()).isEmpty();
        assertThat(result.failed())
                .singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("302").contains("not followed"));
        assertThat(own.requests("GET", "/api/current-user/token")).isEmpty();
        assertThat(other.requests()).isEmpty();
    }

    @Test
    void reportsUnreachableFilesAndStillDownloadsTheOthers() throws IOException {
        own.when("GET", "/data/upload/1/ok.png", StubResponse.body(200, "image/png", "ok 1"));
        own.when("GET", "/data/upload/1/missing.png", StubResponse.html(404, "<h1>Not Found</h1>"));
        other.when("GET", "/gone.png", StubResponse.status(404));
        other.when("GET", "/ok.png", StubResponse.body(200, "image/png", "ok 2"));
        StubLabelStudio dead = StubLabelStudio.start();
        String refused = dead.url() + "/x.png?token=secret";
        dead.close();
        String deadOwnUrl;
        try (StubLabelStudio deadOwn = StubLabelStudio.start()) {
            deadOwnUrl = deadOwn.url();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("a", "/data/upload/1/ok.png");
        data.put("b", "/data/upload/1/missing.png");
        data.put("c", other.url() + "/gone.png");
        data.put("d", refused);
        data.put("e", "http://no-such-host.invalid/y.png?sig=secret");
        data.put("f", "http://exa mple.com/z.png?sig=secret");
        data.put("g", "https://[broken/z.png?sig=secret");
        data.put("h", other.url() + "/ok.png");

        TaskFilesResult result = downloader.download(List.of(new TaskFileSource(1, data)), dir);

        assertThat(result.downloaded()).extracting(DownloadedFile::field).containsExactly("a", "h");
        assertThat(result.failed())
                .extracting(FileDownloadFailure::field, FileDownloadFailure::statusCode)
                .containsExactly(
                        tuple("b", 404),
                        tuple("c", 404),
                        tuple("d", null),
                        tuple("e", null),
                        tuple("f", null),
                        tuple("g", null));
        assertThat(result.failed().get(0).url()).isEqualTo(own.url() + "/data/upload/1/missing.png");
        assertThat(result.failed().get(1).reason()).isEqualTo("HTTP 404: Not Found");
        assertThat(result.failed().get(2).url()).isEqualTo(dead.url() + "/x.png");
        assertThat(result.failed().get(2).reason()).containsIgnoringCase("refused");
        assertThat(result.failed().get(3).reason()).contains("unknown host").contains("no-such-host.invalid");
        assertThat(result.failed().get(4).reason()).contains("not a valid URL");
        assertThat(result.failed().get(5).reason()).contains("not a valid URL");
        assertThat(result.failed()).allSatisfy(f -> assertThat(f.toString()).doesNotContain("secret"));
        assertThat(filesIn(dir)).containsExactly("1_a_ok.png", "1_h_ok.png");
        assertThat(result.complete()).isFalse();

        // the server itself unreachable: reported too
        TaskFilesDownloader toDeadServer = new TaskFilesDownloader(
                URI.create(deadOwnUrl), new OwnServerTransport(URI.create(deadOwnUrl), ownHttp), otherHttp);
        TaskFilesResult dead2 =
                toDeadServer.download(List.of(task(2, "image", "/data/upload/2/a.png")), tmp.resolve("dead"));
        assertThat(dead2.failed())
                .singleElement()
                .satisfies(f -> assertThat(f.reason()).containsIgnoringCase("refused"));
    }

    @Test
    void aSymbolicLinkAtAFilesNameIsReplacedNotWrittenThrough() throws IOException {
        Path outside = tmp.resolve("outside.txt");
        Files.writeString(outside, "untouched");
        Files.createDirectories(dir);
        Files.createSymbolicLink(dir.resolve("9_f_x.txt"), outside);
        other.enqueue(StubResponse.body(200, "text/plain", "downloaded"));

        TaskFilesResult result =
                downloader.download(List.of(new TaskFileSource(9, Map.of("f", other.url() + "/..%2Fx.txt"))), dir);

        assertThat(result.failed()).isEmpty();
        Path written = result.downloaded().get(0).file();
        assertThat(written).isEqualTo(dir.toAbsolutePath().resolve("9_f_x.txt"));
        assertThat(Files.isSymbolicLink(written)).as("the link was replaced").isFalse();
        assertThat(Files.readString(written)).isEqualTo("downloaded");
        assertThat(Files.readString(outside)).as("the link's target").isEqualTo("untouched");
    }

    @Test
    void hostileNamesBecomeSafeNamesInsideTheDirectory() throws IOException {
        String[] paths = {
            "/files/..%2F..%2Fetc%2Fpasswd",
            "/files/a%2Fb%2Fc.txt",
            "/",
            "/files/%2E%2E",
            "/files/%0Aevil%00name%E2%80%AE.png",
            "/files/..%5C..%5Cwin.ini",
            "/files/.hidden",
            "/files/%252e%252e%252fdouble.txt",
            "/files/%2e%2e%5c%2e%2e%5cmixed.txt",
        };
        for (int i = 0; i < paths.length; i++) {
            other.enqueue(StubResponse.body(200, "text/plain", "content " + i));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < paths.length; i++) {
            data.put("f" + i, other.url() + paths[i]);
        }
        data.put("../../etc", other.url() + "/x.txt");
        other.enqueue(StubResponse.body(200, "text/plain", "field"));
        own.when("GET", "/data/local-files/", StubResponse.body(200, "text/plain", "local"));
        data.put("l1", "/data/local-files/?d=%2Fabs%2Fpath");
        data.put("l2", "/data/local-files/?d=..%2F..%2Fetc%2Fshadow");

        TaskFilesResult result = downloader.download(List.of(new TaskFileSource(9, data)), dir);

        assertThat(result.failed()).isEmpty();
        assertThat(result.downloaded())
                .extracting(d -> d.file().getFileName().toString())
                .containsExactly(
                        "9_f0_passwd",
                        "9_f1_c.txt",
                        "9_f2_file",
                        "9_f3_file",
                        "9_f4_evil_name_.png",
                        "9_f5_win.ini",
                        "9_f6_hidden",
                        "9_f7_2e_2e_2fdouble.txt",
                        "9_f8_mixed.txt",
                        "9_etc_x.txt",
                        "9_l1_path",
                        "9_l2_shadow");
        assertThat(result.downloaded())
                .allSatisfy(d -> assertThat(d.file().getParent()).isEqualTo(dir.toAbsolutePath()));
        try (Stream<Path> all = Files.walk(tmp)) {
            assertThat(all.filter(Files::isRegularFile))
                    .allSatisfy(p -> assertThat(p.getParent()).isEqualTo(dir));
        }
        assertThat(own.requests("GET", "/data/local-files/"))
                .extracting(r -> r.queryParam("d"))
                .containsExactly("/abs/path", "../../etc/shadow");
        assertThat(result.downloaded().get(10).url()).isEqualTo(own.url() + "/data/local-files/?d=%2Fabs%2Fpath");
    }

    @Test
    void refusesServerPathsThatClimbOutOfData() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("a", "/data/upload/../../api/users/");
        data.put("b", "/data/upload/%2e%2e/%2E%2E/api/users/");
        data.put("c", own.url() + "/data/..%2F..%2Fapi/users/");
        data.put("d", "/data/upload/..%5C..%5Capi/users/");

        TaskFilesResult result = downloader.download(List.of(new TaskFileSource(1, data)), dir);

        assertThat(result.downloaded()).isEmpty();
        assertThat(result.failed())
                .hasSize(4)
                .allSatisfy(f -> assertThat(f.reason()).contains("'..'"));
        assertThat(own.requests()).isEmpty();
    }

    @Test
    void ignoresValuesThatAreNotFileReferences() throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", "The quick brown fox");
        data.put("mention", "see http://example.com/a.png");
        data.put("spaced", " http://example.com/a.png");
        data.put("ftp", "ftp://example.com/a.png");
        data.put("s3", "s3://bucket/a.png");
        data.put("relative", "data/upload/1/a.png");
        data.put("datafoo", "/datafoo/a.png");
        data.put("number", 42);
        data.put("flag", true);
        data.put("nothing", null);
        data.put("list", List.of(other.url() + "/a.png"));
        data.put("object", Map.of("url", other.url() + "/a.png"));
        data.put(null, other.url() + "/a.png");

        TaskFilesResult result = downloader.download(List.of(new TaskFileSource(1, data)), dir);

        assertThat(result.downloaded()).isEmpty();
        assertThat(result.failed()).isEmpty();
        assertThat(own.requests()).isEmpty();
        assertThat(other.requests()).isEmpty();
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void streamsALargeFileToDisk() throws Exception {
        int size = 20 * 1024 * 1024;
        String content = randomText(size);
        byte[] expectedHash = sha256(content.getBytes(StandardCharsets.US_ASCII));
        own.when("GET", "/data/upload/1/big.bin", StubResponse.body(200, "application/octet-stream", content));
        other.when("GET", "/big.bin", StubResponse.body(200, "application/octet-stream", content));

        TaskFilesResult result = downloader.download(
                List.of(task(1, "own", "/data/upload/1/big.bin", "other", other.url() + "/big.bin")), dir);

        assertThat(result.failed()).isEmpty();
        assertThat(result.downloaded()).hasSize(2).allSatisfy(d -> {
            assertThat(d.size()).isEqualTo(size);
            assertThat(Files.size(d.file())).isEqualTo(size);
            try (InputStream in = Files.newInputStream(d.file())) {
                assertThat(sha256(in)).isEqualTo(expectedHash);
            }
        });
        assertThat(ownTransport.largestRead).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void aTruncatedDownloadLeavesNoFile() throws IOException {
        String content = randomText(200_000);
        own.when(
                "GET",
                "/data/upload/1/cut.bin",
                StubResponse.body(200, "application/octet-stream", content).truncatedAfter(100_000));
        other.when(
                "GET",
                "/cut.bin",
                StubResponse.body(200, "application/octet-stream", content).truncatedAfter(70_000));
        other.when("GET", "/fine.bin", StubResponse.body(200, "application/octet-stream", "fine"));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("1_b_cut.bin"), "from an earlier run");

        TaskFilesResult result = downloader.download(
                List.of(task(
                        1,
                        "a",
                        "/data/upload/1/cut.bin",
                        "b",
                        other.url() + "/cut.bin",
                        "c",
                        other.url() + "/fine.bin")),
                dir);

        assertThat(result.failed()).extracting(FileDownloadFailure::field).containsExactly("a", "b");
        assertThat(result.failed()).allSatisfy(f -> assertThat(f.reason()).isNotBlank());
        assertThat(result.downloaded()).extracting(DownloadedFile::field).containsExactly("c");
        // no partial file, no leftover temporary file; an earlier complete file is left alone
        assertThat(filesIn(dir)).containsExactly("1_b_cut.bin", "1_c_fine.bin");
        assertThat(Files.readString(dir.resolve("1_b_cut.bin"))).isEqualTo("from an earlier run");
    }

    @Test
    void aTransportThatCutsTheBodyShortOfItsLengthIsAFailure() throws IOException {
        FileDownloadTransport shortBody = (request, body) -> {
            try {
                body.read(new java.io.ByteArrayInputStream(new byte[10]), 20);
            } catch (IOException e) {
                throw new LabelStudioConnectionException("GET", request.path(), e.getMessage(), e);
            }
        };
        TaskFilesResult result = new TaskFilesDownloader(client.url(), shortBody, otherHttp)
                .download(List.of(task(1, "a", "/data/upload/1/a.bin")), dir);

        assertThat(result.failed())
                .singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("10 of 20 bytes"));
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void anUnusableDirectoryIsFatal() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");

        assertThatThrownBy(() -> downloader.download(List.of(task(1, "a", "/data/upload/1/a.png")), file))
                .isInstanceOf(TaskFilesDirectoryException.class)
                .hasMessageContaining(file.toString())
                .satisfies(e -> assertThat(((TaskFilesDirectoryException) e).getDirectory())
                        .isEqualTo(file));
        assertThatThrownBy(() -> downloader.download(List.of(), file.resolve("sub")))
                .isInstanceOf(TaskFilesDirectoryException.class)
                .hasMessageContaining("cannot be created");
        assertThat(own.requests()).isEmpty();
    }

    @Test
    void aFailingWriteIsFatal() {
        own.when("GET", "/data/upload/1/a.png", StubResponse.body(200, "image/png", "a"));
        FileDownloadTransport deletesTheDirectory = (request, body) -> ownTransport.download(request, (in, length) -> {
            deleteRecursively(dir);
            body.read(in, length);
        });

        assertThatThrownBy(() -> new TaskFilesDownloader(client.url(), deletesTheDirectory, otherHttp)
                        .download(List.of(task(1, "a", "/data/upload/1/a.png")), dir))
                .isInstanceOf(TaskFilesDirectoryException.class)
                .hasMessageContaining("a file cannot be created in it");
    }

    @Test
    void createsMissingDirectoriesAndKeepsCollidingNamesApart() throws IOException {
        other.when("GET", "/img/a.png", StubResponse.body(200, "image/png", "a"));
        other.when("GET", "/img/noext", StubResponse.body(200, "image/png", "n"));
        Path nested = tmp.resolve("x/y/z");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("a/b", other.url() + "/img/a.png");
        data.put("a_b", other.url() + "/img/a.png");
        data.put("A_B", other.url() + "/img/a.png");
        data.put("n", other.url() + "/img/noext");
        data.put("n ", other.url() + "/img/noext");

        TaskFilesResult result = downloader.download(List.of(new TaskFileSource(5, data)), nested);

        assertThat(result.downloaded())
                .extracting(d -> d.file().getFileName().toString())
                .containsExactly("5_a_b_a.png", "5_a_b_a_2.png", "5_A_B_a_3.png", "5_n_noext", "5_n_noext_2");
        assertThat(filesIn(nested)).hasSize(5);
    }

    @Test
    void takesTasksAsLabelStudioSendsThem() throws IOException {
        own.when("GET", "/data/upload/4/a.png", StubResponse.body(200, "image/png", "a"));
        Map<String, Object> task =
                Map.of("id", 4, "data", Map.of("image", "/data/upload/4/a.png"), "annotations", List.of());
        Map<String, Object> noData = Map.of("id", "5");

        TaskFilesResult result = downloader.downloadTasks(List.of(task, noData), dir);

        assertThat(result.downloaded()).extracting(DownloadedFile::taskId).containsExactly(4L);
        assertThat(Files.readString(dir.resolve("4_image_a.png"))).isEqualTo("a");
        assertThatThrownBy(() -> TaskFileSource.fromTask(Map.of("data", Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id");
        assertThatThrownBy(() -> TaskFileSource.fromTask(Map.of("id", 1, "data", "text")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data");
    }

    @Test
    void aBaseUrlWithAPathPrefixIsHonoured() throws IOException {
        own.when("GET", "/ls/data/upload/1/a.png", StubResponse.body(200, "image/png", "a"));
        own.when("GET", "/ls/data/upload/1/b.png", StubResponse.body(200, "image/png", "b"));
        own.when("GET", "/elsewhere/c.png", StubResponse.body(200, "image/png", "c"));
        try (LabelStudioClient prefixed = LabelStudioClient.builder()
                .url(own.url() + "/ls/")
                .apiKey(LEGACY_KEY)
                .build()) {
            TaskFilesDownloader withPrefix = new TaskFilesDownloader(
                            prefixed.url(), new OwnServerTransport(prefixed, ownHttp), otherHttp)
                    .withPolicy(LOOPBACK);

            TaskFilesResult result = withPrefix.download(
                    List.of(task(
                            1,
                            "a",
                            "/data/upload/1/a.png",
                            "b",
                            own.url() + "/ls/data/upload/1/b.png",
                            "c",
                            own.url() + "/elsewhere/c.png")),
                    dir);

            assertThat(result.failed()).isEmpty();
            assertThat(own.requests())
                    .extracting(RecordedRequest::path, r -> r.header("Authorization"))
                    .containsExactly(
                            tuple("/ls/data/upload/1/a.png", AUTHORIZATION),
                            tuple("/ls/data/upload/1/b.png", AUTHORIZATION),
                            tuple("/elsewhere/c.png", null));
        }
    }

    // ---- helpers

    private static CloseableHttpClient httpClient() {
        return HttpClients.create(
                Duration.ofSeconds(5),
                Duration.ofSeconds(20),
                RetrySettings.NONE,
                5,
                null,
                null,
                null,
                true,
                ServerTimeLimit.DEFAULT);
    }

    /** A task whose data holds the given field/value pairs, in order. */
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

    private static String randomText(int size) {
        byte[] alphabet = "abcdefghijklmnopqrstuvwxyz0123456789".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[size];
        Random random = new Random(42);
        for (int i = 0; i < size; i++) {
            bytes[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static byte[] sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return digest.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p :
                    all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * What the client's transport does for {@link FileDownloadTransport}: GET base URL + path (+ query) with the
     * client's Authorization header, no redirects; an answer of 300 or more raises LabelStudioApiException, an I/O
     * error LabelStudioConnectionException.
     */
    static final class OwnServerTransport implements FileDownloadTransport {
        final List<ApiRequest> requests = new CopyOnWriteArrayList<>();
        volatile int largestRead;
        private final URI baseUrl;
        private final LabelStudioClient client;
        private final CloseableHttpClient http;

        OwnServerTransport(LabelStudioClient client, CloseableHttpClient http) {
            this.baseUrl = client.url();
            this.client = client;
            this.http = http;
        }

        OwnServerTransport(URI baseUrl, CloseableHttpClient http) {
            this.baseUrl = baseUrl;
            this.client = null;
            this.http = http;
        }

        @Override
        public void download(ApiRequest request, Body body) {
            requests.add(request);
            String basePath =
                    baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath().replaceAll("/+$", "");
            HttpGet get;
            try {
                URIBuilder uri = new URIBuilder(baseUrl).setPath(basePath + request.path());
                request.queryParameters().forEach(p -> uri.addParameter(p.getKey(), p.getValue()));
                get = new HttpGet(uri.build());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(e);
            }
            get.setHeader(HttpHeaders.ACCEPT, "*/*");
            if (client != null) {
                get.setHeader(
                        HttpHeaders.AUTHORIZATION,
                        client.transport().authenticator().authorization());
            }
            try (ClassicHttpResponse response =
                    http.executeOpen(RoutingSupport.determineHost(get), get, HttpClientContext.create())) {
                if (response.getCode() >= 300) {
                    EntityUtils.consume(response.getEntity());
                    throw new LabelStudioApiException(
                            response.getCode(), "GET", request.path(), response.getReasonPhrase());
                }
                HttpEntity entity = response.getEntity();
                try (InputStream in = new ReadSizeRecorder(entity.getContent())) {
                    body.read(in, entity.getContentLength());
                }
            } catch (IOException e) {
                throw new LabelStudioConnectionException("GET", request.path(), e.toString(), e);
            } catch (HttpException e) {
                throw new LabelStudioConnectionException("GET", request.path(), e.toString(), e);
            }
        }

        /** Remembers the largest read the downloader asked for: it reads in buffers, not whole files. */
        private final class ReadSizeRecorder extends java.io.FilterInputStream {
            ReadSizeRecorder(InputStream in) {
                super(in);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                largestRead = Math.max(largestRead, len);
                return super.read(b, off, len);
            }

            @Override
            public byte[] readAllBytes() {
                throw new AssertionError("the downloader must stream, not read whole bodies");
            }
        }
    }
}
