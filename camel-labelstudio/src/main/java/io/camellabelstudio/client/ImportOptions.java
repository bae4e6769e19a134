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
package io.camellabelstudio.client;

import java.time.Duration;
import java.util.List;

/**
 * How to import tasks. Immutable: each {@code with...} method returns a copy.
 *
 * @param batchSize               tasks per import request (JSON lists are split); 1000 by default, far below the
 *                                server's limits of 250 MB and 1 million tasks per request
 * @param importKey               name of a data field that identifies a task (e.g. {@code image}); when set, tasks
 *                                whose key already exists in the project are skipped, so replaying an import never
 *                                duplicates tasks; null to import everything
 * @param preannotatedFromFields  flat task fields to turn into predictions (Label Studio's
 *                                {@code preannotated_from_fields}); empty for none
 * @param importTimeout           the longest wait for an asynchronous import (Enterprise) to finish, per request
 */
public record ImportOptions(
        int batchSize, String importKey, List<String> preannotatedFromFields, Duration importTimeout) {

    public static final int DEFAULT_BATCH_SIZE = 1000;

    public ImportOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        if (importKey != null && importKey.isBlank()) {
            importKey = null;
        }
        preannotatedFromFields = preannotatedFromFields == null
                ? List.of()
                : preannotatedFromFields.stream()
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList();
        if (importTimeout == null || importTimeout.isNegative() || importTimeout.isZero()) {
            throw new IllegalArgumentException("importTimeout must be positive, was " + importTimeout);
        }
    }

    public static ImportOptions defaults() {
        return new ImportOptions(DEFAULT_BATCH_SIZE, null, List.of(), Duration.ofMinutes(10));
    }

    public ImportOptions withBatchSize(int value) {
        return new ImportOptions(value, importKey, preannotatedFromFields, importTimeout);
    }

    public ImportOptions withImportKey(String value) {
        return new ImportOptions(batchSize, value, preannotatedFromFields, importTimeout);
    }

    public ImportOptions withPreannotatedFromFields(List<String> value) {
        return new ImportOptions(batchSize, importKey, value, importTimeout);
    }

    public ImportOptions withImportTimeout(Duration value) {
        return new ImportOptions(batchSize, importKey, preannotatedFromFields, value);
    }
}
