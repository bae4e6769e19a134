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
package io.camellabelstudio.component.consumer;

import java.util.Iterator;

import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.Task;

/**
 * What an export of a project depends on, in two requests: the project's task, annotation and prediction counts and
 * the newest task change. Label Studio bumps a task's updated_at when its data changes and when one of its
 * annotations is created, changed or deleted; the counts catch deleted tasks and predictions.
 *
 * @param taskCount the project's task count
 * @param value     the fingerprint, e.g. {@code tasks:3;annotations:1;predictions:0;newest:2@2026-11-28T15:00:33.354504Z} (no {@code =}
 *     or line break, which a FileStateRepository refuses)
 */
record ProjectFingerprint(long taskCount, String value) {

    /** The newest changed task: ordered in the Data Manager query (a plain ordering parameter is ignored). */
    private static final TaskQuery NEWEST_CHANGE = TaskQuery.all()
            .withOrdering("-tasks:updated_at")
            .withResolveUri(false)
            .withPageSize(1)
            .withMaxResults(1);

    static ProjectFingerprint of(LabelStudioClient client, long projectId) {
        Project project = client.projects().get(projectId);
        Iterator<Task> tasksByChange =
                client.tasks().list(projectId, NEWEST_CHANGE).iterator();
        Task newest = tasksByChange.hasNext() ? tasksByChange.next() : null;
        String newestChange = newest == null ? "none" : newest.id() + "@" + newest.updatedAt();
        long tasks = count(project.taskNumber());
        return new ProjectFingerprint(
                tasks,
                "tasks:" + tasks + ";annotations:" + count(project.totalAnnotationsNumber()) + ";predictions:"
                        + count(project.totalPredictionsNumber()) + ";newest:" + newestChange);
    }

    private static long count(Long number) {
        return number == null ? 0 : number;
    }
}
