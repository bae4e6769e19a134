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

import java.io.Closeable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The tasks of one task file (JSON list, JSON lines or CSV), checked and counted in one streaming pass, to be read
 * again lazily by whoever iterates: each {@link #iterator()} reads the file anew, one task at a time, so a file of
 * any size is held in memory one task at a time. {@link FileTasksTransformer} ({@code labelstudio:file-tasks}) makes
 * it; the {@code tasks} import takes it as any {@code Iterable} of task maps.
 */
public final class FileTasks implements Iterable<Map<String, Object>>, Closeable {

    private final Path file;
    private final String name;
    private final long taskCount;
    private final List<FileTasksReader> readers = new ArrayList<>();

    private FileTasks(Path file, String name, long taskCount) {
        this.file = file;
        this.name = name;
        this.taskCount = taskCount;
    }

    /**
     * Reads the whole file once to check it and count its tasks.
     *
     * @param  file                     the file
     * @param  name                     its name as the tasks' {@code source} values give it (and whose extension
     *                                  says the format)
     * @throws IllegalArgumentException naming the file and the position of the first problem
     */
    public static FileTasks read(Path file, String name) {
        long count = 0;
        try (FileTasksReader tasks = FileTasksReader.open(file, name)) {
            while (tasks.hasNext()) {
                tasks.next();
                count++;
            }
        }
        return new FileTasks(file, name, count);
    }

    /** The file's name, as in the tasks' {@code source} values. */
    public String name() {
        return name;
    }

    /** The number of tasks in the file (0 for an empty list or a header-only CSV). */
    public long taskCount() {
        return taskCount;
    }

    /** The tasks, read from the file again; the file is closed at the end or by {@link #close()}. */
    @Override
    public synchronized Iterator<Map<String, Object>> iterator() {
        FileTasksReader reader = FileTasksReader.open(file, name);
        readers.add(reader);
        return reader;
    }

    /** Closes the files that iterators opened and did not read to their end. */
    @Override
    public synchronized void close() {
        readers.forEach(FileTasksReader::close);
        readers.clear();
    }

    @Override
    public String toString() {
        return "FileTasks[" + name + ", " + taskCount + " task(s)]";
    }
}
