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

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.StubResponse;
import io.camellabelstudio.client.error.AuthenticationException;
import io.camellabelstudio.client.model.Project;

/** The producer's dispatch, option/header handling and error messages, against a stub HTTP server. */
class LabelStudioProducerTest extends StubCamelTestSupport {

    private static final String PROJECT_JSON = "{\"id\": 7, \"title\": \"Seven\", \"label_config\": \"<View/>\","
            + " \"show_skip_button\": true, \"created_by\": {\"id\": 1, \"email\": \"a@b.c\"}}";

    @Test
    void getSendsTheProjectIdFromHeaderOverOption() {
        stub.when("GET", "/api/projects/7/", StubResponse.json(200, PROJECT_JSON));

        Exchange result = template.request(
                "labelstudio:projects?operation=get&projectId=5",
                e -> e.getIn().setHeader(LabelStudioConstants.PROJECT_ID, "7"));

        assertThat(result.getException()).isNull();
        Project project = result.getMessage().getBody(Project.class);
        assertThat(project.title()).isEqualTo("Seven");
        assertThat(result.getMessage().getHeader(LabelStudioConstants.PROJECT_ID))
                .isEqualTo(7L);
        assertThat(stub.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/api/projects/7/");
            assertThat(r.header("Authorization")).isEqualTo("Token " + KEY);
        });
    }

    @Test
    void operationHeaderOverridesOption() {
        stub.when("GET", "/api/projects/7/", StubResponse.json(200, PROJECT_JSON));
        stub.when("DELETE", "/api/projects/7/", StubResponse.status(204));

        Object body = template.requestBodyAndHeaders(
                "labelstudio:projects?operation=list",
                "ignored",
                Map.of(LabelStudioConstants.OPERATION, "delete", LabelStudioConstants.PROJECT_ID, 7));

        assertThat(body).isEqualTo(true);
        // delete first reads the project's task count (a big project loses its tasks in bounded requests first)
        assertThat(stub.requests()).extracting(r -> r.method()).containsExactly("GET", "DELETE");
    }

    @Test
    void operationOptionIsResolvedOnceAndAHeaderStillOverridesItPerMessage() {
        stub.when("GET", "/api/projects/7/", StubResponse.json(200, PROJECT_JSON));
        stub.when("DELETE", "/api/projects/7/", StubResponse.status(204));
        String uri = "labelstudio:projects?operation=get";

        Object first = template.requestBodyAndHeader(uri, null, LabelStudioConstants.PROJECT_ID, 7L);
        Object deleted = template.requestBodyAndHeaders(
                uri, null, Map.of(LabelStudioConstants.OPERATION, " delete ", LabelStudioConstants.PROJECT_ID, 7L));
        Object again = template.requestBodyAndHeader(uri, null, LabelStudioConstants.PROJECT_ID, 7L);

        assertThat(first).isInstanceOf(Project.class);
        assertThat(deleted).isEqualTo(true);
        assertThat(again).isInstanceOf(Project.class);
        assertThat(stub.requests()).extracting(r -> r.method()).containsExactly("GET", "GET", "DELETE", "GET");
        assertThat(failure(uri, null, Map.of(LabelStudioConstants.OPERATION, "explode")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The CamelLabelStudioOperation header 'explode' is not an operation of");
    }

    @Test
    void createSendsMapJsonStringAndOnlyWritableFieldsOfAProject() {
        stub.when("POST", "/api/projects/", StubResponse.json(201, PROJECT_JSON));
        template.requestBody("labelstudio:projects?operation=create", Map.of("title", "From map"));
        template.requestBody("labelstudio:projects?operation=create", "{\"title\": \"From JSON\"}");
        template.requestBody("labelstudio:projects?operation=create", "{\"title\": \"From bytes\"}".getBytes());
        Project seven = template.requestBody("labelstudio:projects?operation=create", Map.of("t", 1), Project.class);
        template.requestBody("labelstudio:projects?operation=create", seven);

        List<String> bodies =
                stub.requests().stream().map(r -> r.bodyAsString()).toList();
        assertThat(bodies.get(0)).isEqualTo("{\"title\":\"From map\"}");
        assertThat(bodies.get(1)).isEqualTo("{\"title\":\"From JSON\"}");
        assertThat(bodies.get(2)).isEqualTo("{\"title\":\"From bytes\"}");
        assertThat(bodies.get(4))
                .contains("\"title\":\"Seven\"", "\"show_skip_button\":true")
                .doesNotContain("\"id\"", "created_by");
    }

    @Test
    void listIsLazyAndSetsTheTotal() {
        stub.when("GET", "/api/projects/", request -> {
            String page = request.queryParam("page");
            return page.equals("1")
                    ? StubResponse.json(
                            200, "{\"count\": 3, \"results\": [" + PROJECT_JSON + ", " + PROJECT_JSON + "]}")
                    : StubResponse.json(200, "{\"count\": 3, \"results\": [" + PROJECT_JSON + "]}");
        });

        Exchange result = template.request("labelstudio:projects?operation=list&pageSize=2", e -> {});

        assertThat(result.getMessage().getHeader(LabelStudioConstants.TOTAL)).isEqualTo(3L);
        assertThat(stub.requests()).as("only the first page so far").hasSize(1);
        assertThat(stub.requests().get(0).queryParam("page_size")).isEqualTo("2");
        List<?> all = result.getMessage().getBody(List.class);
        assertThat(all).hasSize(3);
        assertThat(stub.requests()).hasSize(2);
    }

    @Test
    void unknownResourceNamesTheValidOnes() {
        assertThatThrownBy(() -> camel.getEndpoint("labelstudio:projectz?operation=list"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .rootCause()
                .hasMessageContaining("Unknown Label Studio resource 'projectz'")
                .hasMessageContaining("valid resources: projects");
    }

    @Test
    void unknownOperationNamesResourceOperationAndValidOnes() {
        assertThat(failure("labelstudio:projects", null, Map.of(LabelStudioConstants.OPERATION, "explode")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The CamelLabelStudioOperation header 'explode' is not an operation of"
                        + " labelstudio:projects; valid operations: list, get, create, update, delete, validateConfig, parseConfig, listModelVersions,"
                        + " predictionsCoverage, listMembers, addMember");
        // an invalid operation option fails when the route starts, not at the first message
        assertThatThrownBy(() -> camel.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:bad").to("labelstudio:projects?operation=import");
                    }
                }))
                .isInstanceOf(FailedToCreateRouteException.class)
                .rootCause()
                .hasMessageContaining(
                        "Operation 'import' is not supported by labelstudio:projects; valid operations: list,");
    }

    @Test
    void missingOperationSaysHowToSetIt() {
        assertThat(failure("labelstudio:projects", null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No operation for labelstudio:projects")
                .hasMessageContaining("operation option")
                .hasMessageContaining(LabelStudioConstants.OPERATION);
    }

    @Test
    void missingOrNonNumericProjectIdNamesOptionAndHeader() {
        assertThat(failure("labelstudio:projects?operation=get", null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labelstudio:projects operation 'get' needs a project id: set the projectId option or"
                        + " the CamelLabelStudioProjectId header");
        assertThat(failure(
                        "labelstudio:projects?operation=update",
                        Map.of(),
                        Map.of(LabelStudioConstants.PROJECT_ID, "abc")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the CamelLabelStudioProjectId header must be a numeric id")
                .hasMessageContaining("'abc'");
        assertThat(stub.requests()).as("nothing was sent").isEmpty();
    }

    @Test
    void nonNumericIdOptionsFailAtStartInsteadOfAddressingIdZero() {
        // Camel would bind "abc" to a Long option as 0 (it reads unknown texts as a duration of 0)
        assertThatThrownBy(() -> template.requestBody("labelstudio:tasks?operation=get&taskId=abc", (Object) null))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasRootCauseMessage("The taskId option of labelstudio:tasks must be a numeric id, but was 'abc'");
        assertThatThrownBy(() -> template.requestBody("labelstudio:projects?operation=get&projectid=5s", (Object) null))
                .hasRootCauseMessage("The projectId option of labelstudio:projects must be a numeric id, but was '5s'");
        stub.when("GET", "/api/tasks/12/", StubResponse.json(200, "{\"id\": 12}"));
        assertThat(template.requestBody("labelstudio:tasks?operation=get&taskId=12", (Object) null))
                .isNotNull();
        assertThat(stub.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.path()).isEqualTo("/api/tasks/12/"));
    }

    @Test
    void fractionalIdHeaderIsRejectedNotCutToAWholeNumber() {
        assertThat(failure("labelstudio:tasks?operation=get", null, Map.of(LabelStudioConstants.TASK_ID, 1.5d)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the CamelLabelStudioTaskId header must be a numeric id")
                .hasMessageContaining("'1.5'");
        assertThat(failure("labelstudio:tasks?operation=get", null, Map.of(LabelStudioConstants.TASK_ID, "1.5")))
                .hasMessageContaining("the CamelLabelStudioTaskId header must be a numeric id");
        assertThat(stub.requests()).as("nothing was sent").isEmpty();
    }

    @Test
    void aJsonObjectWhereIdsAreNeededIsNamed() {
        assertThat(failure("labelstudio:tasks?operation=deleteMany&projectId=1", "{\"ids\": [1, 2]}", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labelstudio:tasks operation 'deleteMany': the body must hold task ids (a JSON list such"
                        + " as [1, 2], a comma-separated String, a List or an array), but is a JSON object");
        assertThat(stub.requests()).as("nothing was sent").isEmpty();
    }

    @Test
    void predictionResultOfAnotherTypeIsRejectedBeforeAnyRequest() {
        assertThat(failure("labelstudio:predictions?operation=create&taskId=3&projectId=1", 42, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labelstudio:predictions operation 'create' needs the prediction's result")
                .hasMessageContaining("java.lang.Integer");
        assertThat(stub.requests()).as("nothing was sent").isEmpty();
    }

    @Test
    void wrongBodiesAreRejectedBeforeAnyRequest() {
        String create = "labelstudio:projects?operation=create";
        assertThat(failure(create, 42, Map.of()))
                .hasMessageContaining("labelstudio:projects operation 'create' needs a Map, a JSON object")
                .hasMessageContaining("java.lang.Integer");
        assertThat(failure(create, null, Map.of())).hasMessageContaining("the body was empty");
        assertThat(failure(create, "{\"title\": ", Map.of())).hasMessageContaining("the body is not valid JSON");
        assertThat(failure(create, "[{\"title\": \"x\"}]", Map.of()))
                .hasMessageContaining("needs a JSON object ({...}) as body, but the body starts with '['");
        assertThat(failure("labelstudio:projects?operation=validateConfig", Map.of("title", "x"), Map.of()))
                .hasMessageContaining("needs the field label_config in the body");
        assertThat(failure("labelstudio:projects?operation=validateConfig", 1.5, Map.of()))
                .hasMessageContaining("needs the label config XML");
        assertThat(stub.requests()).as("nothing was sent").isEmpty();
    }

    @Test
    void invalidOptionsFailAtStartNamingTheOption() {
        assertThatThrownBy(() -> template.requestBody("labelstudio:projects?operation=list&pageSize=0", (Object) null))
                .hasRootCauseMessage("The pageSize option must be at least 1, was 0");
        assertThatThrownBy(() -> template.requestBody(
                        "labelstudio:tasks?operation=list&projectId=1&parallelPages=0", (Object) null))
                .hasRootCauseMessage("The parallelPages option must be at least 1, was 0");
        assertThatThrownBy(() ->
                        template.requestBody("labelstudio:projects?operation=list&authScheme=basic", (Object) null))
                .hasMessageContaining("(authScheme=basic)")
                .hasRootCauseMessage("'basic' is not one of: auto, legacyToken, personalAccessToken");
        assertThatThrownBy(() -> template.requestBody(
                        "labelstudio:projects?operation=list&proxyHost=proxy.example", (Object) null))
                .hasRootCauseMessage("The proxyPort option is required when proxyHost is set");
    }

    @Test
    void missingUrlOrApiKeyNamesTheOption() {
        LabelStudioComponent bare = new LabelStudioComponent();
        camel.addComponent("bare", bare);
        assertThatThrownBy(() -> template.requestBody("bare:projects?operation=list&apiKey=x", (Object) null))
                .rootCause()
                .hasMessageStartingWith("The url option is required");
        assertThatThrownBy(() -> template.requestBody("bare:projects?operation=list&url=" + stub.url(), (Object) null))
                .rootCause()
                .hasMessageStartingWith("The apiKey option is required");
    }

    @Test
    void endpointOptionsDoNotChangeTheComponentDefaults() {
        LabelStudioEndpoint endpoint =
                camel.getEndpoint("labelstudio:projects?pageSize=7&projectId=3", LabelStudioEndpoint.class);
        LabelStudioComponent component = camel.getComponent("labelstudio", LabelStudioComponent.class);

        assertThat(endpoint.getConfiguration().getPageSize()).isEqualTo(7);
        assertThat(endpoint.getConfiguration().getUrl()).isEqualTo(stub.url());
        assertThat(component.getConfiguration().getPageSize()).isEqualTo(100);
        assertThat(component.getConfiguration().getProjectId()).isNull();
    }

    @Test
    void clientFromTheRegistryIsUsedAndNotClosed() throws Exception {
        stub.when("GET", "/api/projects/7/", StubResponse.json(200, PROJECT_JSON));
        try (LabelStudioClient client = LabelStudioClient.builder()
                        .url(stub.url())
                        .apiKey("registry-key")
                        .build();
                DefaultCamelContext other = new DefaultCamelContext()) {
            other.getRegistry().bind("myClient", client);
            other.start();
            other.createProducerTemplate().requestBody("labelstudio:projects?operation=get&projectId=7", (Object) null);
            other.stop();

            assertThat(stub.requests())
                    .singleElement()
                    .satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Token registry-key"));
            // still usable after the context stopped: the endpoint did not close a client it was given
            assertThat(client.projects().get(7).title()).isEqualTo("Seven");
        }
    }

    @Test
    void modelsConvertToMapAndJsonWithEveryField() {
        stub.when("GET", "/api/projects/7/", StubResponse.json(200, PROJECT_JSON));
        Project project = template.requestBody("labelstudio:projects?operation=get&projectId=7", null, Project.class);

        Map<?, ?> map = camel.getTypeConverter().convertTo(Map.class, project);
        String json = camel.getTypeConverter().convertTo(String.class, project);

        assertThat(map.get("title")).isEqualTo("Seven");
        assertThat(map.get("show_skip_button")).isEqualTo(true);
        assertThat(map.get("created_by")).isEqualTo(Map.of("id", 1L, "email", "a@b.c"));
        assertThat(json).contains("\"title\":\"Seven\"", "\"show_skip_button\":true", "\"label_config\":\"<View/>\"");
    }

    /**
     * A key in the endpoint URI: masked everywhere Camel logs at DEBUG and above. (Camel core itself writes raw
     * endpoint URIs at TRACE, "Getting endpoint with uri"; the next test shows component-level configuration avoids
     * even that.)
     */
    @Test
    void apiKeyInUriNeverAppearsInDebugLogsMessagesOrUris() throws Exception {
        stub.when("GET", "/api/projects/1/", StubResponse.json(401, "{\"detail\": \"Invalid token.\"}"));
        String uri = "labelstudio:projects?operation=get&projectId=1&url=" + stub.url() + "&apiKey=" + KEY + "X";
        try (LogCapture logs = LogCapture.capture(Level.DEBUG);
                DefaultCamelContext routeContext = new DefaultCamelContext()) {
            routeContext.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:start").routeId("secret-route").to(uri).to("log:after?showAll=true");
                }
            });
            routeContext.start();
            CamelExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(
                    CamelExecutionException.class,
                    () -> routeContext.createProducerTemplate().requestBody("direct:start", "hello"));
            String endpoints = routeContext.getEndpoints().toString();
            String routes = routeContext.getRoutes().toString();
            routeContext.stop();

            // the key really went to the server, so the checks below are meaningful
            assertThat(stub.requests())
                    .singleElement()
                    .satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Token " + KEY + "X"));
            assertThat(failure.getCause()).isInstanceOf(AuthenticationException.class);
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY);
            }
            assertThat(endpoints).contains("labelstudio://projects").doesNotContain(KEY);
            assertThat(routes).doesNotContain(KEY);
            assertThat(logs.lines()).as("captured logs").isNotEmpty();
            assertThat(logs.lines()).anyMatch(line -> line.contains("labelstudio://projects"));
            assertThat(logs.lines()).noneMatch(line -> line.contains(KEY));
        }
    }

    /** A key set on the component (as camel.component.labelstudio.api-key does) appears nowhere, even at TRACE. */
    @Test
    void componentLevelApiKeyNeverAppearsEvenInTraceLogs() throws Exception {
        stub.when("GET", "/api/projects/1/", StubResponse.json(401, "{\"detail\": \"Invalid token.\"}"));
        try (LogCapture logs = LogCapture.capture(Level.ALL);
                DefaultCamelContext routeContext = new DefaultCamelContext()) {
            LabelStudioComponent component = new LabelStudioComponent();
            component.getConfiguration().setUrl(stub.url());
            component.getConfiguration().setApiKey(KEY);
            routeContext.addComponent("labelstudio", component);
            routeContext.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:start").to("labelstudio:projects?operation=get&projectId=1");
                }
            });
            routeContext.start();
            Exchange result = routeContext.createProducerTemplate().request("direct:start", e -> {});
            routeContext.stop();

            assertThat(result.getException()).isInstanceOf(AuthenticationException.class);
            assertThat(stub.requests())
                    .singleElement()
                    .satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Token " + KEY));
            assertThat(logs.lines()).anyMatch(line -> line.contains("Getting endpoint with uri"));
            assertThat(logs.lines()).noneMatch(line -> line.contains(KEY));
        }
    }

    /**
     * Every option marked secret (the personal access token, a JWT, in apiKey; webhookSecret) is masked where Camel
     * prints an endpoint URI: the endpoint's toString, the context's endpoint list and the route's description.
     */
    @Test
    void secretOptionsAreMaskedInPrintedEndpointUris() throws Exception {
        String pat = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.c2lnbmF0dXJlLXBhdA";
        String webhookSecret = "whsec-0123456789abcdef";
        String uri = "labelstudio:projects?operation=get&projectId=1&url=" + stub.url() + "&apiKey=" + pat
                + "&webhookSecret=" + webhookSecret;
        try (LogCapture logs = LogCapture.capture(Level.DEBUG);
                DefaultCamelContext routeContext = new DefaultCamelContext()) {
            routeContext.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:start").routeId("masked").to(uri);
                }
            });
            routeContext.start();
            String printed =
                    routeContext.getEndpoint(uri) + " " + routeContext.getEndpoints() + " " + routeContext.getRoutes()
                            + " " + routeContext.getRoute("masked").getEndpoint();
            routeContext.stop();

            assertThat(printed).contains("labelstudio://projects", "apiKey=xxxxxx", "webhookSecret=xxxxxx");
            assertThat(printed).doesNotContain(pat, webhookSecret, "eyJ");
            assertThat(logs.lines()).noneMatch(line -> line.contains(pat) || line.contains(webhookSecret));
        }
    }
}
