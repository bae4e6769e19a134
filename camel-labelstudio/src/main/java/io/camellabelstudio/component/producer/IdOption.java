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
package io.camellabelstudio.component.producer;

import java.util.function.Function;

import io.camellabelstudio.component.LabelStudioConfiguration;
import io.camellabelstudio.component.LabelStudioConstants;

/** An id an operation reads from its header, else from its endpoint option. */
public enum IdOption {
    PROJECT("a project id", LabelStudioConstants.PROJECT_ID, "projectId", LabelStudioConfiguration::getProjectId),
    TASK("a task id", LabelStudioConstants.TASK_ID, "taskId", LabelStudioConfiguration::getTaskId),
    VIEW("a view id", LabelStudioConstants.VIEW_ID, "viewId", LabelStudioConfiguration::getViewId),
    ANNOTATION(
            "an annotation id",
            LabelStudioConstants.ANNOTATION_ID,
            "annotationId",
            LabelStudioConfiguration::getAnnotationId),
    PREDICTION(
            "a prediction id",
            LabelStudioConstants.PREDICTION_ID,
            "predictionId",
            LabelStudioConfiguration::getPredictionId),
    EXPORT("an export id", LabelStudioConstants.EXPORT_ID, "exportId", LabelStudioConfiguration::getExportId),
    STORAGE("a storage id", LabelStudioConstants.STORAGE_ID, "storageId", LabelStudioConfiguration::getStorageId),
    WEBHOOK("a webhook id", LabelStudioConstants.WEBHOOK_ID, "webhookId", LabelStudioConfiguration::getWebhookId),
    USER("a user id", LabelStudioConstants.USER_ID, "userId", LabelStudioConfiguration::getUserId);

    private final String what;
    private final String header;
    private final String option;
    private final Function<LabelStudioConfiguration, Long> value;

    IdOption(String what, String header, String option, Function<LabelStudioConfiguration, Long> value) {
        this.what = what;
        this.header = header;
        this.option = option;
        this.value = value;
    }

    /** "a task id", for messages. */
    String what() {
        return what;
    }

    /** The header that overrides the option per message. */
    String header() {
        return header;
    }

    /** The endpoint option's name. */
    String option() {
        return option;
    }

    /** The endpoint option's value; null when unset. */
    Long optionValue(LabelStudioConfiguration configuration) {
        return value.apply(configuration);
    }
}
