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

/** Whom tasks are assigned to in Label Studio Enterprise: annotators (who label) or reviewers (who review). */
public enum AssignmentRole {

    /** Annotators: assignment type {@code AN}, removed by the Data Manager action {@code delete_annotators}. */
    ANNOTATOR("AN", "delete_annotators", "assignAnnotators", "unassignAnnotators", "assignAnnotatorsBySampling"),

    /** Reviewers: assignment type {@code RE}, removed by the Data Manager action {@code delete_reviewers}. */
    REVIEWER("RE", "delete_reviewers", "assignReviewers", "unassignReviewers", "assignReviewersBySampling");

    private final String type;
    private final String deleteAction;
    private final String assignOperation;
    private final String unassignOperation;
    private final String samplingOperation;

    AssignmentRole(
            String type,
            String deleteAction,
            String assignOperation,
            String unassignOperation,
            String samplingOperation) {
        this.type = type;
        this.deleteAction = deleteAction;
        this.assignOperation = assignOperation;
        this.unassignOperation = unassignOperation;
        this.samplingOperation = samplingOperation;
    }

    /** The {@code type} of {@code POST /api/projects/{id}/tasks/assignees}: {@code AN} or {@code RE}. */
    public String type() {
        return type;
    }

    /** The Data Manager action that removes this role's assignments from tasks. */
    public String deleteAction() {
        return deleteAction;
    }

    String assignOperation() {
        return assignOperation;
    }

    String unassignOperation() {
        return unassignOperation;
    }

    String samplingOperation() {
        return samplingOperation;
    }
}
