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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own, started from the test classpath with a main class: a consumer node or a ZooKeeper server that a
 * test can kill with SIGKILL. Its stdout and stderr go to {@code target/test-logs/nodes/NAME.out}, its log4j2 log to
 * {@code NAME.log} beside it. Secrets go in through the environment, never on the command line (which {@code ps}
 * shows).
 */
final class NodeProcess implements AutoCloseable {

    /** The exit status of a process ended by SIGKILL (signal 9): 128 + 9. */
    static final int SIGKILL_EXIT = 137;

    private static final Path LOG_DIR =
            Paths.get("target", "test-logs", "nodes").toAbsolutePath();

    private final String name;
    private final Process process;

    private NodeProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    static NodeProcess start(String name, Class<?> mainClass, Map<String, String> env, String... args)
            throws IOException {
        Files.createDirectories(LOG_DIR);
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-Dlog4j2.configurationFile=log4j2-node.properties");
        command.add("-Dnode.log=" + LOG_DIR.resolve(name + ".log"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        LOG_DIR.resolve(name + ".out").toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        // no node outlives the test JVM, even when a test ends without closing it
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new NodeProcess(name, process);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Kills the JVM with SIGKILL ({@link Process#destroyForcibly()} sends it on Linux): no shutdown hook, no finally
     * block, no flush runs. Returns once the process is gone, and checks that it was the signal that ended it.
     */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " (pid " + pid() + ") did not end within 30 s of SIGKILL");
        }
        int status = process.exitValue();
        if (status != SIGKILL_EXIT) {
            throw new AssertionError(name + " (pid " + pid() + ") ended with status " + status + ", not " + SIGKILL_EXIT
                    + " (SIGKILL): it may have exited on its own; see " + LOG_DIR.resolve(name + ".out"));
        }
    }

    /** Kills the JVM if it still runs and waits for it to end; an interrupt stops the wait and stays set. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
