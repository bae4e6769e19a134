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

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;

import io.camellabelstudio.client.LabelStudioClient;

/**
 * The options of a Label Studio endpoint. Set on the component ({@code camel.component.labelstudio.*}) they are the
 * defaults every endpoint starts from; each endpoint gets its own copy.
 */
@UriParams
public class LabelStudioConfiguration implements Cloneable {

    @UriParam(label = "common")
    private String url;

    @UriParam(label = "security", secret = true)
    private String apiKey;

    @UriParam(label = "security", enums = "auto,legacyToken,personalAccessToken", defaultValue = "auto")
    private String authScheme = "auto";

    @UriParam(label = "producer", enums = "list,get,create,update,delete,validateConfig")
    private String operation;

    @UriParam(label = "common")
    private Long projectId;

    @UriParam(label = "producer", defaultValue = "100")
    private int pageSize = 100;

    @UriParam(label = "producer", defaultValue = "0")
    private long maxResults;

    @UriParam(label = "advanced", defaultValue = "30000", javaType = "long")
    private long connectTimeout = 30_000;

    @UriParam(label = "advanced", defaultValue = "600000", javaType = "long")
    private long responseTimeout = 600_000;

    @UriParam(label = "advanced", defaultValue = "3")
    private int maxRetries = 3;

    @UriParam(label = "advanced", defaultValue = "500")
    private long retryInitialDelay = 500;

    @UriParam(label = "advanced", defaultValue = "10000")
    private long retryMaxDelay = 10_000;

    @UriParam(label = "advanced", defaultValue = "30000")
    private long retryAfterMaxDelay = 30_000;

    @UriParam(label = "advanced", defaultValue = "20")
    private int maxConnections = 20;

    @UriParam(label = "security")
    private SSLContextParameters sslContextParameters;

    @UriParam(label = "proxy")
    private String proxyHost;

    @UriParam(label = "proxy")
    private Integer proxyPort;

    @UriParam(label = "advanced")
    @Metadata(autowired = true)
    private LabelStudioClient client;

    public String getUrl() {
        return url;
    }

    /** The Label Studio base URL, e.g. http://localhost:8080. */
    public void setUrl(String url) {
        this.url = url;
    }

    public String getApiKey() {
        return apiKey;
    }

    /**
     * The API key: a legacy token (from Account and Settings, sent as "Token") or a personal access token (a JWT,
     * exchanged for short-lived access tokens). Kept secret: masked in logs and URIs.
     */
    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getAuthScheme() {
        return authScheme;
    }

    /**
     * How the API key is sent: auto detects it (a JWT is a personal access token), legacyToken or
     * {@code personalAccessToken} force one.
     */
    public void setAuthScheme(String authScheme) {
        this.authScheme = authScheme;
    }

    public String getOperation() {
        return operation;
    }

    /**
     * The producer operation; the CamelLabelStudioOperation header overrides it per message. Projects: list, get,
     * create, update, delete, validateConfig.
     */
    public void setOperation(String operation) {
        this.operation = operation;
    }

    public Long getProjectId() {
        return projectId;
    }

    /** The project id; the CamelLabelStudioProjectId header overrides it per message. */
    public void setProjectId(Long projectId) {
        this.projectId = projectId;
    }

    public int getPageSize() {
        return pageSize;
    }

    /** Items fetched per request by list operations (the server caps projects at 100). */
    public void setPageSize(int pageSize) {
        this.pageSize = pageSize;
    }

    public long getMaxResults() {
        return maxResults;
    }

    /** The most items a list operation returns; 0 returns all. */
    public void setMaxResults(long maxResults) {
        this.maxResults = maxResults;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    /** Milliseconds to wait for a connection to the server. */
    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getResponseTimeout() {
        return responseTimeout;
    }

    /**
     * Milliseconds to wait for data on an open connection; 0 waits forever. The 10 minute default leaves room for large
     * synchronous imports and exports, which the server prepares before it answers.
     */
    public void setResponseTimeout(long responseTimeout) {
        this.responseTimeout = responseTimeout;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    /**
     * Retries of idempotent requests (GET, PUT, PATCH, DELETE; never POST) after a connection error or HTTP 408, 429
     * or 5xx; 0 disables them.
     */
    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getRetryInitialDelay() {
        return retryInitialDelay;
    }

    /** Milliseconds of backoff before the first retry; doubled for each further retry, with jitter. */
    public void setRetryInitialDelay(long retryInitialDelay) {
        this.retryInitialDelay = retryInitialDelay;
    }

    public long getRetryMaxDelay() {
        return retryMaxDelay;
    }

    /** The most milliseconds of backoff between two retries. */
    public void setRetryMaxDelay(long retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }

    public long getRetryAfterMaxDelay() {
        return retryAfterMaxDelay;
    }

    /** The most milliseconds a server's Retry-After header may make a retry wait. */
    public void setRetryAfterMaxDelay(long retryAfterMaxDelay) {
        this.retryAfterMaxDelay = retryAfterMaxDelay;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    /** Size of the endpoint's HTTP connection pool. */
    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    /** TLS settings (trust store, key store) for an https server; the JVM defaults when unset. */
    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public String getProxyHost() {
        return proxyHost;
    }

    /** Host of an HTTP proxy to reach the server through. */
    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public Integer getProxyPort() {
        return proxyPort;
    }

    /** Port of the HTTP proxy. */
    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public LabelStudioClient getClient() {
        return client;
    }

    /**
     * A ready Label Studio client to use instead of building one from these options; found in the registry when it
     * holds exactly one. The endpoint does not close a client it was given.
     */
    public void setClient(LabelStudioClient client) {
        this.client = client;
    }

    /** A copy for one endpoint, so endpoint options never change the component's defaults. */
    public LabelStudioConfiguration copy() {
        try {
            return (LabelStudioConfiguration) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }
}
