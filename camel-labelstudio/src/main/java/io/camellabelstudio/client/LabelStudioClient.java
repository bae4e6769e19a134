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

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

import javax.net.ssl.SSLContext;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;

import io.camellabelstudio.client.auth.AccessTokenSource;
import io.camellabelstudio.client.auth.Authenticator;
import io.camellabelstudio.client.auth.Jwt;
import io.camellabelstudio.client.auth.LegacyTokenAuthenticator;
import io.camellabelstudio.client.auth.PersonalAccessTokenAuthenticator;
import io.camellabelstudio.client.error.LabelStudioConnectionException;
import io.camellabelstudio.client.http.ApiRequest;
import io.camellabelstudio.client.http.ApiResponseStream;
import io.camellabelstudio.client.http.ApiTransport;
import io.camellabelstudio.client.http.BackgroundThreads;
import io.camellabelstudio.client.http.HttpClients;
import io.camellabelstudio.client.http.RetrySettings;
import io.camellabelstudio.client.http.ServerTimeLimit;

/**
 * The entry point of the Label Studio client: one per server and API key, thread-safe, holding a connection pool —
 * create it once, share it, close it at the end.
 *
 * <pre>{@code
 * try (LabelStudioClient ls = LabelStudioClient.builder().url("http://localhost:8080").apiKey(key).build()) {
 *     Project p = ls.projects().create("Invoices", labelConfigXml);
 *     for (Project each : ls.projects().list(ProjectQuery.all())) { ... } // pages lazily
 * }
 * }</pre>
 */
public final class LabelStudioClient implements AutoCloseable {

    /** Sent as {@code User-Agent}. */
    public static final String USER_AGENT = "camel-labelstudio-client/0.1";

    private final ApiTransport transport;
    private final ProjectsApi projects;
    private final TasksApi tasks;
    private final ViewsApi views;
    private final AssignmentsApi assignments;
    private final AnnotationsApi annotations;
    private final PredictionsApi predictions;
    private final MembersApi members;
    private final ExportsApi exports;
    private final StoragesApi storages;
    private final WebhooksApi webhooks;
    private final CloseableHttpClient otherHosts;
    private final TaskFilesDownloader taskFiles;
    private final ExecutorService background;
    /** Whether {@link #background} is the client's own pool, shut down by {@link #close}. */
    private final boolean ownsBackground;

    private LabelStudioClient(
            ApiTransport transport,
            Clock clock,
            CloseableHttpClient otherHosts,
            ExecutorService background,
            boolean ownsBackground) {
        this.transport = transport;
        this.background = background;
        this.ownsBackground = ownsBackground;
        EditionGuard edition = new EditionGuard(transport);
        this.tasks = new TasksApi(transport, clock, background);

        this.views = new ViewsApi(transport);
        this.assignments = new AssignmentsApi(transport, edition);
        this.annotations = new AnnotationsApi(transport);
        this.predictions = new PredictionsApi(transport);
        this.projects = new ProjectsApi(transport, tasks, predictions);
        this.members = new MembersApi(transport, edition);
        this.exports = new ExportsApi(transport, views, edition, clock, Duration.ofSeconds(1));
        this.storages = new StoragesApi(transport, edition, clock, Duration.ofSeconds(1));
        this.webhooks = new WebhooksApi(transport);
        this.otherHosts = otherHosts;
        this.taskFiles = new TaskFilesDownloader(transport.baseUrl(), this::downloadFromServer, otherHosts);
    }

    /** Streams a file of the server itself (with the API key) to {@code body}. */
    private void downloadFromServer(ApiRequest request, FileDownloadTransport.Body body) {
        ApiRequest get = request.withAccept("*/*");
        try (ApiResponseStream answer = transport.open(get)) {
            body.read(answer.body(), answer.contentLength());
        } catch (IOException e) {
            throw new LabelStudioConnectionException(get.method(), get.path(), e.getMessage(), e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public ProjectsApi projects() {
        return projects;
    }

    public TasksApi tasks() {
        return tasks;
    }

    public ViewsApi views() {
        return views;
    }

    public AnnotationsApi annotations() {
        return annotations;
    }

    public PredictionsApi predictions() {
        return predictions;
    }

    /** Exports: one-shot, snapshots, and the full flow with filters; all streamed. */
    public ExportsApi exports() {
        return exports;
    }

    /** Cloud and local storages of projects, both directions. */
    public StoragesApi storages() {
        return storages;
    }

    /** Webhooks of projects: Label Studio posts events to a URL. */
    public WebhooksApi webhooks() {
        return webhooks;
    }

    /** Project members (Label Studio Enterprise). */
    public MembersApi members() {
        return members;
    }

    /** Assigning tasks to annotators and reviewers (Label Studio Enterprise). */
    public AssignmentsApi assignments() {
        return assignments;
    }

    /**
     * Downloads the files tasks' data point to: the server's own ({@code /data/...}, with the API key) and any other
     * http(s) URL (without it).
     */
    public TaskFilesDownloader taskFiles() {
        return taskFiles;
    }

    /** The server's base URL. */
    public URI url() {
        return transport.baseUrl();
    }

    /** How many access tokens were fetched for a personal access token so far; 0 with a legacy token. */
    public long accessTokenRenewals() {
        return transport.authenticator().renewals();
    }

    /** The low-level transport, for requests this client has no method for yet. */
    public ApiTransport transport() {
        return transport;
    }

    /** Where background work runs: the builder's executor, or the client's own pool. */
    ExecutorService background() {
        return background;
    }

    @Override
    public void close() {
        transport.close();
        otherHosts.close(CloseMode.GRACEFUL);
        if (ownsBackground) {
            background.shutdownNow(); // the connections are closed: work still running fails at once
        }
    }

    @Override
    public String toString() {
        return "LabelStudioClient[url=" + transport.baseUrl() + "]";
    }

    /** Builds a {@link LabelStudioClient}; only {@link #url} and {@link #apiKey} are required. */
    public static final class Builder {

        private String url;
        private String apiKey;
        private AuthScheme authScheme = AuthScheme.AUTO;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration responseTimeout = Duration.ofMinutes(10);
        private RetrySettings retrySettings = RetrySettings.DEFAULTS;
        private int maxConnections = 20;
        private SSLContext sslContext;
        private URI proxy;
        private boolean compression = true;
        private Duration serverTimeLimit = ServerTimeLimit.GUNICORN_DEFAULT;
        private Clock clock = Clock.systemUTC();
        private ExecutorService executor;
        private ClientListener listener = ClientListener.NONE;

        private Builder() {}

        /** The server's base URL, e.g. {@code http://localhost:8080} (a path prefix is kept). */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /** A legacy token or a personal access token (see {@link AuthScheme}). */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** How to send the API key; {@link AuthScheme#AUTO} (default) detects it from the key. */
        public Builder authScheme(AuthScheme authScheme) {
            this.authScheme = Objects.requireNonNull(authScheme, "authScheme");
            return this;
        }

        /** Time to establish a connection (default 30 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
            return this;
        }

        /**
         * Longest wait for data on an open connection (default 10 min): long enough for large synchronous imports and
         * exports, which the server prepares before it answers. Zero waits forever.
         */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = Objects.requireNonNull(timeout, "responseTimeout");
            return this;
        }

        /** Retries of idempotent requests (default: 3 retries, 0.5 s doubling to 10 s, Retry-After up to 30 s). */
        public Builder retrySettings(RetrySettings settings) {
            this.retrySettings = Objects.requireNonNull(settings, "retrySettings");
            return this;
        }

        /** Size of the connection pool (default 20). */
        public Builder maxConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, was " + max);
            }
            this.maxConnections = max;
            return this;
        }

        /** TLS trust and key material for https servers; the JVM default when unset. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /** An HTTP proxy, e.g. {@code http://proxy.example:3128}; none when unset. */
        public Builder proxy(URI proxyUrl) {
            this.proxy = proxyUrl;
            return this;
        }

        /**
         * Whether to ask the server for compressed answers ({@code Accept-Encoding: gzip}; default true). Label Studio's
         * nginx gzips JSON: a page of 1000 tasks shrinks about 30 times, which saves most of the transfer over a
         * network, at the cost of the server's CPU for compressing; turn it off for a server on the same host.
         * Compressed answers are decompressed while read, never buffered whole.
         */
        public Builder compression(boolean compression) {
            this.compression = compression;
            return this;
        }

        /**
         * How long the server lets one request run (default 30 s, gunicorn's worker timeout in Label Studio's official
         * image). A 5xx answer or a lost connection after at least this long is reported as that limit and not retried.
         */
        public Builder serverTimeLimit(Duration limit) {
            Objects.requireNonNull(limit, "serverTimeLimit");
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("serverTimeLimit must be positive, was " + limit);
            }
            this.serverTimeLimit = limit;
            return this;
        }

        /**
         * Where the client's background work runs: the next page of a task listing while the caller works on the
         * current one, an import request while the caller reads the next batch (one task per listing or import in
         * progress; a pool that runs rejected tasks in the caller's thread only loses the overlap). The caller keeps
         * ownership: {@link LabelStudioClient#close} leaves it running. Without one, the client keeps its own pool of
         * daemon threads named {@code labelstudio-client-N}, ended after a minute idle and shut down on close.
         */
        public Builder executor(ExecutorService executor) {
            this.executor = executor;
            return this;
        }

        /**
         * Told of retries, access-token renewals, imports and export downloads, e.g. to record metrics; none by default.
         */
        public Builder listener(ClientListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The clock access-token expiry is judged by (for tests); the system UTC clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public LabelStudioClient build() {
            URI baseUrl = parseUrl(url);
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException(
                        "apiKey is required: a Label Studio legacy token or personal access token");
            }
            String key = apiKey.strip();
            AuthScheme scheme = authScheme == AuthScheme.AUTO
                    ? (Jwt.isJwt(key) ? AuthScheme.PERSONAL_ACCESS_TOKEN : AuthScheme.LEGACY_TOKEN)
                    : authScheme;
            ServerTimeLimit timeLimit = new ServerTimeLimit(serverTimeLimit);
            ApiTransport transport = new ApiTransport(
                    baseUrl,
                    httpClient(null, timeLimit),
                    USER_AGENT,
                    (AccessTokenSource source) -> authenticator(scheme, key, source),
                    retrySettings,
                    timeLimit,
                    listener);
            // files on other hosts: a client of its own that never carries the Label Studio key, and whose
            // connections refuse the addresses the download policy refuses
            CloseableHttpClient otherHosts = httpClient(new FileHostResolver(proxy), timeLimit);
            return executor != null
                    ? new LabelStudioClient(transport, clock, otherHosts, executor, false)
                    : new LabelStudioClient(
                            transport, clock, otherHosts, BackgroundThreads.pool("labelstudio-client"), true);
        }

        /** A pooled HTTP client with this builder's settings; {@code dnsResolver} null for the system's. */
        private CloseableHttpClient httpClient(DnsResolver dnsResolver, ServerTimeLimit timeLimit) {
            return HttpClients.create(
                    connectTimeout,
                    responseTimeout,
                    retrySettings,
                    maxConnections,
                    sslContext,
                    proxy,
                    dnsResolver,
                    compression,
                    timeLimit,
                    listener);
        }

        private Authenticator authenticator(AuthScheme scheme, String key, AccessTokenSource source) {
            if (scheme == AuthScheme.PERSONAL_ACCESS_TOKEN) {
                return new PersonalAccessTokenAuthenticator(key, source, clock, listener);
            }
            return new LegacyTokenAuthenticator(key);
        }

        private static URI parseUrl(String url) {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException(
                        "url is required: the Label Studio base URL, e.g. http://localhost:8080");
            }
            try {
                URI uri = new URI(url.strip());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                    throw new IllegalArgumentException("url must be an http or https URL with a host, e.g."
                            + " http://localhost:8080, but was: " + withoutUserInfo(uri));
                }
                if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    throw new IllegalArgumentException(
                            "url must not have a query or fragment, but was: " + withoutUserInfo(uri));
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("url is not a valid URL: " + e.getReason(), e);
            }
        }

        private static String withoutUserInfo(URI uri) {
            return uri.getRawUserInfo() == null
                    ? uri.toString()
                    : uri.toString().replace(uri.getRawUserInfo() + "@", "");
        }
    }
}
