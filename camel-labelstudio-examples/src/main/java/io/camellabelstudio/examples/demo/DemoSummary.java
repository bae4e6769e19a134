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
package io.camellabelstudio.examples.demo;

/**
 * What one round of the demo did, each number read back from where it landed: the Label Studio project, the
 * output directory and the exports bucket.
 *
 * @param projectId        the demo project
 * @param objectsUploaded  review objects put into the S3 bucket
 * @param tasksImported    tasks in the project (each from an S3 event)
 * @param tasksPredicted   tasks with at least one prediction
 * @param tasksAnnotated   tasks the simulated annotator labeled
 * @param linesWritten     completed-task records in the output file
 * @param exportsUploaded  export files in the exports bucket
 */
public record DemoSummary(
        long projectId,
        int objectsUploaded,
        long tasksImported,
        long tasksPredicted,
        int tasksAnnotated,
        long linesWritten,
        int exportsUploaded) {

    /** The summary as the demo prints it. */
    public String describe(String labelStudioUrl, String outputFile, String exportsBucket) {
        return String.join(
                System.lineSeparator(),
                "",
                "==================== camel-labelstudio demo ====================",
                String.format("  objects uploaded to S3 ............ %d", objectsUploaded),
                String.format("  tasks imported from S3 events ..... %d", tasksImported),
                String.format("  tasks with a prediction ........... %d", tasksPredicted),
                String.format("  tasks annotated (simulated) ....... %d", tasksAnnotated),
                String.format("  completed tasks written ........... %d  (%s)", linesWritten, outputFile),
                String.format("  exports uploaded .................. %d  (s3://%s)", exportsUploaded, exportsBucket),
                String.format("  Label Studio project .............. %s/projects/%d", labelStudioUrl, projectId),
                "================================================================");
    }
}
