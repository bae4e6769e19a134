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

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

import javax.net.ssl.SSLHandshakeException;

import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules the strategy adds to HttpClient's DefaultHttpRequestRetryStrategy, checked without a server. */
class IdempotentRetryStrategyTest {

    private final IdempotentRetryStrategy strategy = new IdempotentRetryStrategy(
            new RetrySettings(2, Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofSeconds(3)),
            ServerTimeLimit.DEFAULT);

    @ParameterizedTest
    @CsvSource({
        "GET, 503, true", "PATCH, 500, true", "DELETE, 429, true", "PUT, 408, true", "GET, 599, true",
        "GET, 501, false", "GET, 505, false", "GET, 404, false", "POST, 503, false", "POST, 429, false",
        "TRACE, 503, false"
    })
    void answersAreRetriedForIdempotentMethodsAndRetriableStatusOnly(String method, int status, boolean retried) {
        assertThat(strategy.retryRequest(new BasicHttpResponse(status), 1, contextOf(method)))
                .isEqualTo(retried);
    }

    @Test
    void noMoreThanMaxRetries() {
        assertThat(strategy.retryRequest(new BasicHttpResponse(503), 2, contextOf("GET")))
                .isTrue();
        assertThat(strategy.retryRequest(new BasicHttpResponse(503), 3, contextOf("GET")))
                .isFalse();
    }

    @Test
    void connectionErrorsAreRetriedButNotTimeoutsUnknownHostsOrTls() {
        BasicClassicHttpRequest get = new BasicClassicHttpRequest("GET", "/api/projects/");
        HttpClientContext context = HttpClientContext.create();

        assertThat(strategy.retryRequest(get, new IOException("Connection reset"), 1, context))
                .isTrue();
        assertThat(strategy.retryRequest(get, new SocketTimeoutException("Read timed out"), 1, context))
                .isFalse();
        assertThat(strategy.retryRequest(get, new UnknownHostException("nowhere"), 1, context))
                .isFalse();
        assertThat(strategy.retryRequest(get, new SSLHandshakeException("bad certificate"), 1, context))
                .isFalse();
        assertThat(strategy.retryRequest(
                        new BasicClassicHttpRequest("POST", "/api/projects/"), new IOException("reset"), 1, context))
                .isFalse();
    }

    @Test
    void backoffIsJitteredAndCappedAndRetryAfterIsCapped() {
        for (int attempt = 1; attempt <= 5; attempt++) {
            long millis = strategy.getRetryInterval(new BasicHttpResponse(503), attempt, contextOf("GET"))
                    .toMilliseconds();
            long cap = Math.min(100L << (attempt - 1), 150);
            assertThat(millis).as("attempt %d", attempt).isBetween(cap / 2, cap);
        }
        BasicHttpResponse retryAfter = new BasicHttpResponse(503);
        retryAfter.addHeader("Retry-After", "120");
        assertThat(strategy.getRetryInterval(retryAfter, 1, contextOf("GET")).toMilliseconds())
                .isEqualTo(3000);
    }

    private static HttpClientContext contextOf(String method) {
        HttpClientContext context = HttpClientContext.create();
        context.setRequest(new BasicClassicHttpRequest(method, "/api/tasks/1/"));
        return context;
    }
}
