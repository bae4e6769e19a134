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

/**
 * Retries of idempotent requests (GET, PUT, DELETE, PATCH; never POST) on connection errors and on HTTP 408, 429 and
 * 5xx: capped exponential backoff with jitter; a {@code Retry-After} from the server is honoured up to
 * {@code maxRetryAfter}.
 *
 * @param maxRetries    retries after the first attempt; 0 disables retries
 * @param initialDelay  backoff before the first retry; doubled for each further one
 * @param maxDelay      cap of the exponential backoff
 * @param maxRetryAfter cap of a server's {@code Retry-After}
 */
public record RetrySettings(int maxRetries, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter) {

    public static final RetrySettings DEFAULTS =
            new RetrySettings(3, Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(30));

    public static final RetrySettings NONE = new RetrySettings(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public RetrySettings {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be 0 or more, was " + maxRetries);
        }
        requireNonNegative("initialDelay", initialDelay);
        requireNonNegative("maxDelay", maxDelay);
        requireNonNegative("maxRetryAfter", maxRetryAfter);
    }

    private static void requireNonNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive, was " + value);
        }
    }
}
