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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.component.producer.IdOption;
import io.camellabelstudio.component.producer.OperationContext;

/** One way to read ids: a header over its option, id lists from a header, an option or the body. */
class OperationContextIdsTest extends StubCamelTestSupport {

    private OperationContext context(String uri, Object body, Map<String, Object> headers) {
        LabelStudioEndpoint endpoint = camel.getEndpoint(uri, LabelStudioEndpoint.class);
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(body);
        exchange.getIn().setHeaders(new java.util.HashMap<>(headers));
        return new OperationContext(exchange, endpoint, LabelStudioOperation.GET);
    }

    @Test
    void anIdComesFromItsHeaderElseItsOption() {
        assertThat(context("labelstudio:tasks?taskId=5", null, Map.of()).requiredId(IdOption.TASK))
                .isEqualTo(5);
        assertThat(context("labelstudio:tasks?taskId=5", null, Map.of(LabelStudioConstants.TASK_ID, "7"))
                        .requiredId(IdOption.TASK))
                .isEqualTo(7);
        assertThat(context("labelstudio:tasks", null, Map.of(LabelStudioConstants.TASK_ID, 8))
                        .requiredId(IdOption.TASK))
                .isEqualTo(8);
        assertThat(context("labelstudio:tasks", null, Map.of()).optionalId(IdOption.VIEW))
                .isNull();
    }

    @Test
    void aMissingOrBadIdNamesTheOptionAndTheHeader() {
        assertThatThrownBy(() -> context("labelstudio:tasks", null, Map.of()).requiredId(IdOption.ANNOTATION))
                .hasMessage("labelstudio:tasks operation 'get' needs an annotation id: set the annotationId option"
                        + " or the CamelLabelStudioAnnotationId header");
        assertThatThrownBy(() -> context("labelstudio:tasks", null, Map.of(LabelStudioConstants.TASK_ID, 1.5))
                        .requiredId(IdOption.TASK))
                .hasMessage("labelstudio:tasks operation 'get': the CamelLabelStudioTaskId header must be a numeric"
                        + " id (it overrides the taskId option), but was '1.5'");
        assertThatThrownBy(() -> context("labelstudio:tasks", null, Map.of(LabelStudioConstants.PROJECT_ID, "seven"))
                        .requiredId(IdOption.PROJECT))
                .hasMessageContaining("the CamelLabelStudioProjectId header must be a numeric id (it overrides the"
                        + " projectId option), but was 'seven'");
    }

    @Test
    void idListsTakeEveryFormUsersSend() {
        OperationContext ctx = context("labelstudio:tasks", null, Map.of());
        assertThat(ctx.ids(List.of(1, 2L, "3"), "x")).containsExactly(1L, 2L, 3L);
        assertThat(ctx.ids(new long[] {4, 5}, "x")).containsExactly(4L, 5L);
        assertThat(ctx.ids(new int[] {6}, "x")).containsExactly(6L);
        assertThat(ctx.ids(new Object[] {7, "8"}, "x")).containsExactly(7L, 8L);
        assertThat(ctx.ids(" 9, 10 ,,11 ", "x")).containsExactly(9L, 10L, 11L);
        assertThat(ctx.ids("[12, 13]", "x")).containsExactly(12L, 13L);
        assertThat(ctx.ids("[]", "x")).isEmpty();
        assertThat(ctx.ids("14".getBytes(StandardCharsets.UTF_8), "x")).containsExactly(14L);
        assertThat(ctx.ids(15, "x")).containsExactly(15L);
        assertThat(ctx.ids(16.0, "x")).containsExactly(16L);
    }

    @Test
    void aBadIdListNamesWhereItCameFrom() {
        OperationContext ctx = context("labelstudio:tasks", null, Map.of());
        assertThatThrownBy(() -> ctx.ids("1, two", "the selectedIds option"))
                .hasMessage("labelstudio:tasks operation 'get': the selectedIds option must hold numeric ids, but"
                        + " has 'two'");
        assertThatThrownBy(() -> ctx.ids(List.of(1.5), "the body")).hasMessageContaining("but has '1.5'");
        assertThatThrownBy(() -> ctx.ids("{\"ids\": [1]}", "the body")).hasMessageContaining("is a JSON object");
        assertThatThrownBy(() -> ctx.ids(Map.of("a", 1), "the body"))
                .hasMessageContaining("but was " + Map.of("a", 1).getClass().getName());
    }

    @Test
    void aListHeaderOverridesItsOptionAndTheBodyIsTheLastPlace() {
        assertThat(context("labelstudio:tasks?selectedIds=1,2", null, Map.of())
                        .idList(LabelStudioConstants.TASK_IDS, "selectedIds", "1,2"))
                .containsExactly(1L, 2L);
        assertThat(context("labelstudio:tasks", null, Map.of(LabelStudioConstants.TASK_IDS, List.of(3)))
                        .idList(LabelStudioConstants.TASK_IDS, "selectedIds", "1,2"))
                .containsExactly(3L);
        assertThat(context("labelstudio:tasks", "[4,5]", Map.of()).idsFromHeaderOrBody(LabelStudioConstants.TASK_IDS))
                .containsExactly(4L, 5L);
        assertThat(context("labelstudio:tasks", null, Map.of()).idsFromHeaderOrBody(LabelStudioConstants.TASK_IDS))
                .isNull();
    }
}
