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

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import javax.net.ssl.SSLException;

import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camellabelstudio.client.ClientListener;

/**
 * HttpClient 5's {@link DefaultHttpRequestRetryStrategy} (attempt count, retriable status codes, exceptions not worth
 * retrying) with Label Studio's rules on top: only idempotent methods are retried, answers included, so a POST whose
 * answer was lost never creates a second project, task or import; nothing is retried after the server's time limit;
 * backoff is exponential with jitter, and a server's {@code Retry-After} is honoured up to a cap. Retries are logged
 * at DEBUG with the attempt number.
 */
final class IdempotentRetryStrategy extends DefaultHttpRequestRetryStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(IdempotentRetryStrategy.class);

    // PATCH is idempotent here: Label Studio's PATCH sets fields to the values sent.
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH");

    // Retrying these cannot help: a timeout already waited long, the name does not resolve, TLS is misconfigured.
    private static final List<Class<? extends IOException>> NOT_RETRIED = List.of(
            InterruptedIOException.class, UnknownHostException.class, NoRouteToHostException.class, SSLException.class);

    // 408, 429 and every 5xx but 501 (not implemented) and 505 (version not supported), which never change.
    private static final List<Integer> RETRIED_STATUS = IntStream.concat(
                    IntStream.of(408, 429), IntStream.rangeClosed(500, 599).filter(code -> code != 501 && code != 505))
            .boxed()
            .toList();

    private final RetrySettings settings;
    private final ServerTimeLimit timeLimit;
    private final ClientListener listener;

    IdempotentRetryStrategy(RetrySettings settings, ServerTimeLimit timeLimit) {
        this(settings, timeLimit, ClientListener.NONE);
    }

    IdempotentRetryStrategy(RetrySettings settings, ServerTimeLimit timeLimit, ClientListener listener) {
        super(
                settings.maxRetries(),
                TimeValue.ofMilliseconds(settings.initialDelay().toMillis()),
                NOT_RETRIED,
                RETRIED_STATUS);
        this.settings = settings;
        this.timeLimit = timeLimit;
        this.listener = listener;
    }

    @Override
    public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
        if (!super.retryRequest(request, exception, execCount, context)) {
            return false;
        }
        if (timeLimit.reached(ServerTimeLimit.elapsed(context))) {
            LOG.debug("Not retrying {} {}: it ran into the server's time limit", request.getMethod(), pathOf(request));
            return false;
        }
        LOG.debug(
                "Retrying {} {} after {} (attempt {} of {})",
                request.getMethod(),
                pathOf(request),
                exception.getClass().getSimpleName(),
                execCount + 1,
                settings.maxRetries() + 1);
        listener.requestRetried(
                request.getMethod(),
                pathOf(request),
                execCount + 1,
                exception.getClass().getSimpleName());
        return true;
    }

    @Override
    public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
        HttpRequest request = HttpClientContext.castOrCreate(context).getRequest();
        // the default strategy retries answers whatever the method: a 503 to a POST may have created something
        if (request == null || !handleAsIdempotent(request) || !super.retryRequest(response, execCount, context)) {
            return false;
        }
        int status = response.getCode();
        if (ServerTimeLimit.isLimitStatus(status) && timeLimit.reached(ServerTimeLimit.elapsed(context))) {
            LOG.debug(
                    "Not retrying {} {} after HTTP {}: it ran into the server's time limit",
                    request.getMethod(),
                    pathOf(request),
                    status);
            return false;
        }
        LOG.debug(
                "Retrying {} {} after HTTP {} (attempt {} of {})",
                request.getMethod(),
                pathOf(request),
                status,
                execCount + 1,
                settings.maxRetries() + 1);
        listener.requestRetried(request.getMethod(), pathOf(request), execCount + 1, String.valueOf(status));
        return true;
    }

    @Override
    protected boolean handleAsIdempotent(HttpRequest request) {
        return isIdempotent(request.getMethod());
    }

    @Override
    public TimeValue getRetryInterval(HttpRequest request, IOException exception, int execCount, HttpContext context) {
        return TimeValue.ofMilliseconds(backoff(execCount).toMillis());
    }

    @Override
    public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
        Duration retryAfter = retryAfter(response.getFirstHeader(HttpHeaders.RETRY_AFTER));
        Duration delay = retryAfter != null ? min(retryAfter, settings.maxRetryAfter()) : backoff(execCount);
        return TimeValue.ofMilliseconds(delay.toMillis());
    }

    /** Exponential backoff capped at maxDelay, with "equal jitter": half fixed, half random. */
    Duration backoff(int execCount) {
        long base = settings.initialDelay().toMillis();
        long exponential = base << Math.min(Math.max(execCount - 1, 0), 20);
        long capped = Math.min(
                exponential < 0 ? Long.MAX_VALUE : exponential,
                settings.maxDelay().toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    static Duration retryAfter(Header header) {
        if (header == null || header.getValue() == null) {
            return null;
        }
        String value = header.getValue().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            Instant date = DateUtils.parseStandardDate(value);
            if (date == null) {
                return null;
            }
            Duration until = Duration.between(Instant.now(), date);
            return until.isNegative() ? Duration.ZERO : until;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    static boolean isIdempotent(String method) {
        return IDEMPOTENT.contains(method);
    }

    /** Whether a failure of this kind is worth another attempt (for retries outside HttpClient's retry stage). */
    static boolean isRetriable(IOException exception) {
        for (Class<? extends IOException> type : NOT_RETRIED) {
            if (type.isInstance(exception)) {
                return false;
            }
        }
        return true;
    }

    private static String pathOf(HttpRequest request) {
        String path = request.getPath();
        int query = path == null ? -1 : path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }
}
