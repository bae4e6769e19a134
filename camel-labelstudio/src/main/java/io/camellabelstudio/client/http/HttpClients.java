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

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;

import io.camellabelstudio.client.ClientListener;

/**
 * Builds the pooled Apache HttpClient 5 instance one {@link ApiTransport} uses.
 *
 * <p>With {@code compression}, HttpClient asks for compressed answers ({@code Accept-Encoding: gzip, x-gzip, deflate})
 * and decompresses them while they are read: its {@code DecompressingEntity} wraps the socket stream in a
 * decompressing stream, so nothing is buffered whole. Without it, no {@code Accept-Encoding} is sent and answers come
 * as they are.
 */
public final class HttpClients {

    private HttpClients() {}

    /**
     * A pooled client that asks for compressed answers or not, resolves host names with {@code dnsResolver} (the
     * system's resolver when null), and does not retry 5xx answers and lost connections that come after the server's
     * time limit.
     */
    public static CloseableHttpClient create(
            Duration connectTimeout,
            Duration responseTimeout,
            RetrySettings retrySettings,
            int maxConnections,
            SSLContext sslContext,
            URI proxy,
            DnsResolver dnsResolver,
            boolean compression,
            ServerTimeLimit timeLimit) {
        return create(
                connectTimeout,
                responseTimeout,
                retrySettings,
                maxConnections,
                sslContext,
                proxy,
                dnsResolver,
                compression,
                timeLimit,
                ClientListener.NONE);
    }

    /** As {@link #create(Duration, Duration, RetrySettings, int, SSLContext, URI, DnsResolver, boolean,
     * ServerTimeLimit)}, telling {@code listener} of each retry. */
    public static CloseableHttpClient create(
            Duration connectTimeout,
            Duration responseTimeout,
            RetrySettings retrySettings,
            int maxConnections,
            SSLContext sslContext,
            URI proxy,
            DnsResolver dnsResolver,
            boolean compression,
            ServerTimeLimit timeLimit,
            ClientListener listener) {
        PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setConnectionFactory(UnloggedConnectionFactory.INSTANCE)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout(connectTimeout))
                        .setSocketTimeout(timeout(responseTimeout))
                        .setValidateAfterInactivity(Timeout.ofSeconds(2))
                        .build());
        if (dnsResolver != null) {
            pool.setDnsResolver(dnsResolver);
        }
        if (sslContext != null) {
            pool.setTlsSocketStrategy(new DefaultClientTlsStrategy(sslContext));
        }
        HttpClientBuilder builder = org.apache.hc.client5.http.impl.classic.HttpClients.custom()
                .setConnectionManager(pool.build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(timeout(responseTimeout))
                        .setConnectionRequestTimeout(timeout(connectTimeout))
                        .build())
                .setRetryStrategy(new IdempotentRetryStrategy(retrySettings, timeLimit, listener))
                .addRequestInterceptorLast(ServerTimeLimit.attemptClock())
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(Timeout.of(30, TimeUnit.SECONDS))
                .useSystemProperties();
        if (!compression) {
            builder.disableContentCompression();
        }
        if (proxy != null) {
            builder.setProxy(new HttpHost(proxy.getScheme(), proxy.getHost(), proxy.getPort()));
        }
        return builder.build();
    }

    private static Timeout timeout(Duration duration) {
        return duration.isZero() ? Timeout.INFINITE : Timeout.ofMilliseconds(duration.toMillis());
    }
}
