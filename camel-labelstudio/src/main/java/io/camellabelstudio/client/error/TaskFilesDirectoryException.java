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
package io.camellabelstudio.client.error;

import java.nio.file.Path;

/**
 * The target directory of {@link io.camellabelstudio.client.TaskFilesDownloader} cannot be used: it cannot be created, is not a directory, is
 * not writable, or a file in it cannot be written (e.g. the disk is full). Unlike a file that cannot be fetched, this
 * stops the whole download.
 */
public class TaskFilesDirectoryException extends LabelStudioException {

    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    public TaskFilesDirectoryException(Path directory, String problem, Throwable cause) {
        super("Cannot download task files to " + directory + ": " + problem, cause);
        this.directory = directory;
    }

    /** The target directory. */
    public Path getDirectory() {
        return directory;
    }
}
