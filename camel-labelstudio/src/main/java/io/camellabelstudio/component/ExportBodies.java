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

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.util.IOHelper;

import io.camellabelstudio.client.export.ExportDownload;

/**
 * Puts a download into a message, for the exports producer and the exports consumer alike: the File written to
 * exportLocation, or else the open stream (or, split, a lazy task iterator), closed when the exchange completes.
 * Downloads are never held in memory.
 */
public final class ExportBodies {

    private ExportBodies() {}

    /** Sets {@code CamelLabelStudioExportFileName} and the body; the download is closed at the latest on completion. */
    public static void deliver(
            Exchange exchange, Message out, ExportDownload download, String exportLocation, boolean split) {
        out.setHeader(LabelStudioConstants.EXPORT_FILE_NAME, download.fileName());
        try {
            if (exportLocation != null && !exportLocation.isBlank()) {
                Path path = Path.of(exportLocation);
                boolean directory = Files.isDirectory(path)
                        || exportLocation.endsWith("/")
                        || exportLocation.endsWith(File.separator);
                out.setBody(download.writeTo(path, directory).toFile());
                return;
            }
            closeOnCompletion(exchange, download);
            out.setBody(split ? download.tasks() : download.body());
        } catch (RuntimeException e) {
            IOHelper.close(download);
            throw e;
        }
    }

    private static void closeOnCompletion(Exchange exchange, Closeable download) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    download.close();
                } catch (IOException ignored) {
                    // the stream was read to its end or is discarded
                }
            }
        });
    }
}
