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

import io.camellabelstudio.client.ViewsApi;
import io.camellabelstudio.client.model.View;
import io.camellabelstudio.component.LabelStudioConstants;

/**
 * The operations of {@code labelstudio:views}. Bodies of create and update are the view's data: {@code title},
 * {@code filters} (Data Manager filter JSON), {@code ordering} (a list with one column).
 */
public final class ViewOperations {

    public void process(OperationContext ctx) {
        ViewsApi views = ctx.client().views();
        switch (ctx.operation()) {
            case LIST -> ctx.out().setBody(views.list(ctx.requiredId(IdOption.PROJECT)));
            case GET -> result(ctx, views.get(ctx.requiredId(IdOption.VIEW)));
            case CREATE -> result(ctx, views.create(ctx.requiredId(IdOption.PROJECT), viewData(ctx)));
            case UPDATE ->
                result(
                        ctx,
                        views.update(ctx.requiredId(IdOption.VIEW), ctx.requiredId(IdOption.PROJECT), viewData(ctx)));
            case DELETE -> {
                long id = ctx.requiredId(IdOption.VIEW);
                views.delete(id);
                ctx.out().setHeader(LabelStudioConstants.VIEW_ID, id);
                ctx.out().setBody(true);
            }
            default -> throw new IllegalArgumentException("Operation " + ctx.describe() + " is not supported");
        }
    }

    /** The body's fields; a body with a "data" object (a View or its JSON) contributes that object. */
    private static Map<String, Object> viewData(OperationContext ctx) {
        Map<String, Object> fields = ctx.bodyAsFields();
        Object data = fields.get("data");
        if (data instanceof Map<?, ?>) {
            @SuppressWarnings("unchecked")
            Map<String, Object> inner = (Map<String, Object>) data;
            return inner;
        }
        return fields;
    }

    private static void result(OperationContext ctx, View view) {
        ctx.out().setHeader(LabelStudioConstants.VIEW_ID, view.id());
        ctx.out().setBody(view);
    }
}
