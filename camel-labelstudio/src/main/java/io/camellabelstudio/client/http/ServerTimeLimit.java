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

import java.time.Duration;
import java.util.Locale;

import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The time a Label Studio deployment gives one request. gunicorn, the application server of Label Studio's official
 * image, kills a worker whose request runs longer than its worker timeout (30 s by default); nginx in front then
 * answers 502, or the connection just closes. What the request committed before the kill stays committed.
 *
 * <p>A 5xx answer or a lost connection that comes after at least this long is reported as that limit, and is not
 * retried even for an idempotent request: the repeat would run into the same limit, and each try costs the server a
 * worker.
 */
public final class ServerTimeLimit {

    /** gunicorn's default worker timeout. */
    public static final Duration GUNICORN_DEFAULT = Duration.ofSeconds(30);

    public static final ServerTimeLimit DEFAULT = new ServerTimeLimit(GUNICORN_DEFAULT);

    /** Context attribute: {@link System#nanoTime()} when the current attempt of a request was sent. */
    private static final String ATTEMPT_SENT = "io.camellabelstudio.attempt-sent-nanos";

    private final Duration limit;

    public ServerTimeLimit(Duration limit) {
        if (limit == null || limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("the server's time limit must be positive, was " + limit);
        }
        this.limit = limit;
    }

    public Duration limit() {
        return limit;
    }

    /** Stamps each attempt (HttpClient runs request interceptors again for every retry). */
    static HttpRequestInterceptor attemptClock() {
        return (request, entity, context) -> context.setAttribute(ATTEMPT_SENT, System.nanoTime());
    }

    /** How long the current attempt has been running; zero when it was never sent. */
    static Duration elapsed(HttpContext context) {
        Object sent = context == null ? null : context.getAttribute(ATTEMPT_SENT);
        return sent instanceof Long nanos ? Duration.ofNanos(System.nanoTime() - nanos) : Duration.ZERO;
    }

    /** Whether a failure after {@code elapsed} is probably the server's time limit. */
    boolean reached(Duration elapsed) {
        return elapsed.compareTo(limit) >= 0;
    }

    /** Whether a 5xx answer with this status may come from a request stopped at the limit. */
    static boolean isLimitStatus(int status) {
        return status >= 500 && status != 501 && status != 505;
    }

    /**
     * What to add to the error of a request that failed after {@code elapsed}: names the limit and says what it means
     * for the request.
     */
    String describe(String method, Duration elapsed) {
        String text = "after " + seconds(elapsed) + " s: Label Studio's application server probably stopped the request"
                + " at its time limit for one request (gunicorn's worker timeout is " + seconds(GUNICORN_DEFAULT)
                + " s by default; this client assumes " + seconds(limit) + " s, option serverTimeLimit)";
        if (IdempotentRetryStrategy.isIdempotent(method)) {
            return text + "; not retried, since a repeat would run into the same limit";
        }
        return text + "; what the server committed before that stays committed";
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }

    @Override
    public String toString() {
        return "ServerTimeLimit[" + limit + "]";
    }
}
