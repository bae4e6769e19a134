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

import static io.camellabelstudio.client.ClientTestSupport.LEGACY_KEY;
import static io.camellabelstudio.client.ClientTestSupport.PROJECTS;
import static io.camellabelstudio.client.ClientTestSupport.assertDoesNotLeak;
import static io.camellabelstudio.client.ClientTestSupport.clientFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.client.error.AuthenticationException;
import io.camellabelstudio.client.error.LabelStudioApiException;
import io.camellabelstudio.client.error.LabelStudioException;
import io.camellabelstudio.client.error.LabelStudioRedirectException;
import io.camellabelstudio.client.error.NotFoundException;
import io.camellabelstudio.client.error.PermissionDeniedException;
import io.camellabelstudio.client.error.ServerErrorException;
import io.camellabelstudio.client.error.ValidationException;
import io.camellabelstudio.client.http.RetrySettings;
import io.camellabelstudio.it.HugeAnswerServer;

/** Error answers become typed exceptions with method, path, status and a short, key-free message. */
class ErrorMappingTest {

    private static final String PROJECT_1 = "/api/projects/1/";
    private static final String VALIDATE = "/api/projects/validate/";

    private StubLabelStudio stub;
    private LabelStudioClient client;

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        client = clientFor(stub).retrySettings(RetrySettings.NONE).build();
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
        assertThat(stub.errors()).as("problems of the stub server itself").isEmpty();
    }

    /** Calls GET /api/projects/1/ answered with {@code response} and returns what it threw. */
    private Throwable getProjectAnswering(StubResponse response) {
        stub.when("GET", PROJECT_1, response);
        Throwable thrown = catchThrowable(() -> client.projects().get(1));
        assertThat(thrown).as("GET answered " + response).isNotNull();
        assertDoesNotLeak(thrown, LEGACY_KEY);
        return thrown;
    }

    private static <T extends LabelStudioApiException> T assertApiError(
            Throwable thrown, Class<T> type, int status, String method, String path) {
        assertThat(thrown).isExactlyInstanceOf(type);
        T error = type.cast(thrown);
        assertThat(error.getStatusCode()).isEqualTo(status);
        assertThat(error.getMethod()).isEqualTo(method);
        assertThat(error.getPath()).isEqualTo(path);
        assertThat(error.getMessage()).startsWith(method + " " + path + " failed with HTTP " + status);
        return error;
    }

    @Test
    void labelStudioValidationEnvelopeBecomesValidationExceptionWithFieldErrors() {
        stub.when(
                "POST",
                VALIDATE,
                StubResponse.json(
                        400,
                        "{\"id\":\"x\",\"status_code\":400,\"version\":\"1.23.2\",\"detail\":\"Validation error\","
                                + "\"exc_info\":null,\"validation_errors\":{\"label_config\":[\"bad xml\"]}}"));

        Throwable thrown = catchThrowable(() -> client.projects().validateConfig("<View>"));

        ValidationException error = assertApiError(thrown, ValidationException.class, 400, "POST", VALIDATE);
        assertThat(error.getFieldErrors()).isEqualTo(Map.of("label_config", List.of("bad xml")));
        assertThat(error.getMessage()).contains("Validation error", "bad xml");
        assertThat(error.getDetail()).contains("bad xml");
        assertDoesNotLeak(error, LEGACY_KEY);
    }

    @Test
    void plainDjangoRestFrameworkFieldErrorsBecomeValidationException() {
        stub.when(
                "POST",
                PROJECTS,
                StubResponse.json(400, "{\"title\": [\"Ensure this field has at least 3 characters.\"]}"));

        Throwable thrown = catchThrowable(() -> client.projects().create("ab", "<View/>"));

        ValidationException error = assertApiError(thrown, ValidationException.class, 400, "POST", PROJECTS);
        assertThat(error.getFieldErrors())
                .isEqualTo(Map.of("title", List.of("Ensure this field has at least 3 characters.")));
        assertThat(error.getMessage()).contains("at least 3 characters");
    }

    @Test
    void unauthorizedBecomesAuthenticationException() {
        Throwable thrown = getProjectAnswering(
                StubResponse.json(401, "{\"detail\": \"Invalid token.\"}").withHeader("WWW-Authenticate", "Token"));

        assertApiError(thrown, AuthenticationException.class, 401, "GET", PROJECT_1);
        assertThat(thrown).hasMessageContaining("Invalid token.");
        assertThat(stub.requests())
                .as("a legacy token cannot be renewed: no second attempt")
                .hasSize(1);
        assertThat(client.accessTokenRenewals()).isZero();
    }

    @Test
    void forbiddenBecomesPermissionDeniedException() {
        Throwable thrown = getProjectAnswering(
                StubResponse.json(403, "{\"detail\": \"You do not have permission to perform this action.\"}"));

        assertApiError(thrown, PermissionDeniedException.class, 403, "GET", PROJECT_1);
        assertThat(thrown).hasMessageContaining("You do not have permission");
    }

    @Test
    void notFoundBecomesNotFoundException() {
        Throwable thrown = getProjectAnswering(StubResponse.json(404, "{\"detail\": \"Not found.\"}"));

        assertApiError(thrown, NotFoundException.class, 404, "GET", PROJECT_1);
        assertThat(((NotFoundException) thrown).getDetail()).isEqualTo("Not found.");
    }

    @Test
    void internalServerErrorBecomesServerErrorException() {
        Throwable thrown = getProjectAnswering(StubResponse.json(
                500,
                "{\"id\":\"e1\",\"status_code\":500,\"version\":\"1.23.2\",\"detail\":\"Internal server error\","
                        + "\"exc_info\":\"Traceback ...\"}"));

        assertApiError(thrown, ServerErrorException.class, 500, "GET", PROJECT_1);
        assertThat(thrown).hasMessageContaining("Internal server error");
    }

    @Test
    void conflictBecomesTheBaseApiException() {
        Throwable thrown = getProjectAnswering(StubResponse.json(409, "{\"detail\": \"Conflict: already exists\"}"));

        assertApiError(thrown, LabelStudioApiException.class, 409, "GET", PROJECT_1);
        assertThat(thrown).hasMessageContaining("Conflict: already exists");
    }

    @Test
    void htmlErrorPageFromAProxyIsSummarisedByItsTitle() {
        String page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n"
                + "<!-- padding -->".repeat(200)
                + "</body>\r\n</html>\r\n";

        Throwable thrown = getProjectAnswering(StubResponse.html(502, page));

        assertApiError(thrown, ServerErrorException.class, 502, "GET", PROJECT_1);
        assertThat(thrown.getMessage())
                .contains("HTML", "502 Bad Gateway")
                .doesNotContain("<center>", "nginx", "padding")
                .hasSizeLessThan(300);
    }

    @Test
    void hugeErrorPageIsReadOnlyAsFarAsTheSummaryNeeds() throws Exception {
        // declared longer than 2 GB: HttpClient's EntityUtils would refuse it with an IllegalArgumentException
        try (HugeAnswerServer huge = new HugeAnswerServer(
                        503,
                        "text/html",
                        "<html><head><title>Service Unavailable</title></head><body>",
                        "<p>upstream trace line</p>\n",
                        100_000_000L,
                        "</body></html>");
                LabelStudioClient direct = LabelStudioClient.builder()
                        .url(huge.url())
                        .apiKey(LEGACY_KEY)
                        .retrySettings(RetrySettings.NONE)
                        .build()) {
            Throwable thrown = catchThrowable(() -> direct.projects().get(1));

            assertApiError(thrown, ServerErrorException.class, 503, "GET", PROJECT_1);
            assertThat(thrown.getMessage())
                    .contains("HTML", "Service Unavailable")
                    .hasSizeLessThan(1_000);
            assertThat(huge.bodyLength()).isGreaterThan(2_500_000_000L);
            assertThat(huge.bytesSent())
                    .as("bytes the client let the server send")
                    .isLessThan(50_000_000L);
        }
    }

    @Test
    void hugeSuccessfulHtmlAnswerIsReadOnlyAsFarAsTheSummaryNeeds() throws Exception {
        try (HugeAnswerServer huge = new HugeAnswerServer(
                        200,
                        "text/html",
                        "<html><head><title>Sign in</title></head><body>",
                        "<div></div>\n",
                        300_000_000L,
                        "</body></html>");
                LabelStudioClient direct = LabelStudioClient.builder()
                        .url(huge.url())
                        .apiKey(LEGACY_KEY)
                        .retrySettings(RetrySettings.NONE)
                        .build()) {
            Throwable thrown = catchThrowable(() -> direct.projects().get(1));

            assertThat(thrown).isExactlyInstanceOf(LabelStudioException.class);
            assertThat(thrown.getMessage())
                    .contains("instead of JSON", "Sign in")
                    .hasSizeLessThan(1_000);
            assertThat(huge.bytesSent())
                    .as("bytes the client let the server send")
                    .isLessThan(50_000_000L);
        }
    }

    @Test
    void successfulAnswerWithHtmlIsAnErrorNotJson() {
        String page = "<!DOCTYPE html><html><head><title>Label Studio</title></head><body>"
                + "<div id=\"app\"></div>".repeat(500) + "</body></html>";
        stub.when("GET", PROJECT_1, StubResponse.html(200, page));

        Throwable thrown = catchThrowable(() -> client.projects().get(1));

        assertThat(thrown).isExactlyInstanceOf(LabelStudioException.class);
        assertThat(thrown.getMessage())
                .contains("GET /api/projects/1/", "200", "text/html", "instead of JSON")
                .hasSizeLessThan(1_000);
        assertDoesNotLeak(thrown, LEGACY_KEY);
    }

    @Test
    void invalidJsonIsAnErrorNotNull() {
        stub.when("GET", PROJECT_1, StubResponse.json(200, "{\"id\": 1, \"title\": \"Invo"));

        Throwable thrown = catchThrowable(() -> client.projects().get(1));

        assertThat(thrown).isInstanceOf(LabelStudioException.class);
        assertThat(thrown.getMessage()).contains("GET /api/projects/1/", "not valid JSON");
        assertDoesNotLeak(thrown, LEGACY_KEY);
    }

    @Test
    void answerCutShortBeforeItsContentLengthIsAnErrorNotNull() {
        stub.when(
                "GET",
                PROJECT_1,
                StubResponse.json(200, ClientTestSupport.projectJson(1)).truncatedAfter(20));

        Throwable thrown = catchThrowable(() -> client.projects().get(1));

        assertThat(thrown).isInstanceOf(LabelStudioException.class);
        assertThat(thrown.getMessage()).contains("GET /api/projects/1/");
        assertDoesNotLeak(thrown, LEGACY_KEY);
    }

    @Test
    void emptyErrorBodyFallsBackToTheReasonPhrase() {
        Throwable thrown = getProjectAnswering(StubResponse.status(403));

        assertApiError(thrown, PermissionDeniedException.class, 403, "GET", PROJECT_1);
        assertThat(thrown).hasMessageContaining("Forbidden");
    }

    @Test
    void redirectIsNotFollowedAndCredentialsStayHome() {
        try (StubLabelStudio elsewhere = StubLabelStudio.start()) {
            String location = "http://localhost:" + elsewhere.port() + PROJECT_1;
            elsewhere.when("GET", PROJECT_1, StubResponse.json(200, ClientTestSupport.projectJson(1)));
            stub.when("GET", PROJECT_1, StubResponse.redirect(302, location));

            Throwable thrown = catchThrowable(() -> client.projects().get(1));

            LabelStudioRedirectException error =
                    assertApiError(thrown, LabelStudioRedirectException.class, 302, "GET", PROJECT_1);
            assertThat(error.getMessage()).contains(location, "not followed");
            assertThat(stub.requests()).hasSize(1);
            assertThat(elsewhere.requests()).isEmpty();
        }
    }
}
