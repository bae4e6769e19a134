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
package io.camellabelstudio.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the Python scripts in {@code scripts/} that start and stop the test servers, run with the Python found on
 * the PATH. Failures name the script, and say how to use an existing server instead.
 */
public final class ServerScript {

    private final String name;
    private final long timeoutMinutes;
    private final String noPythonMessage;
    private final String useExistingHint;

    /**
     * @param name            the script's file name in {@code scripts/}, e.g. {@code labelstudio-server}
     * @param timeoutMinutes  how long one command may take (a first start installs packages)
     * @param noPythonMessage the message when no Python is found
     * @param useExistingHint how to point the tests at an existing server instead
     */
    public ServerScript(String name, long timeoutMinutes, String noPythonMessage, String useExistingHint) {
        this.name = name;
        this.timeoutMinutes = timeoutMinutes;
        this.noPythonMessage = noPythonMessage;
        this.useExistingHint = useExistingHint;
    }

    /**
     * Runs {@code scripts/<name> <command> --env-file <envFile>} with extra environment variables. The script's
     * messages (stderr) go to the test JVM's stderr; its answer for shell callers (stdout: the URL and the env file,
     * which the tests read themselves) is appended to {@code <name>.out} beside the env file, because the forked test
     * JVM's stdout is Surefire's channel to Maven, which a child process writing to it corrupts.
     */
    public void run(String command, Path envFile, Map<String, String> extraEnv) {
        Path script = Paths.get(System.getProperty("labelstudio.scripts.dir", "../scripts"))
                .resolve(name)
                .toAbsolutePath()
                .normalize();
        List<String> commandLine =
                new ArrayList<>(List.of(findPython(), script.toString(), command, "--env-file", envFile.toString()));
        try {
            Path out = envFile.toAbsolutePath().resolveSibling(name + ".out");
            Files.createDirectories(out.getParent());
            ProcessBuilder builder = new ProcessBuilder(commandLine)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().putAll(extraEnv);
            Process process = builder.start();
            if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "scripts/" + name + " " + command + " did not finish in " + timeoutMinutes + " min");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("scripts/" + name + " " + command + " failed with exit code "
                        + process.exitValue() + " (its message is above). " + useExistingHint);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + commandLine, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running scripts/" + name + " " + command, e);
        }
    }

    private String findPython() {
        for (String candidate : List.of("python3", "python")) {
            try {
                Process p = new ProcessBuilder(candidate, "--version")
                        .redirectErrorStream(true)
                        .start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not on PATH: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while looking for Python", e);
            }
        }
        throw new IllegalStateException(noPythonMessage);
    }
}
