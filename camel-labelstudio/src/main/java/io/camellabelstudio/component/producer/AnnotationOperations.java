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

import java.util.List;

import io.camellabelstudio.client.AnnotationsApi;
import io.camellabelstudio.client.model.Annotation;
import io.camellabelstudio.component.CommaLists;
import io.camellabelstudio.component.LabelStudioConstants;

/** The operations of {@code labelstudio:annotations}. */
public final class AnnotationOperations {

    public void process(OperationContext ctx) {
        AnnotationsApi annotations = ctx.client().annotations();
        switch (ctx.operation()) {
            case LIST -> ctx.out().setBody(annotations.list(ctx.requiredId(IdOption.TASK)));
            case GET -> result(ctx, annotations.get(ctx.requiredId(IdOption.ANNOTATION)));
            case CREATE -> result(ctx, annotations.create(ctx.requiredId(IdOption.TASK), ctx.bodyAsFields()));
            case UPDATE -> result(ctx, annotations.update(ctx.requiredId(IdOption.ANNOTATION), ctx.bodyAsFields()));
            case DELETE -> {
                long id = ctx.requiredId(IdOption.ANNOTATION);
                annotations.delete(id);
                ctx.out().setHeader(LabelStudioConstants.ANNOTATION_ID, id);
                ctx.out().setBody(true);
            }
            case CREATE_FROM_PREDICTIONS -> createFromPredictions(ctx, annotations);
            default -> throw new IllegalArgumentException("Operation " + ctx.describe() + " is not supported");
        }
    }

    /** For all tasks of the project, or those in CamelLabelStudioTaskIds; model versions from modelVersions. */
    private static void createFromPredictions(OperationContext ctx, AnnotationsApi annotations) {
        List<Long> taskIds = ctx.idList(
                LabelStudioConstants.TASK_IDS,
                "selectedIds",
                ctx.configuration().getSelectedIds());
        List<String> modelVersions = CommaLists.split(ctx.configuration().getModelVersions());
        long created = annotations.createFromPredictions(
                ctx.requiredId(IdOption.PROJECT), taskIds == null ? List.of() : taskIds, modelVersions);
        ctx.out().setHeader(LabelStudioConstants.CREATED_COUNT, created);
        ctx.out().setBody(created);
    }

    private static void result(OperationContext ctx, Annotation annotation) {
        ctx.out().setHeader(LabelStudioConstants.ANNOTATION_ID, annotation.id());
        ctx.out().setBody(annotation);
    }
}
