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

import org.apache.camel.CamelContext;

import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.http.RetrySettings;

/** Builds a {@link LabelStudioClient} from endpoint options, naming the option at fault when one is wrong. */
final class LabelStudioClientFactory {

    private LabelStudioClientFactory() {}

    static LabelStudioClient create(CamelContext context, LabelStudioConfiguration config) throws Exception {
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

        LabelStudioClient.Builder builder = LabelStudioClient.builder()
                .url(config.getUrl())
                .apiKey(config.getApiKey())
                .authScheme(config.getAuthScheme())
                .connectTimeout(Duration.ofMillis(config.getConnectTimeout()))
                .responseTimeout(Duration.ofMillis(config.getResponseTimeout()))
                .compression(config.isCompression())
                .serverTimeLimit(Duration.ofMillis(config.getServerTimeLimit()))
                .maxConnections(config.getMaxConnections())
                .retrySettings(new RetrySettings(
                        config.getMaxRetries(),
                        Duration.ofMillis(config.getRetryInitialDelay()),
                        Duration.ofMillis(config.getRetryMaxDelay()),
                        Duration.ofMillis(config.getRetryAfterMaxDelay())));
        if (config.getSslContextParameters() != null) {
            builder.sslContext(config.getSslContextParameters().createSSLContext(context));
        }
        if (config.getProxyHost() != null) {
            if (config.getProxyPort() == null) {
                throw new IllegalArgumentException("The proxyPort option is required when proxyHost is set");
            }
            builder.proxy(URI.create("http://" + config.getProxyHost() + ":" + config.getProxyPort()));
        }
        return builder.build();
    }

    private static void requireAtLeast(String option, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException("The " + option + " option must be at least " + min + ", was " + value);
        }
    }
}
