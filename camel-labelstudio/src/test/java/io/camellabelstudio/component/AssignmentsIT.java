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
package io.camellabelstudio.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.error.EnterpriseOnlyException;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.CamelLabelStudio;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;

/** On the Community edition every assignment operation fails with a clear "Enterprise only" error, not a 500. */
@ExtendWith(LabelStudioServerExtension.class)
class AssignmentsIT {

    @Test
    void assignmentOperationsOnCommunityGiveTheEnterpriseOnlyError(LabelStudioServer server) {
        try (CamelLabelStudio ls = new CamelLabelStudio(server)) {
            Project project = ls.project("Assignments", LabelConfigs.TEXT_CLASSIFICATION);
            List<Long> ids = ls.client()
                    .tasks()
                    .importTasks(
                            project.id(), List.of(Map.of("text", "a"), Map.of("text", "b")), ImportOptions.defaults())
                    .taskIds();
            Map<String, Object> headers =
                    Map.of(LabelStudioConstants.TASK_IDS, ids, LabelStudioConstants.USER_IDS, "1");

            for (String operation : List.of(
                    "assignAnnotators",
                    "assignReviewers",
                    "unassignAnnotators",
                    "unassignReviewers",
                    "assignAnnotatorsBySampling",
                    "assignReviewersBySampling")) {
                Exception failure = ls.failure(
                        "labelstudio:tasks?operation=" + operation + "&projectId=" + project.id(), null, headers);
                assertThat(failure)
                        .as(operation)
                        .isInstanceOf(EnterpriseOnlyException.class)
                        .hasMessageContaining(operation)
                        .hasMessageContaining("needs Label Studio Enterprise")
                        .hasMessageContaining("Community");
            }
            // nothing changed on the server
            assertThat(ls.client().tasks().get(ids.get(0)).field("annotators")).isIn(null, List.of());
        }
    }
}
