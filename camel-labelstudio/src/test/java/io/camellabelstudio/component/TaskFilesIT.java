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
package io.camellabelstudio.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.model.DownloadedFile;
import io.camellabelstudio.client.model.ImportResult;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.TaskFilesResult;
import io.camellabelstudio.it.CamelLabelStudio;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;

/** {@code labelstudio:tasks?operation=downloadFiles} fetching files that Label Studio itself serves. */
@ExtendWith(LabelStudioServerExtension.class)
class TaskFilesIT {

    private static final String IMAGE_CONFIG = "<View><Image name=\"image\" value=\"$image\"/>"
            + "<Choices name=\"kind\" toName=\"image\"><Choice value=\"Red\"/></Choices></View>";

    @Test
    void downloadsUploadedFilesWithTheKeyAndReportsUnreachableOnes(
            LabelStudioServer server, @TempDir Path uploads, @TempDir Path target) throws IOException {
        try (CamelLabelStudio ls = new CamelLabelStudio(server)) {
            Project project = ls.project("Files", IMAGE_CONFIG);
            byte[] png = png(6, 5);
            Path image = Files.write(uploads.resolve("red square.png"), png);
            // uploading an image makes Label Studio store it and serve it under /data/upload/...
            ImportResult uploaded = ls.request(
                            "labelstudio:tasks?operation=import&projectId=" + project.id(), image, Map.of())
                    .getMessage()
                    .getBody(ImportResult.class);
            assertThat(uploaded.taskCount()).isEqualTo(1);
            String served = (String)
                    ls.client().tasks().get(uploaded.taskIds().get(0)).data().get("image");
            assertThat(served).startsWith("/data/upload/");
            ls.client()
                    .tasks()
                    .importTasks(
                            project.id(),
                            List.of(Map.of("image", "http://127.0.0.1:9/nothing-listens-here.png")),
                            ImportOptions.defaults());

            Exchange result = ls.request(
                    "labelstudio:tasks?operation=downloadFiles&projectId=" + project.id() + "&downloadDirectory="
                            + target,
                    null,
                    Map.of());

            TaskFilesResult files = result.getMessage().getBody(TaskFilesResult.class);
            assertThat(result.getMessage().getHeader(LabelStudioConstants.DOWNLOADED_COUNT))
                    .isEqualTo(1L);
            assertThat(result.getMessage().getHeader(LabelStudioConstants.FAILED_COUNT))
                    .isEqualTo(1L);
            DownloadedFile file = files.downloaded().get(0);
            assertThat(file.file().getParent()).isEqualTo(target);
            assertThat(Files.readAllBytes(file.file())).isEqualTo(png);
            assertThat(files.failed().get(0).url()).contains("nothing-listens-here.png");
            try (var listing = Files.list(target)) {
                assertThat(listing.toList()).containsExactly(file.file()); // no partial files left
            }
        }
    }

    /**
     * Task data cannot steer the key or the route: an API path of the server (relative or absolute) downloads nothing
     * and is never requested; a file host on loopback is refused unless downloadFromPrivateAddresses allows it; a file
     * over maxFileBytes is not written.
     */
    @Test
    void taskDataCannotSendTheKeyElsewhereNorReachPrivateHostsNorFillTheDisk(
            LabelStudioServer server, @TempDir Path uploads, @TempDir Path target) throws Exception {
        HttpServer fileHost = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fileHost.createContext("/pic.png", exchange -> {
            byte[] body = "a picture".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        fileHost.start();
        try (CamelLabelStudio ls = new CamelLabelStudio(server)) {
            Project project = ls.project("Files safety", IMAGE_CONFIG);
            Path image = Files.write(uploads.resolve("big.png"), png(40, 40));
            ls.request("labelstudio:tasks?operation=import&projectId=" + project.id(), image, Map.of());
            String loopbackFile = "http://127.0.0.1:" + fileHost.getAddress().getPort() + "/pic.png";
            ls.client()
                    .tasks()
                    .importTasks(
                            project.id(),
                            List.of(
                                    Map.of("image", "/api/current-user/token"),
                                    Map.of("image", server.url() + "/api/current-user/token"),
                                    Map.of("image", loopbackFile)),
                            ImportOptions.defaults());
            String uri = "labelstudio:tasks?operation=downloadFiles&projectId=" + project.id() + "&downloadDirectory="
                    + target;

            TaskFilesResult strict = ls.request(uri + "&maxFileBytes=10", null, Map.of())
                    .getMessage()
                    .getBody(TaskFilesResult.class);

            assertThat(strict.downloaded()).isEmpty();
            assertThat(strict.failed())
                    .extracting(f -> f.reason())
                    .satisfiesExactlyInAnyOrder(
                            // by its Content-Length, or while streaming a compressed or chunked answer
                            reason -> assertThat(reason)
                                    .startsWith("the file is ")
                                    .containsPattern("limit of 10\\b"),
                            reason -> assertThat(reason).contains("not a path Label Studio serves task files from"),
                            reason -> assertThat(reason).contains("a loopback address"));
            try (var listing = Files.list(target)) {
                assertThat(listing.toList()).isEmpty();
            }
            String accessLog = server.env("LABEL_STUDIO_NGINX_ACCESS_LOG");
            if (accessLog != null && Files.exists(Path.of(accessLog))) {
                assertThat(Files.readAllLines(Path.of(accessLog)))
                        .noneMatch(line -> line.contains("/api/current-user/token"));
            }

            TaskFilesResult allowed = ls.request(uri + "&downloadFromPrivateAddresses=true", null, Map.of())
                    .getMessage()
                    .getBody(TaskFilesResult.class);
            assertThat(allowed.downloaded()).hasSize(2);
            assertThat(allowed.failed())
                    .singleElement()
                    .satisfies(f -> assertThat(f.reason()).contains("not a path Label Studio serves task files from"));
        } finally {
            fileHost.stop(0);
        }
    }

    /** A small valid PNG of one red colour. */
    private static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (int y = 0; y < height; y++) {
            raw.write(0);
            for (int x = 0; x < width; x++) {
                raw.write(new byte[] {(byte) 0xff, 0, 0});
            }
        }
        Deflater deflater = new Deflater();
        deflater.setInput(raw.toByteArray());
        deflater.finish();
        byte[] buffer = new byte[4096];
        int compressed = deflater.deflate(buffer);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", new byte[] {0, 0, 0, (byte) width, 0, 0, 0, (byte) height, 8, 2, 0, 0, 0});
        chunk(out, "IDAT", java.util.Arrays.copyOf(buffer, compressed));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
