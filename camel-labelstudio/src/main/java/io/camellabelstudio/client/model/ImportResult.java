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
package io.camellabelstudio.client.model;

import java.util.Collections;
import java.util.List;

/**
 * What an import did, summed over its requests.
 *
 * @param taskIds         ids of the tasks created, in import order
 * @param taskCount       tasks created
 * @param annotationCount annotations created with them
 * @param predictionCount predictions created with them
 * @param skippedCount    tasks not imported because their import key already existed (in the project or earlier in
 *                        the same import)
 * @param requests        import requests sent
 * @param unknownCount    tasks sent in a request whose answer was lost (e.g. the server's time limit cut it) and whose
 *                        outcome could not be checked: the server created all or none of each such request's tasks.
 *                        Only a failed import ({@code TaskImportException}) has any; with an import key the client
 *                        checks, so only a request the server may still be working on counts here
 */
public record ImportResult(
        List<Long> taskIds,
        long taskCount,
        long annotationCount,
        long predictionCount,
        long skippedCount,
        int requests,
        long unknownCount) {

    public ImportResult {
        taskIds = Collections.unmodifiableList(taskIds);
    }

    /** A result without tasks of unknown outcome. */
    public ImportResult(
            List<Long> taskIds,
            long taskCount,
            long annotationCount,
            long predictionCount,
            long skippedCount,
            int requests) {
        this(taskIds, taskCount, annotationCount, predictionCount, skippedCount, requests, 0);
    }

    @Override
    public String toString() {
        return "ImportResult[tasks=" + taskCount + ", annotations=" + annotationCount + ", predictions="
                + predictionCount + ", skipped=" + skippedCount + ", requests=" + requests
                + (unknownCount == 0 ? "" : ", unknown=" + unknownCount) + "]";
    }
}
