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
package io.camellabelstudio.component.transform;

import java.io.File;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.DataType;
import org.apache.camel.spi.DataTypeTransformer;
import org.apache.camel.spi.Transformer;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * {@code labelstudio:file-tasks}: a task file (the file component's message, a {@code File} or a {@code Path})
 * becomes its tasks, a {@link FileTasks}: a lazy {@code Iterable} of task maps for the {@code tasks} import, with
 * {@code taskCount()}. The file is checked whole first, in one streaming pass, so a broken file fails here, before
 * anything is imported. Formats, by the file name's extension:
 *
 * <ul>
 *   <li>{@code .json}: a JSON list of task objects, or one task object;
 *   <li>{@code .jsonl}, {@code .ndjson}: one task object per line (blank lines are skipped, but counted);
 *   <li>{@code .csv}: a header row, then one task per row; the column names become the keys of the task's data, every
 *       value is a string.
 * </ul>
 *
 * A task object is its data ({@code {"text": "..."}}) or a full task with {@code data} (and {@code predictions},
 * {@code annotations}, {@code meta}). Each task's data gets {@code source = "file:<file name>#<n>"} unless it has a
 * {@code source}: n is the element, line or data row, from 1. With {@code importKey=source} the import then skips the
 * tasks of a file it has imported before. The file name is the header {@code CamelFileNameOnly}, else the file's own.
 * The files that the import leaves open (a failed import) are closed when the exchange completes.
 */
@DataTypeTransformer(
        name = "labelstudio:file-tasks",
        description = "Turns a JSON, JSON-lines or CSV file into its tasks (a lazy Iterable, checked first), each with"
                + " source file:<name>#<n>")
public class FileTasksTransformer extends Transformer {

    @Override
    public void transform(Message message, DataType from, DataType to) throws Exception {
        File file = message.getBody(File.class);
        if (file == null) {
            Path path = message.getBody(Path.class);
            file = path == null ? null : path.toFile();
        }
        if (file == null) {
            Object body = message.getBody();
            throw new IllegalArgumentException(
                    "labelstudio:file-tasks needs a file (the file component's message, a" + " File or a Path), not "
                            + (body == null ? "an empty body" : body.getClass().getName()));
        }
        String name = message.getHeader(Exchange.FILE_NAME_ONLY, file.getName(), String.class);
        FileTasks tasks = FileTasks.read(file.toPath(), name);
        Exchange exchange = message.getExchange();
        if (exchange != null) {
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    tasks.close();
                }
            });
        }
        message.setBody(tasks);
    }
}
