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
package io.camellabelstudio.examples;

import java.io.File;

import org.apache.camel.support.processor.state.FileStateRepository;

/**
 * State repositories for the consumers of the example routes, for the YAML routes' {@code beans} (a YAML bean's
 * properties are bound before Camel's type converters are ready, so a {@code File} cannot be given as a string).
 */
public final class StateRepositories {

    private StateRepositories() {}

    /**
     * A {@link FileStateRepository} in {@code dir/name}, creating {@code dir} if needed. The consumer that uses it
     * starts it; it appends every change to the file at once, so nothing is lost when the application stops.
     */
    public static FileStateRepository file(String dir, String name) {
        File directory = new File(dir);
        if (!directory.isDirectory() && !directory.mkdirs()) {
            throw new IllegalStateException("Cannot create the state directory " + directory.getAbsolutePath());
        }
        return FileStateRepository.fileStateRepository(new File(directory, name));
    }
}
