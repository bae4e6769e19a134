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

import java.util.Map;

import io.camellabelstudio.client.ProjectQuery;
import io.camellabelstudio.client.ProjectsApi;
import io.camellabelstudio.client.labelconfig.LabelConfigParser;
import io.camellabelstudio.client.labelconfig.ParsedLabelConfig;
import io.camellabelstudio.client.model.LabelConfigValidation;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.paging.PagedIterable;
import io.camellabelstudio.component.LabelStudioConstants;

/** The operations of {@code labelstudio:projects}. */
public final class ProjectOperations {

    public void process(OperationContext ctx) {
        ProjectsApi projects = ctx.client().projects();
        switch (ctx.operation()) {
            case LIST -> list(ctx, projects);
            case GET -> result(ctx, projects.get(ctx.requiredId(IdOption.PROJECT)));
            case CREATE -> result(ctx, projects.create(ctx.bodyAsFields()));
            case UPDATE -> result(ctx, projects.update(ctx.requiredId(IdOption.PROJECT), ctx.bodyAsFields()));
            case DELETE -> delete(ctx, projects);
            case VALIDATE_CONFIG -> validateConfig(ctx, projects);
            case PARSE_CONFIG -> parseConfig(ctx, projects);
            case LIST_MODEL_VERSIONS -> ctx.out().setBody(projects.listModelVersions(ctx.requiredId(IdOption.PROJECT)));
            case PREDICTIONS_COVERAGE ->
                ctx.out().setBody(projects.predictionsCoverage(ctx.requiredId(IdOption.PROJECT)));
            case LIST_MEMBERS -> ctx.out().setBody(ctx.client().members().list(ctx.requiredId(IdOption.PROJECT)));
            case ADD_MEMBER ->
                ctx.out()
                        .setBody(ctx.client()
                                .members()
                                .add(ctx.requiredId(IdOption.PROJECT), ctx.requiredId(IdOption.USER)));
            default -> throw new IllegalArgumentException("Operation " + ctx.describe() + " is not supported");
        }
    }

    private static void list(OperationContext ctx, ProjectsApi projects) {
        ProjectQuery query = ProjectQuery.all()
                .withPageSize(ctx.configuration().getPageSize())
                .withMaxResults(ctx.configuration().getMaxResults());
        PagedIterable<Project> result = projects.list(query);
        // Fetches the first page now: errors surface here, and the total is known.
        ctx.out().setHeader(LabelStudioConstants.TOTAL, result.total());
        ctx.out().setBody(result);
    }

    private static void delete(OperationContext ctx, ProjectsApi projects) {
        long id = ctx.requiredId(IdOption.PROJECT);
        projects.delete(id);
        ctx.out().setHeader(LabelStudioConstants.PROJECT_ID, id);
        ctx.out().setBody(true);
    }

    /** Body: the label config XML, or fields with {@code label_config}. With a project id, checks it against its data. */
    private static void validateConfig(OperationContext ctx, ProjectsApi projects) {
        Object body = ctx.in().getBody();
        String labelConfig;
        if (body instanceof Map<?, ?> || body instanceof Project) {
            Object value = ctx.bodyAsFields().get("label_config");
            if (!(value instanceof String text) || text.isBlank()) {
                throw new IllegalArgumentException(ctx.describe() + " needs the field label_config in the body");
            }
            labelConfig = text;
        } else {
            labelConfig = ctx.bodyAsText("the label config XML (or a Map with label_config)");
            if (labelConfig.stripLeading().startsWith("{")) { // JSON fields, like the other operations take
                Object value = ctx.bodyAsFields().get("label_config");
                if (!(value instanceof String text) || text.isBlank()) {
                    throw new IllegalArgumentException(ctx.describe() + " needs the field label_config in the body");
                }
                labelConfig = text;
            }
        }
        Long projectId = ctx.optionalId(IdOption.PROJECT);
        LabelConfigValidation result = projectId == null
                ? projects.validateConfig(labelConfig)
                : projects.validateConfig(projectId, labelConfig);
        if (result.configEssentialDataHasChanged() != null) {
            ctx.out()
                    .setHeader(
                            LabelStudioConstants.CONFIG_ESSENTIAL_DATA_CHANGED, result.configEssentialDataHasChanged());
        }
        ctx.out().setBody(result);
    }

    /**
     * The parsed label config of an XML body, or (without a body) of the project: a Map of control name to type,
     * to_name, inputs and labels, in the server's parsed_label_config structure.
     */
    private static void parseConfig(OperationContext ctx, ProjectsApi projects) {
        Object body = ctx.in().getBody();
        ParsedLabelConfig parsed;
        if (body instanceof String || body instanceof byte[]) {
            parsed = LabelConfigParser.parse(ctx.bodyAsText("the label config XML"));
        } else if (body == null) {
            parsed = projects.parseConfig(ctx.requiredId(IdOption.PROJECT));
        } else {
            throw new IllegalArgumentException(ctx.describe() + " needs the label config XML as body, or no body and a"
                    + " project id; the body was " + body.getClass().getName());
        }
        ctx.out().setBody(parsed.toMap());
    }

    private static void result(OperationContext ctx, Project project) {
        ctx.out().setHeader(LabelStudioConstants.PROJECT_ID, project.id());
        ctx.out().setBody(project);
    }
}
