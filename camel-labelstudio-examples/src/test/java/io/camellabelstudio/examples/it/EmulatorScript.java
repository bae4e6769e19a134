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
import java.util.Map;
import java.util.Properties;

import io.camellabelstudio.it.ServerScript;

/** Runs {@code scripts/<name> start|stop --env-file <file>} (Python 3) and reads the env file it writes. */
final class EmulatorScript {

    private final String name;
    private final ServerScript script;

    /**
     * @param name           the script's file name in {@code scripts/}
     * @param timeoutMinutes how long one command may take (a first start installs the emulator)
     * @param needs          what the script needs besides Python, for the error message
     */
    EmulatorScript(String name, long timeoutMinutes, String needs) {
        this.name = name;
        this.script = new ServerScript(
                name,
                timeoutMinutes,
                "scripts/" + name + " needs Python 3 (python3 on the PATH) and " + needs,
                "scripts/" + name + " needs " + needs + ".");
    }

    /** Stops a server left behind by a crashed run of the same env file, starts one and returns its env file. */
    Properties start(Path envFile) {
        script.run("stop", envFile, Map.of());
        script.run("start", envFile, Map.of());
        Properties env = new Properties();
        try (InputStream in = Files.newInputStream(envFile)) {
            env.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the env file " + envFile + " of scripts/" + name, e);
        }
        return env;
    }

    void stop(Path envFile) {
        script.run("stop", envFile, Map.of());
    }
}
