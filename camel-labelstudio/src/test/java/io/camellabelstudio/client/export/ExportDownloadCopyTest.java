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
package io.camellabelstudio.client.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The copy behind {@code ExportDownload.writeTo}: every byte, in order, whatever pieces the stream returns. */
class ExportDownloadCopyTest {

    @Test
    void copiesEveryByteAcrossManyBuffersAndShortReads() throws IOException {
        byte[] data = new byte[3 * ExportDownload.COPY_BUFFER + 12_345];
        new Random(7).nextBytes(data);
        // a socket returns what has arrived: short, uneven reads
        InputStream shortReads = new FilterInputStream(new ByteArrayInputStream(data)) {
            private int call;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + (call++ * 7919) % 100_000));
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long copied = ExportDownload.copy(shortReads, out);

        assertThat(copied).isEqualTo(data.length);
        assertThat(out.toByteArray()).isEqualTo(data);
    }

    @Test
    void anEmptyStreamCopiesNothing() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(ExportDownload.copy(InputStream.nullInputStream(), out)).isZero();
        assertThat(out.size()).isZero();
    }
}
