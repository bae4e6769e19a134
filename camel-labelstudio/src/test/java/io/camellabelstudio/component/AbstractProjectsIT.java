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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.error.ValidationException;
import io.camellabelstudio.client.model.LabelConfigValidation;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;

/**
 * Every {@code labelstudio:projects} operation against a real Label Studio, checking the server's state afterwards.
 * Subclasses choose the kind of API key (legacy token or personal access token).
 */
@ExtendWith(LabelStudioServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractProjectsIT {

    private CamelContext camel;
    private ProducerTemplate template;
    private final List<Long> created = new ArrayList<>();

    /** The API key the component uses. */
    protected abstract String apiKey(LabelStudioServer server);

    @BeforeAll
    void startCamel(LabelStudioServer server) throws Exception {
        camel = new DefaultCamelContext();
        LabelStudioComponent component = new LabelStudioComponent();
        component.getConfiguration().setUrl(server.url());
        component.getConfiguration().setApiKey(apiKey(server));
        camel.addComponent("labelstudio", component);
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterAll
    void stopCamel() {
        for (Long id : created) {
            try {
                template.sendBodyAndHeader(
                        "labelstudio:projects?operation=delete", null, LabelStudioConstants.PROJECT_ID, id);
            } catch (RuntimeException alreadyGone) {
                // deleted by the test itself
            }
        }
        camel.stop();
    }

    private Project create(Object body) {
        Exchange result = template.request(
                "labelstudio:projects?operation=create", e -> e.getIn().setBody(body));
        if (result.getException() != null) {
            throw new AssertionError("create failed", result.getException());
        }
        Project project = result.getMessage().getBody(Project.class);
        created.add(project.id());
        assertThat(result.getMessage().getHeader(LabelStudioConstants.PROJECT_ID))
                .isEqualTo(project.id());
        return project;
    }

    private Project get(long id) {
        return template.requestBodyAndHeader(
                "labelstudio:projects?operation=get", null, LabelStudioConstants.PROJECT_ID, id, Project.class);
    }

    private static String uniqueTitle(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createdProjectReadsBackWithSameTitleAndLabelConfig() {
        String title = uniqueTitle("Create");
        Project created = create(
                Map.of("title", title, "label_config", LabelConfigs.TEXT_CLASSIFICATION, "description", "from an IT"));

        Project read = get(created.id());

        assertThat(read.id()).isEqualTo(created.id());
        assertThat(read.title()).isEqualTo(title);
        assertThat(read.labelConfig()).isEqualTo(LabelConfigs.TEXT_CLASSIFICATION);
        assertThat(read.description()).isEqualTo("from an IT");
        // fields without a typed accessor are kept
        assertThat(read.otherFields()).containsKey("show_skip_button");
    }

    @Test
    void createAcceptsJsonStringAndProjectBodies() {
        String title = uniqueTitle("Json");
        Project fromJson = create(
                "{\"title\": \"" + title + "\", \"label_config\": " + jsonString(LabelConfigs.IMAGE_LABELS) + "}");
        assertThat(get(fromJson.id()).labelConfig()).isEqualTo(LabelConfigs.IMAGE_LABELS);

        // a Project read back can be the body of a create: the copy gets a new id, same title and config
        Project copy = create(get(fromJson.id()));
        assertThat(copy.id()).isNotEqualTo(fromJson.id());
        assertThat(get(copy.id()).title()).isEqualTo(title);
        assertThat(get(copy.id()).labelConfig()).isEqualTo(LabelConfigs.IMAGE_LABELS);
    }

    private static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Test
    void listPagesLazilyThroughAllProjects() {
        Project a = create(Map.of("title", uniqueTitle("List A"), "label_config", LabelConfigs.TEXT_CLASSIFICATION));
        Project b = create(Map.of("title", uniqueTitle("List B"), "label_config", LabelConfigs.TEXT_CLASSIFICATION));

        Exchange result = template.request("labelstudio:projects?operation=list&pageSize=1", e -> {});
        long total = result.getMessage().getHeader(LabelStudioConstants.TOTAL, Long.class);
        @SuppressWarnings("unchecked")
        Iterable<Project> projects = result.getMessage().getBody(Iterable.class);
        List<Long> ids = new ArrayList<>();
        projects.forEach(p -> ids.add(p.id()));

        assertThat(total).isGreaterThanOrEqualTo(2);
        assertThat(ids).contains(a.id(), b.id()).doesNotHaveDuplicates();
        assertThat((long) ids.size()).isEqualTo(total);
    }

    @Test
    void listStopsAtMaxResults() {
        create(Map.of("title", uniqueTitle("Max A"), "label_config", LabelConfigs.TEXT_CLASSIFICATION));
        create(Map.of("title", uniqueTitle("Max B"), "label_config", LabelConfigs.TEXT_CLASSIFICATION));

        List<?> projects =
                template.requestBody("labelstudio:projects?operation=list&pageSize=1&maxResults=1", null, List.class);

        assertThat(projects).hasSize(1);
    }

    @Test
    void updateIsVisible() {
        Project project =
                create(Map.of("title", uniqueTitle("Update"), "label_config", LabelConfigs.TEXT_CLASSIFICATION));
        String newTitle = uniqueTitle("Updated");

        Project answer = template.requestBodyAndHeader(
                "labelstudio:projects?operation=update",
                Map.of(
                        "title",
                        newTitle,
                        "sampling",
                        "Uniform sampling",
                        "is_published",
                        true,
                        "maximum_annotations",
                        3,
                        "show_skip_button",
                        false),
                LabelStudioConstants.PROJECT_ID,
                project.id(),
                Project.class);

        assertThat(answer.title()).isEqualTo(newTitle);
        Project read = get(project.id());
        assertThat(read.title()).isEqualTo(newTitle);
        assertThat(read.sampling()).isEqualTo("Uniform sampling");
        assertThat(read.published()).isTrue();
        assertThat(read.field("maximum_annotations")).isEqualTo(3L);
        assertThat(read.field("show_skip_button")).isEqualTo(false);
        assertThat(read.labelConfig()).isEqualTo(LabelConfigs.TEXT_CLASSIFICATION); // untouched
    }

    @Test
    void deletedProjectIsGone() {
        Project project =
                create(Map.of("title", uniqueTitle("Delete"), "label_config", LabelConfigs.TEXT_CLASSIFICATION));

        Object answer =
                template.requestBody("labelstudio:projects?operation=delete&projectId=" + project.id(), (Object) null);

        assertThat(answer).isEqualTo(true);
        assertThatThrownBy(() -> get(project.id()))
                .isInstanceOf(CamelExecutionException.class)
                .cause()
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("GET /api/projects/" + project.id() + "/")
                .hasMessageContaining("404");
    }

    @Test
    void validConfigPassesValidationWithAndWithoutProject() {
        Project project =
                create(Map.of("title", uniqueTitle("Validate"), "label_config", LabelConfigs.TEXT_CLASSIFICATION));

        LabelConfigValidation alone = template.requestBody(
                "labelstudio:projects?operation=validateConfig",
                LabelConfigs.IMAGE_LABELS,
                LabelConfigValidation.class);
        Exchange forProject = template.request(
                "labelstudio:projects?operation=validateConfig&projectId=" + project.id(),
                e -> e.getIn().setBody(LabelConfigs.TEXT_CLASSIFICATION));

        assertThat(alone.valid()).isTrue();
        assertThat(forProject.getException()).isNull();
        // 1.23 answers null (not false) when nothing essential changed
        assertThat(forProject.getMessage().getBody(LabelConfigValidation.class).configEssentialDataHasChanged())
                .isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void invalidConfigGivesValidationExceptionWithServerMessage() {
        Project project =
                create(Map.of("title", uniqueTitle("Invalid"), "label_config", LabelConfigs.TEXT_CLASSIFICATION));

        for (String uri : List.of(
                "labelstudio:projects?operation=validateConfig",
                "labelstudio:projects?operation=validateConfig&projectId=" + project.id())) {
            assertThatThrownBy(() -> template.requestBody(uri, LabelConfigs.BROKEN))
                    .cause()
                    .isInstanceOfSatisfying(ValidationException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(400);
                        // the server's own words ("mismatched tag" / "tag mismatch"), in detail or field errors
                        assertThat(e.getMessage()).containsIgnoringCase("tag").contains("/validate/");
                    });
        }
        // creating a project with it fails the same way, and leaves no project behind
        String title = uniqueTitle("Broken");
        assertThatThrownBy(() -> create(Map.of("title", title, "label_config", LabelConfigs.BROKEN)))
                .hasRootCauseInstanceOf(ValidationException.class);
        List<?> all = template.requestBody("labelstudio:projects?operation=list", null, List.class);
        assertThat(all).noneMatch(p -> title.equals(((Project) p).title()));
    }
}
