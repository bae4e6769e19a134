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

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

import org.apache.camel.CamelContext;

import io.camellabelstudio.client.ClientListener;
import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.http.RetrySettings;

/** Turns endpoint options into {@link ClientSettings}, naming the option at fault when one is wrong, and builds clients. */
final class LabelStudioClientFactory {

    private LabelStudioClientFactory() {}

    /** The client settings of an endpoint's options, checked: the wrong option is named. */
    static ClientSettings settings(LabelStudioConfiguration config) {
        if (config.getUrl() == null || config.getUrl().isBlank()) {
            throw new IllegalArgumentException("The url option is required: the Label Studio base URL, e.g."
                    + " http://localhost:8080 (set it on the endpoint or as camel.component.labelstudio.url)");
        }
        if (config.getApiKey() == null || config.getApiKey().isBlank()) {
            throw new IllegalArgumentException("The apiKey option is required: a Label Studio legacy token or"
                    + " personal access token (set it on the endpoint or as camel.component.labelstudio.api-key)");
        }
        requireAtLeast("pageSize", config.getPageSize(), 1);
        requireAtLeast("maxResults", config.getMaxResults(), 0);
        requireAtLeast("parallelPages", config.getParallelPages(), 1);
        requireAtLeast("batchSize", config.getBatchSize(), 1);
        requireAtLeast("importTimeout", config.getImportTimeout(), 1);
        requireAtLeast("exportTimeout", config.getExportTimeout(), 1);
        requireAtLeast("syncTimeout", config.getSyncTimeout(), 1);
        requireAtLeast("maxRetries", config.getMaxRetries(), 0);
        requireAtLeast("maxConnections", config.getMaxConnections(), 1);
        requireAtLeast("connectTimeout", config.getConnectTimeout(), 0);
        requireAtLeast("responseTimeout", config.getResponseTimeout(), 0);
        requireAtLeast("serverTimeLimit", config.getServerTimeLimit(), 1);
        requireAtLeast("retryInitialDelay", config.getRetryInitialDelay(), 0);
        requireAtLeast("retryMaxDelay", config.getRetryMaxDelay(), 0);
        requireAtLeast("retryAfterMaxDelay", config.getRetryAfterMaxDelay(), 0);
        if (config.getProxyHost() != null && config.getProxyPort() == null) {
            throw new IllegalArgumentException("The proxyPort option is required when proxyHost is set");
        }
        return new ClientSettings(
                config.getUrl(),
                config.getApiKey(),
                config.getAuthScheme(),
                Duration.ofMillis(config.getConnectTimeout()),
                Duration.ofMillis(config.getResponseTimeout()),
                config.isCompression(),
                Duration.ofMillis(config.getServerTimeLimit()),
                config.getMaxConnections(),
                new RetrySettings(
                        config.getMaxRetries(),
                        Duration.ofMillis(config.getRetryInitialDelay()),
                        Duration.ofMillis(config.getRetryMaxDelay()),
                        Duration.ofMillis(config.getRetryAfterMaxDelay())),
                config.getSslContextParameters(),
                config.getProxyHost(),
                config.getProxyPort());
    }

    /**
     * A new client with these settings, doing its background work on {@code background} (which it does not own) and
     * telling {@code listener} what it does.
     */
    static LabelStudioClient create(
            CamelContext context, ClientSettings settings, ExecutorService background, ClientListener listener)
            throws Exception {
        LabelStudioClient.Builder builder = LabelStudioClient.builder()
                .executor(background)
                .listener(listener)
                .url(settings.url())
                .apiKey(settings.apiKey())
                .authScheme(settings.authScheme())
                .connectTimeout(settings.connectTimeout())
                .responseTimeout(settings.responseTimeout())
                .compression(settings.compression())
                .serverTimeLimit(settings.serverTimeLimit())
                .maxConnections(settings.maxConnections())
                .retrySettings(settings.retrySettings());
        if (settings.sslContextParameters() != null) {
            builder.sslContext(settings.sslContextParameters().createSSLContext(context));
        }
        if (settings.proxyHost() != null) {
            builder.proxy(URI.create("http://" + settings.proxyHost() + ":" + settings.proxyPort()));
        }
        return builder.build();
    }

    private static void requireAtLeast(String option, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException("The " + option + " option must be at least " + min + ", was " + value);
        }
    }
}
