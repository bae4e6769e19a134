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
package io.camellabelstudio.client.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.camellabelstudio.client.ClientListener;

/**
 * A personal access token (a long-lived JWT refresh token). Requests carry a short-lived access token as
 * {@code Bearer}; it is fetched lazily, renewed shortly before its {@code exp} and once when the server answers 401.
 * One renewal at a time: threads that find the token expired wait for the renewal in progress and share its result.
 */
public final class PersonalAccessTokenAuthenticator implements Authenticator {

    /** Renew this long before {@code exp}, so a token does not expire in flight or on a skewed server clock. */
    static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);

    private final String personalAccessToken;
    private final AccessTokenSource source;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong renewals = new AtomicLong();
    private final ClientListener listener;
    private volatile AccessToken current;

    public PersonalAccessTokenAuthenticator(String personalAccessToken, AccessTokenSource source, Clock clock) {
        this(personalAccessToken, source, clock, ClientListener.NONE);
    }

    /** @param listener told of each renewal */
    public PersonalAccessTokenAuthenticator(
            String personalAccessToken, AccessTokenSource source, Clock clock, ClientListener listener) {
        this.personalAccessToken = personalAccessToken;
        this.source = source;
        this.clock = clock;
        this.listener = listener;
    }

    @Override
    public String authorization() {
        AccessToken token = current;
        if (token == null || token.expiresBefore(clock.instant().plus(EXPIRY_MARGIN))) {
            token = renew(token);
        }
        return token.header;
    }

    @Override
    public boolean renewAfterRejection(String rejectedAuthorization) {
        lock.lock();
        try {
            AccessToken token = current;
            if (token != null && !token.header.equals(rejectedAuthorization)) {
                return true; // another thread renewed it meanwhile
            }
            current = fetch();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long renewals() {
        return renewals.get();
    }

    private AccessToken renew(AccessToken seen) {
        lock.lock();
        try {
            AccessToken token = current;
            if (token != seen
                    && token != null
                    && !token.expiresBefore(clock.instant().plus(EXPIRY_MARGIN))) {
                return token; // renewed by another thread while we waited for the lock
            }
            token = fetch();
            current = token;
            return token;
        } finally {
            lock.unlock();
        }
    }

    private AccessToken fetch() {
        String access = source.fetchAccessToken(personalAccessToken);
        renewals.incrementAndGet();
        listener.accessTokenRenewed();
        return new AccessToken("Bearer " + access, Jwt.expiry(access));
    }

    @Override
    public String toString() {
        return "PersonalAccessTokenAuthenticator[token=xxxxxx]";
    }

    private static final class AccessToken {
        final String header;
        final Instant expiry;

        AccessToken(String header, Instant expiry) {
            this.header = header;
            this.expiry = expiry;
        }

        boolean expiresBefore(Instant instant) {
            return expiry != null && expiry.isBefore(instant);
        }
    }
}
