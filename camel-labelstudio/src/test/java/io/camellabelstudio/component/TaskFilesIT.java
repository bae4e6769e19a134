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
