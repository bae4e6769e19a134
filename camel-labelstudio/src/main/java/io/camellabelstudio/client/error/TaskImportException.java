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

import io.camellabelstudio.client.model.ImportResult;

/**
 * An import stopped part-way. {@link #partialResult()} tells exactly what was imported before the failure (ids and
 * counts), so nothing is left unreported; with an import key the same import can simply be run again.
 */
public class TaskImportException extends LabelStudioException {

    private static final long serialVersionUID = 1L;

    private final transient ImportResult partialResult;

    public TaskImportException(String message, ImportResult partialResult, Throwable cause) {
        super(message, cause);
        this.partialResult = partialResult;
    }

    /** What was imported before the failure. */
    public ImportResult partialResult() {
        return partialResult;
    }
}
