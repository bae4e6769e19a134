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
package io.camellabelstudio.client.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import javax.net.ssl.SSLException;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.io.entity.BufferedHttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.net.URIBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;

import io.camellabelstudio.client.ClientListener;
import io.camellabelstudio.client.auth.AccessTokenSource;
import io.camellabelstudio.client.auth.Authenticator;
import io.camellabelstudio.client.error.AuthenticationException;
import io.camellabelstudio.client.error.LabelStudioApiException;
import io.camellabelstudio.client.error.LabelStudioConnectionException;
import io.camellabelstudio.client.error.LabelStudioException;
import io.camellabelstudio.client.error.LabelStudioRedirectException;
import io.camellabelstudio.client.error.NotFoundException;

/**
 * Sends {@link ApiRequest}s to one Label Studio server: adds the {@code Authorization} header, renews an access token
 * once on 401, maps error answers to typed exceptions and reads JSON answers with Jackson, streaming from the socket.
 * Retries of idempotent requests happen below, in HttpClient's retry stage ({@link IdempotentRetryStrategy}).
 *
 * <p>Redirects are not followed: the {@code Authorization} header must never reach another host, and the API does not
 * redirect; a 3xx answer raises a {@link LabelStudioRedirectException} naming the new location (without its query).
 */
public final class ApiTransport implements Closeable, AccessTokenSource {

    private static final Logger LOG = LoggerFactory.getLogger(ApiTransport.class);

    private static final int MAX_ERROR_BODY_CHARS = 64 * 1024;

    private final URI baseUrl;
    /** The base URL as text, for requests whose URL is plain concatenation; null when it needs URIBuilder. */
    private final String plainPrefix;

    private final CloseableHttpClient http;
    private final String userAgent;
    private final Authenticator authenticator;
    /** HttpClient retries until the answer's head arrived; these settings also cover an answer cut while read. */
    private final RetrySettings retrySettings;

    private final IdempotentRetryStrategy retryStrategy;
    private final ClientListener listener;
    /** Names the server's time limit in errors of requests that ran into it. */
    private final ServerTimeLimit timeLimit;

    public ApiTransport(
            URI baseUrl,
            CloseableHttpClient http,
            String userAgent,
            Function<AccessTokenSource, Authenticator> authenticatorFactory) {
        this(baseUrl, http, userAgent, authenticatorFactory, RetrySettings.NONE, ServerTimeLimit.DEFAULT);
    }

    public ApiTransport(
            URI baseUrl,
            CloseableHttpClient http,
            String userAgent,
            Function<AccessTokenSource, Authenticator> authenticatorFactory,
            RetrySettings retrySettings,
            ServerTimeLimit timeLimit) {
        this(baseUrl, http, userAgent, authenticatorFactory, retrySettings, timeLimit, ClientListener.NONE);
    }

    /** @param listener told of the retries of answers cut while read (HttpClient's retries tell it themselves) */
    public ApiTransport(
            URI baseUrl,
            CloseableHttpClient http,
            String userAgent,
            Function<AccessTokenSource, Authenticator> authenticatorFactory,
            RetrySettings retrySettings,
            ServerTimeLimit timeLimit,
            ClientListener listener) {
        this.retrySettings = retrySettings;
        this.timeLimit = timeLimit;
        this.listener = listener;
        this.retryStrategy = new IdempotentRetryStrategy(retrySettings, timeLimit, listener);
        this.baseUrl = baseUrl;
        this.plainPrefix = plainPrefix(baseUrl);
        this.http = http;
        this.userAgent = userAgent;
        this.authenticator = authenticatorFactory.apply(this);
    }

    /** The base URL requests go to. */
    public URI baseUrl() {
        return baseUrl;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    /** Where retries, token renewals, imports and export downloads of this server are reported. */
    public ClientListener listener() {
        return listener;
    }

    /** Sends the request and reads the JSON answer as {@code type}; null for an empty answer (204). */
    public <T> T execute(ApiRequest request, Class<T> type) {
        return execute(request, Json.mapper().constructType(type));
    }

    /** Sends the request and reads the JSON answer as {@code type}; null for an empty answer (204). */
    public <T> T execute(ApiRequest request, JavaType type) {
        return send(request, true, response -> readJson(request, response, type));
    }

    /** Sends the request and discards the answer. */
    public void execute(ApiRequest request) {
        send(request, true, response -> {
            EntityUtils.consume(response.getEntity());
            return null;
        });
    }

    @Override
    public String fetchAccessToken(String personalAccessToken) {
        ApiRequest request = ApiRequest.post("/api/token/refresh", Map.of("refresh", personalAccessToken));
        try {
            JsonNode answer = send(
                    request,
                    false,
                    response -> readJson(request, response, Json.mapper().constructType(JsonNode.class)));
            String access = answer == null ? null : answer.path("access").asText(null);
            if (access == null || access.isEmpty()) {
                throw new LabelStudioException(request + " answered without an access token");
            }
            return access;
        } catch (NotFoundException e) {
            // Label Studio before 1.17 has no /api/token/refresh: say so instead of a bare 404
            throw new LabelStudioException("this Label Studio (" + serverRelease()
                    + ") has no personal access tokens (" + request
                    + " answered 404; they came with Label Studio 1.17): use a legacy token with"
                    + " authScheme=legacyToken");
        } catch (AuthenticationException e) {
            throw new AuthenticationException(
                    e.getStatusCode(),
                    e.getMethod(),
                    e.getPath(),
                    "the personal access token was rejected (" + e.getDetail()
                            + "); check that it is valid, not revoked, and that personal access tokens are enabled"
                            + " for the organization");
        }
    }

    /** The server's release from {@code GET /api/version/} (open to anyone), or "release unknown". */
    private String serverRelease() {
        ApiRequest request = ApiRequest.get("/api/version/");
        try {
            JsonNode answer = send(
                    request,
                    false,
                    response -> readJson(request, response, Json.mapper().constructType(JsonNode.class)));
            String release = answer == null ? null : answer.path("release").asText(null);
            return release == null || release.isBlank() ? "release unknown" : release;
        } catch (LabelStudioException e) {
            return "release unknown";
        }
    }

    /**
     * Sends the request and returns the answer with its body still open, for streaming large answers (exports, files).
     * Error answers raise as for {@link #execute(ApiRequest, Class)}. The caller must close the result.
     */
    public ApiResponseStream open(ApiRequest request) {
        return send(request, true, true, response -> new ApiResponseStream(request, response));
    }

    private <T> T send(ApiRequest request, boolean authenticated, ResponseReader<T> reader) {
        return send(request, authenticated, false, reader);
    }

    private <T> T send(ApiRequest request, boolean authenticated, boolean keepOpen, ResponseReader<T> reader) {
        String authorization = authenticated ? authenticator.authorization() : null;
        boolean renewed = false;
        int cutAnswers = 0;
        while (true) {
            HttpUriRequestBase httpRequest = toHttpRequest(request, authorization);
            Cancellation cancellation = Cancellation.current();
            if (cancellation != null) {
                cancellation.attach(httpRequest);
            }
            ClassicHttpResponse response = null;
            boolean handedOver = false;
            HttpClientContext context = HttpClientContext.create();
            try {
                response = http.executeOpen(RoutingSupport.determineHost(httpRequest), httpRequest, context);
                int status = response.getCode();
                if (status == 401 && authenticated && !renewed) {
                    renewed = true;
                    // Read the answer before renewing: that returns this connection to the pool, which the renewal
                    // needs too (with every pooled connection busy it would otherwise wait for a free one in vain).
                    if (response.getEntity() != null) {
                        response.setEntity(new BufferedHttpEntity(response.getEntity()));
                    }
                    if (authenticator.renewAfterRejection(authorization)) {
                        authorization = authenticator.authorization();
                        continue;
                    }
                }
                if (status >= 300) {
                    throw toException(request, response, ServerTimeLimit.elapsed(context));
                }
                T result;
                try {
                    result = reader.read(response);
                } catch (IOException e) {
                    if (!isCutAnswerRetried(request, e, cutAnswers)) {
                        throw e;
                    }
                    cutAnswers++;
                    pauseBeforeRetry(request, e, cutAnswers);
                    continue;
                }
                handedOver = keepOpen;
                return result;
            } catch (JsonProcessingException e) {
                throw new LabelStudioException(
                        request + " returned an answer that is not valid JSON: " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw connectionFailure(request, e, ServerTimeLimit.elapsed(context));
            } catch (HttpException e) {
                throw new LabelStudioConnectionException(
                        request.method(), request.path(), "HTTP protocol error: " + e.getMessage(), e);
            } finally {
                if (response != null && !handedOver) {
                    closeQuietly(response);
                }
                if (cancellation != null) {
                    cancellation.detach(httpRequest);
                }
            }
        }
    }

    /**
     * Whether to repeat a request whose answer broke off while its body was read (the connection closed or reset
     * before Content-Length bytes arrived): as safe as the retries HttpClient makes before the answer's head, so the
     * same rules apply; never after invalid JSON or a timeout.
     */
    private boolean isCutAnswerRetried(ApiRequest request, IOException e, int cutAnswers) {
        return cutAnswers < retrySettings.maxRetries()
                && !(e instanceof JsonProcessingException)
                && IdempotentRetryStrategy.isIdempotent(request.method())
                && IdempotentRetryStrategy.isRetriable(e);
    }

    private void pauseBeforeRetry(ApiRequest request, IOException e, int retry) {
        LOG.debug(
                "Retrying {} {} after its answer broke off: {} (attempt {} of {})",
                request.method(),
                request.path(),
                describe(e),
                retry + 1,
                retrySettings.maxRetries() + 1);
        listener.requestRetried(
                request.method(), request.path(), retry + 1, e.getClass().getSimpleName());
        Duration delay = retryStrategy.backoff(retry);
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw connectionFailure(request, e, Duration.ZERO);
        }
    }

    /**
     * The error of a request that got no complete answer; when the connection was lost (not timed out by this client)
     * after the server's time limit, it names that limit.
     */
    private LabelStudioConnectionException connectionFailure(ApiRequest request, IOException e, Duration elapsed) {
        String message = describe(e) + " (server " + origin() + ")";
        if (!(e instanceof InterruptedIOException) && timeLimit.reached(elapsed)) {
            message += " " + timeLimit.describe(request.method(), elapsed);
        }
        return new LabelStudioConnectionException(request.method(), request.path(), message, e);
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException ignored) {
            // the answer was read or is being discarded: nothing left to do
        }
    }

    private HttpUriRequestBase toHttpRequest(ApiRequest request, String authorization) {
        HttpUriRequestBase httpRequest = new HttpUriRequestBase(request.method(), uriOf(request));
        httpRequest.setHeader(HttpHeaders.ACCEPT, request.accept());
        httpRequest.setHeader(HttpHeaders.USER_AGENT, userAgent);
        if (authorization != null) {
            httpRequest.setHeader(HttpHeaders.AUTHORIZATION, authorization);
        }
        if (request.entity() != null) {
            httpRequest.setEntity(request.entity());
        } else if (request.jsonBody() != null) {
            try {
                byte[] json = Json.mapper().writeValueAsBytes(request.jsonBody());
                httpRequest.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        "The body of " + request + " cannot be written as JSON: " + e.getOriginalMessage(), e);
            }
        }
        return httpRequest;
    }

    /**
     * The request's URL. A request without query parameters whose path holds only characters that need no encoding
     * (ids, names of the API: {@code /api/tasks/17/}) on a plain base URL is the two strings joined, which is what
     * URIBuilder would build, at a fraction of the cost; every other request goes through URIBuilder.
     */
    URI uriOf(ApiRequest request) {
        if (plainPrefix != null && request.queryParameters().isEmpty() && isPlainPath(request.path())) {
            return URI.create(plainPrefix + request.path());
        }
        String basePath = basePath(baseUrl);
        try {
            URIBuilder builder = new URIBuilder(baseUrl).setPath(basePath + request.path());
            request.queryParameters().forEach(p -> builder.addParameter(p.getKey(), p.getValue()));
            return builder.build();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Cannot build the URL of " + request + ": " + e.getMessage(), e);
        }
    }

    private static String basePath(URI baseUrl) {
        String basePath = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        return basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    }

    /**
     * {@code scheme://host:port/base-path} (no trailing slash) when the base URL has a plain host and port, a plain
     * path and no user info, query or fragment; else null.
     */
    static String plainPrefix(URI baseUrl) {
        String authority = baseUrl.getRawAuthority();
        if (baseUrl.getScheme() == null
                || authority == null
                || baseUrl.getRawUserInfo() != null
                || baseUrl.getRawQuery() != null
                || baseUrl.getRawFragment() != null
                || !authority.matches("[A-Za-z0-9.-]+(:[0-9]+)?")) {
            return null;
        }
        String basePath = basePath(baseUrl);
        return isPlainPath(basePath) ? baseUrl.getScheme() + "://" + authority + basePath : null;
    }

    /** Whether the path holds only letters, digits, {@code - . _ ~} and {@code /}: nothing URIBuilder would encode. */
    static boolean isPlainPath(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '/'
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~';
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    private static <T> T readJson(ApiRequest request, ClassicHttpResponse response, JavaType type)
            throws IOException, ParseException {
        HttpEntity entity = response.getEntity();
        if (response.getCode() == 204 || entity == null || entity.getContentLength() == 0) {
            EntityUtils.consume(entity);
            return null;
        }
        String contentType = entity.getContentType();
        if (contentType != null
                && !contentType.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            String body = boundedText(response);
            throw new LabelStudioException(request + " answered HTTP " + response.getCode() + " with " + contentType
                    + " instead of JSON: " + ErrorResponses.describeNonJson(contentType, body));
        }
        try (InputStream in = entity.getContent()) {
            return Json.mapper().readValue(in, type);
        }
    }

    private LabelStudioApiException toException(ApiRequest request, ClassicHttpResponse response, Duration elapsed)
            throws IOException, ParseException {
        int status = response.getCode();
        if (status < 400) {
            Header location = response.getFirstHeader(HttpHeaders.LOCATION);
            EntityUtils.consume(response.getEntity());
            String target = location == null ? null : location.getValue();
            return new LabelStudioRedirectException(
                    status,
                    request.method(),
                    request.path(),
                    Redirects.notFollowed(uriOf(request), target),
                    Redirects.target(uriOf(request), target));
        }
        HttpEntity entity = response.getEntity();
        String body = boundedText(response);
        String contentType = entity == null ? null : entity.getContentType();
        String timeLimitNote = ServerTimeLimit.isLimitStatus(status) && timeLimit.reached(elapsed)
                ? timeLimit.describe(request.method(), elapsed)
                : null;
        return ErrorResponses.toException(
                status, response.getReasonPhrase(), request.method(), request.path(), contentType, body, timeLimitNote);
    }

    /**
     * The start of an answer's body as text, at most {@link #MAX_ERROR_BODY_CHARS}: an error page may be gigabytes
     * long (EntityUtils refuses a declared length over 2 GB, and would read all of a smaller one). A body longer than
     * that is not read to its end: its connection is discarded instead.
     */
    static String boundedText(ClassicHttpResponse response) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return null;
        }
        ContentType type = ContentType.parseLenient(entity.getContentType());
        Charset charset = type == null || type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset();
        InputStream in = entity.getContent();
        if (in == null) {
            return null;
        }
        char[] text = new char[MAX_ERROR_BODY_CHARS];
        int length = 0;
        Reader reader = new InputStreamReader(in, charset);
        try {
            int read;
            while (length < text.length && (read = reader.read(text, length, text.length - length)) >= 0) {
                length += read;
            }
        } finally {
            if (length == text.length) {
                ApiResponseStream.discard(response, in); // more may follow: drop the connection, do not read the rest
            } else {
                reader.close();
            }
        }
        return new String(text, 0, length);
    }

    private String origin() {
        return baseUrl.getScheme() + "://" + baseUrl.getHost() + (baseUrl.getPort() < 0 ? "" : ":" + baseUrl.getPort());
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        String described = message == null ? kind : kind + ": " + message;
        if (e instanceof SSLException) {
            // the usual cause is a self-signed or private-CA certificate: say what to do about it
            return "TLS/SSL connection failed, the server's certificate may not be trusted (" + described
                    + "); trust it with the sslContextParameters option (client: LabelStudioClient.Builder.sslContext)";
        }
        return described;
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }

    @FunctionalInterface
    private interface ResponseReader<T> {
        T read(ClassicHttpResponse response) throws IOException, ParseException;
    }
}
