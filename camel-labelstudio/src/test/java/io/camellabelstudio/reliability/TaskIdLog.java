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
package io.camellabelstudio.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The output of a killed consumer: an append-only file with one delivered task id per line. Each line is one
 * {@code write} followed by an fsync, so a line that returned is on disk, and a SIGKILL leaves at most a torn last
 * line, which {@link #open} cuts off (that delivery did not happen; the task comes again).
 *
 * <p>It is also an {@link IdempotentRepository} whose store is the output itself: {@link #add} is the delivery. That
 * is what makes the route exactly-once. With the repository in another file than the output, a kill between the two
 * writes either loses the task (eager: the id was recorded, the write never happened, the next run skips it) or
 * duplicates it (not eager: written, not recorded, written again by the next run). One write that is both the
 * delivery and its record leaves no such window.
 */
final class TaskIdLog extends ServiceSupport implements IdempotentRepository {

    // the channel stays open for the life of the JVM, across stops and starts of the route that uses it

    private final FileChannel channel;
    private final Set<String> delivered = new HashSet<>();

    private TaskIdLog(FileChannel channel, List<Long> existing) {
        this.channel = channel;
        existing.forEach(id -> delivered.add(Long.toString(id)));
    }

    /** Opens (or creates) the log for appending, without a torn last line. */
    static TaskIdLog open(Path file) throws IOException {
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        byte[] bytes = Files.readAllBytes(file);
        int complete = bytes.length;
        while (complete > 0 && bytes[complete - 1] != '\n') {
            complete--;
        }
        channel.truncate(complete);
        channel.position(complete);
        channel.force(true);
        return new TaskIdLog(channel, parse(new String(bytes, 0, complete, StandardCharsets.US_ASCII)));
    }

    /** Every id in the file, in order, repeats included. */
    static List<Long> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        int complete = text.lastIndexOf('\n') + 1; // a line being written right now is not one yet
        return parse(text.substring(0, complete));
    }

    private static List<Long> parse(String text) {
        List<Long> ids = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                ids.add(Long.parseLong(line));
            }
        }
        return ids;
    }

    /** Appends the id (repeats included) and forces it to disk. */
    synchronized void append(long taskId) {
        try {
            ByteBuffer line = ByteBuffer.wrap((taskId + "\n").getBytes(StandardCharsets.US_ASCII));
            while (line.hasRemaining()) {
                channel.write(line);
            }
            channel.force(false);
            delivered.add(Long.toString(taskId));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append task " + taskId + " to the output", e);
        }
    }

    @Override
    public synchronized boolean add(String key) {
        if (delivered.contains(key)) {
            return false;
        }
        append(Long.parseLong(key));
        return true;
    }

    @Override
    public synchronized boolean contains(String key) {
        return delivered.contains(key);
    }

    /** A delivery cannot be taken back: the route must not remove on failure. */
    @Override
    public boolean remove(String key) {
        throw new UnsupportedOperationException("Task " + key + " was delivered; a delivery cannot be undone");
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("The output of delivered tasks is never cleared");
    }
}
