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

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import io.camellabelstudio.client.JsonTasks;
import io.camellabelstudio.client.http.ApiResponseStream;

/**
 * An export on its way from the server: read it as a stream, write it to a file, or iterate its tasks; then close it.
 * Nothing is held in memory beyond a read buffer.
 */
public final class ExportDownload implements Closeable {

    /** The piece size of {@link #writeTo}'s copy. */
    static final int COPY_BUFFER = 256 * 1024;

    private final ApiResponseStream answer;
    private final String fileName;
    private final LongConsumer onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicLong bytesRead = new AtomicLong();
    private InputStream body;

    public ExportDownload(ApiResponseStream answer, String fallbackName) {
        this(answer, fallbackName, bytes -> {});
    }

    /** @param onEnd told once, when the download is closed (by itself or through its body), of the bytes read */
    public ExportDownload(ApiResponseStream answer, String fallbackName, LongConsumer onEnd) {
        this.answer = answer;
        this.fileName = ExportFileNames.fromContentDisposition(answer.header("Content-Disposition"), fallbackName);
        this.onEnd = onEnd;
    }

    /** The server's file name for the export, made safe (a base name of harmless characters). */
    public String fileName() {
        return fileName;
    }

    /** The declared length, or -1 when the server streams without one. */
    public long contentLength() {
        return answer.contentLength();
    }

    public String contentType() {
        return answer.header("Content-Type");
    }

    /** The export's bytes; closing it (or this download) ends the download. */
    public synchronized InputStream body() {
        if (body == null) {
            body = new CountingStream(answer.body());
        }
        return body;
    }

    /** The bytes read from {@link #body()} so far. */
    public long bytesRead() {
        return bytesRead.get();
    }

    /**
     * The tasks of a JSON export, parsed one at a time as they arrive; the download is closed at the end. Only for
     * JSON exports (a list of task objects).
     */
    public Iterator<Map<String, Object>> tasks() {
        return JsonTasks.read(body());
    }

    /**
     * Streams the export to a file: into {@code location} under {@link #fileName()} when it is a directory (existing,
     * or given with a trailing separator), else to {@code location} itself. Written to a temporary file first and moved
     * into place, so a failed download leaves no partial file. Closes this download.
     *
     * @return the file written
     */
    public Path writeTo(Path location, boolean isDirectory) {
        Path target = ExportFileNames.target(location, isDirectory, fileName);
        Path temp = null;
        try (this) {
            Files.createDirectories(target.getParent());
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
            try (InputStream in = body();
                    OutputStream out = Files.newOutputStream(temp)) {
                copy(in, out);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the export to " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: the move succeeded or the file is gone
                }
            }
        }
    }

    /**
     * Copies in pieces of {@link #COPY_BUFFER} bytes. Large reads go from the socket straight into the buffer and large
     * writes go to the file in one call each: {@code InputStream.transferTo}'s 8 KB pieces cost a read and a write
     * call (and a copy into a direct buffer) per 8 KB, about 7,000 of each for a 57 MB export.
     */
    static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        try {
            answer.close();
        } finally {
            ended();
        }
    }

    private void ended() {
        if (ended.compareAndSet(false, true)) {
            onEnd.accept(bytesRead.get());
        }
    }

    /** The body, counting what passes and reporting the end when closed. */
    private final class CountingStream extends FilterInputStream {

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytesRead.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                bytesRead.addAndGet(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            bytesRead.addAndGet(skipped);
            return skipped;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                ended();
            }
        }
    }
}
