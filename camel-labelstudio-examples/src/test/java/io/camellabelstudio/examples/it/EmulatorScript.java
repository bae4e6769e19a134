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
package io.camellabelstudio.examples.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Runs {@code scripts/<name> start|stop --env-file <file>} (Python 3) and reads the env file it writes. */
final class EmulatorScript {

    private final String name;
    private final long timeoutMinutes;
    private final String needs;

    /**
     * @param name           the script's file name in {@code scripts/}
     * @param timeoutMinutes how long one command may take (a first start installs the emulator)
     * @param needs          what the script needs besides Python, for the error message
     */
    EmulatorScript(String name, long timeoutMinutes, String needs) {
        this.name = name;
        this.timeoutMinutes = timeoutMinutes;
        this.needs = needs;
    }

    /** Stops a server left behind by a crashed run of the same env file, starts one and returns its env file. */
    Properties start(Path envFile) {
        run("stop", envFile);
        run("start", envFile);
        Properties env = new Properties();
        try (InputStream in = Files.newInputStream(envFile)) {
            env.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the env file " + envFile + " of scripts/" + name, e);
        }
        return env;
    }

    void stop(Path envFile) {
        run("stop", envFile);
    }

    private void run(String command, Path envFile) {
        Path script = Paths.get(System.getProperty("labelstudio.scripts.dir", "../scripts"))
                .resolve(name)
                .toAbsolutePath()
                .normalize();
        List<String> commandLine = List.of("python3", script.toString(), command, "--env-file", envFile.toString());
        try {
            Process process = new ProcessBuilder(commandLine)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD) // the URL and env file path; stderr tells it too
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "scripts/" + name + " " + command + " did not finish in " + timeoutMinutes + " min");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("scripts/" + name + " " + command + " failed with exit code "
                        + process.exitValue() + " (its message is above); it needs " + needs);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + commandLine + "; scripts/" + name + " needs " + needs, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running scripts/" + name + " " + command, e);
        }
    }
}
