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

import static io.camellabelstudio.client.ClientTestSupport.LEGACY_KEY;
import static io.camellabelstudio.client.ClientTestSupport.REFRESH;
import static io.camellabelstudio.client.ClientTestSupport.assertDoesNotLeak;
import static io.camellabelstudio.client.ClientTestSupport.clientFor;
import static io.camellabelstudio.client.ClientTestSupport.fastRetries;
import static io.camellabelstudio.client.ClientTestSupport.projectJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camellabelstudio.client.error.AuthenticationException;
import io.camellabelstudio.client.error.LabelStudioException;
import io.camellabelstudio.client.model.Project;

/**
 * The {@code Authorization} header: legacy tokens as {@code Token <key>}; personal access tokens (JWTs) exchanged at
 * {@code /api/token/refresh} for access tokens sent as {@code Bearer}, renewed near expiry and once on 401, with a
 * single refresh for concurrent callers.
 */
class AuthenticationTest {

    private static final String PROJECT_1 = "/api/projects/1/";
    private static final Duration ACCESS_LIFETIME = Duration.ofMinutes(5);
    private static final StubResponse TOKEN_NOT_VALID = StubResponse.json(
            401,
            "{\"detail\": \"Given token not valid for any token type\", \"code\": \"token_not_valid\","
                    + " \"messages\": [{\"token_class\": \"AccessToken\", \"token_type\": \"access\","
                    + " \"message\": \"Token is invalid or expired\"}]}");

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    private final String pat = TestJwts.personalAccessToken();
    private final List<LabelStudioClient> clients = new ArrayList<>();
    private StubLabelStudio stub;
    private TokenIssuer issuer;

    /** The stub's {@code POST /api/token/refresh}: a new access JWT per call, expiring ACCESS_LIFETIME after "now". */
    private final class TokenIssuer implements StubLabelStudio.Handler {
        final List<String> issued = new CopyOnWriteArrayList<>();
        volatile Duration delay = Duration.ZERO;
        volatile Duration lifetime = ACCESS_LIFETIME;

        @Override
        public StubResponse respond(RecordedRequest request) {
            String token = TestJwts.accessToken(clock.instant().plus(lifetime));
            issued.add(token);
            return StubResponse.json(200, "{\"access\": \"" + token + "\"}").withDelay(delay);
        }

        String bearer(int index) {
            return "Bearer " + issued.get(index);
        }
    }

    @BeforeEach
    void start() {
        stub = StubLabelStudio.start();
        issuer = new TokenIssuer();
        stub.when("POST", REFRESH, issuer);
        stub.when("GET", PROJECT_1, StubResponse.json(200, projectJson(1)));
    }

    @AfterEach
    void stop() {
        clients.forEach(LabelStudioClient::close);
        stub.close();
        assertThat(stub.errors()).as("problems of the stub server itself").isEmpty();
    }

    private LabelStudioClient patClient() {
        return track(clientFor(stub)
                .apiKey(pat)
                .clock(clock)
                .retrySettings(fastRetries(2))
                .build());
    }

    private LabelStudioClient track(LabelStudioClient client) {
        clients.add(client);
        return client;
    }

    private List<RecordedRequest> refreshes() {
        return stub.requests("POST", REFRESH);
    }

    private List<String> authorizationsOfGets() {
        return stub.requests("GET", PROJECT_1).stream()
                .map(r -> r.header("Authorization"))
                .toList();
    }

    @Test
    void legacyTokenIsSentAsTokenHeader() {
        LabelStudioClient client = track(clientFor(stub).build());

        client.projects().get(1);
        client.projects().get(1);

        assertThat(authorizationsOfGets()).containsExactly("Token " + LEGACY_KEY, "Token " + LEGACY_KEY);
        assertThat(refreshes()).isEmpty();
        assertThat(client.accessTokenRenewals()).isZero();
        RecordedRequest request = stub.requests().get(0);
        assertThat(request.header("Accept")).isEqualTo("application/json");
        assertThat(request.header("User-Agent")).isEqualTo(LabelStudioClient.USER_AGENT);
    }

    @Test
    void explicitLegacySchemeSendsEvenAJwtAsToken() {
        LabelStudioClient client = track(
                clientFor(stub).apiKey(pat).authScheme(AuthScheme.LEGACY_TOKEN).build());

        client.projects().get(1);

        assertThat(authorizationsOfGets()).containsExactly("Token " + pat);
        assertThat(refreshes()).isEmpty();
    }

    @Test
    void personalAccessTokenIsExchangedOnceForABearerAccessToken() throws Exception {
        LabelStudioClient client = patClient();
        assertThat(stub.requestCount())
                .as("no refresh before the first request")
                .isZero();

        for (int i = 0; i < 3; i++) {
            assertThat(client.projects().get(1).id()).isEqualTo(1L);
        }

        assertThat(refreshes()).hasSize(1);
        RecordedRequest refresh = refreshes().get(0);
        assertThat(stub.requests().get(0)).as("the refresh comes first").isSameAs(refresh);
        JsonNode body = new ObjectMapper().readTree(refresh.bodyAsString());
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.path("refresh").asText()).isEqualTo(pat);
        assertThat(refresh.header("Content-Type")).startsWith("application/json");
        assertThat(refresh.header("Authorization")).isNull();

        assertThat(authorizationsOfGets()).hasSize(3).containsOnly(issuer.bearer(0));
        assertThat(client.accessTokenRenewals()).isEqualTo(1);
    }

    @Test
    void accessTokenIsReusedUntilNearExpiryThenRenewedOnce() {
        LabelStudioClient client = patClient();

        client.projects().get(1);
        clock.advance(Duration.ofMinutes(3)); // 2 minutes left: still good
        client.projects().get(1);
        assertThat(refreshes()).hasSize(1);

        clock.advance(Duration.ofMinutes(2).plusSeconds(1)); // past exp
        client.projects().get(1);
        client.projects().get(1);

        assertThat(refreshes()).hasSize(2);
        assertThat(client.accessTokenRenewals()).isEqualTo(2);
        assertThat(issuer.issued.get(1)).isNotEqualTo(issuer.issued.get(0));
        assertThat(authorizationsOfGets())
                .containsExactly(issuer.bearer(0), issuer.bearer(0), issuer.bearer(1), issuer.bearer(1));
    }

    @Test
    void accessTokenIsRenewedShortlyBeforeItExpires() {
        LabelStudioClient client = patClient();

        client.projects().get(1);
        clock.advance(ACCESS_LIFETIME.minusSeconds(10)); // 10 s left: too close to send it
        client.projects().get(1);

        assertThat(refreshes()).hasSize(2);
        assertThat(authorizationsOfGets()).containsExactly(issuer.bearer(0), issuer.bearer(1));
    }

    @Test
    void rejectedAccessTokenIsRenewedOnceAndTheRequestSucceeds() {
        LabelStudioClient client = patClient();
        stub.enqueue("GET", PROJECT_1, TOKEN_NOT_VALID);

        Project project = client.projects().get(1);

        assertThat(project.id()).isEqualTo(1L);
        assertThat(refreshes()).hasSize(2);
        assertThat(authorizationsOfGets()).containsExactly(issuer.bearer(0), issuer.bearer(1));
        assertThat(client.accessTokenRenewals()).isEqualTo(2);
    }

    @Test
    void secondRejectionAfterRenewalIsAnAuthenticationExceptionWithoutALoop() {
        LabelStudioClient client = patClient();
        stub.when("GET", PROJECT_1, TOKEN_NOT_VALID);

        Throwable thrown = catchThrowable(() -> client.projects().get(1));

        assertThat(thrown).isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(401);
            assertThat(e.getMethod()).isEqualTo("GET");
            assertThat(e.getPath()).isEqualTo(PROJECT_1);
            assertThat(e.getMessage()).contains("Given token not valid");
        });
        assertThat(refreshes()).as("initial token + one renewal").hasSize(2);
        assertThat(authorizationsOfGets()).containsExactly(issuer.bearer(0), issuer.bearer(1));
        assertThat(client.accessTokenRenewals()).isEqualTo(2);
        assertDoesNotLeak(thrown, pat);
        issuer.issued.forEach(token -> assertDoesNotLeak(thrown, token));
    }

    @Test
    void personalAccessTokenOnALabelStudioWithoutThemNamesTheReleaseAndTheWayOut() {
        LabelStudioClient client = patClient();
        // Label Studio 1.15/1.16: no /api/token/refresh (Django's HTML 404), /api/version/ open to anyone
        stub.when("POST", REFRESH, StubResponse.json(404, "{\"detail\": \"Not found.\"}"));
        stub.when("GET", "/api/version/", StubResponse.json(200, "{\"release\": \"1.15.0\"}"));

        Throwable thrown = catchThrowable(() -> client.projects().get(1));

        assertThat(thrown)
                .isExactlyInstanceOf(LabelStudioException.class)
                .hasMessageContaining("this Label Studio (1.15.0) has no personal access tokens")
                .hasMessageContaining("authScheme=legacyToken");
        assertDoesNotLeak(thrown, pat);
        assertThat(stub.requests("GET", "/api/version/").get(0).header("Authorization"))
                .as("the version is asked without credentials")
                .isNull();
        assertThat(stub.requests("GET", PROJECT_1)).isEmpty();
    }

    @Test
    void rejectedPersonalAccessTokenIsAnAuthenticationExceptionThatDoesNotShowIt() {
        LabelStudioClient client = patClient();
        stub.when(
                "POST",
                REFRESH,
                StubResponse.json(401, "{\"detail\": \"Token is invalid or expired\", \"code\": \"token_not_valid\"}"));

        Throwable thrown = catchThrowable(() -> client.projects().get(1));

        assertThat(thrown).isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(401);
            assertThat(e.getMethod()).isEqualTo("POST");
            assertThat(e.getPath()).isEqualTo(REFRESH);
            assertThat(e.getMessage()).contains("personal access token", "Token is invalid or expired");
        });
        assertDoesNotLeak(thrown, pat);
        assertThat(refreshes()).as("POST is not retried").hasSize(1);
        assertThat(stub.requests("GET", PROJECT_1)).isEmpty();
        assertThat(client.accessTokenRenewals()).isZero();
    }

    @Test
    void refreshAnswerWithoutAccessTokenIsAnError() {
        LabelStudioClient client = patClient();
        stub.when("POST", REFRESH, StubResponse.json(200, "{\"refresh\": \"not what we asked for\"}"));

        Throwable thrown = catchThrowable(() -> client.projects().get(1));

        assertThat(thrown).isInstanceOf(LabelStudioException.class).hasMessageContaining("without an access token");
        assertDoesNotLeak(thrown, pat);
        assertThat(stub.requests("GET", PROJECT_1)).isEmpty();
    }

    @Test
    void concurrentFirstRequestsShareASingleRefresh() throws Exception {
        LabelStudioClient client = patClient();
        issuer.delay = Duration.ofMillis(300);

        List<Project> projects = runConcurrently(8, () -> client.projects().get(1));

        assertThat(projects).hasSize(8).allSatisfy(p -> assertThat(p.id()).isEqualTo(1L));
        assertThat(refreshes()).hasSize(1);
        assertThat(authorizationsOfGets()).hasSize(8).containsOnly(issuer.bearer(0));
        assertThat(client.accessTokenRenewals()).isEqualTo(1);
    }

    @Test
    void concurrentRejectionsOfTheSameAccessTokenShareASingleRenewal() throws Exception {
        LabelStudioClient client = patClient();
        client.projects().get(1); // access token A
        String tokenA = issuer.bearer(0);
        int threads = 8;
        CountDownLatch allRejected = new CountDownLatch(threads);
        stub.when("GET", PROJECT_1, request -> {
            if (tokenA.equals(request.header("Authorization"))) {
                allRejected.countDown();
                allRejected.await(5, TimeUnit.SECONDS); // answer 401 only once every caller has sent A
                return TOKEN_NOT_VALID;
            }
            return StubResponse.json(200, projectJson(1));
        });

        List<Project> projects =
                runConcurrently(threads, () -> client.projects().get(1));

        assertThat(projects).hasSize(threads);
        assertThat(allRejected.getCount())
                .as("all callers were rejected at once")
                .isZero();
        assertThat(refreshes()).as("token A + a single renewal").hasSize(2);
        assertThat(client.accessTokenRenewals()).isEqualTo(2);
        List<String> authorizations = authorizationsOfGets();
        assertThat(authorizations.stream().filter(tokenA::equals)).hasSize(1 + threads);
        assertThat(authorizations.stream().filter(issuer.bearer(1)::equals)).hasSize(threads);
    }

    @Test
    void renewalAfterRejectionWorksWithASingleConnection() {
        LabelStudioClient client = track(clientFor(stub)
                .apiKey(pat)
                .clock(clock)
                .maxConnections(1)
                .connectTimeout(Duration.ofSeconds(2))
                .build());
        stub.enqueue("GET", PROJECT_1, TOKEN_NOT_VALID);

        long start = System.nanoTime();
        assertThat(client.projects().get(1).id()).isEqualTo(1L);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(refreshes()).hasSize(2);
        assertThat(authorizationsOfGets()).containsExactly(issuer.bearer(0), issuer.bearer(1));
    }

    @Test
    void concurrentRejectionsAreRenewedEvenWhenEveryPooledConnectionIsBusy() throws Exception {
        int threads = 4;
        LabelStudioClient client = track(clientFor(stub)
                .apiKey(pat)
                .clock(clock)
                .maxConnections(threads)
                .connectTimeout(Duration.ofSeconds(2))
                .build());
        client.projects().get(1);
        String tokenA = issuer.bearer(0);
        CountDownLatch allRejected = new CountDownLatch(threads);
        stub.when("GET", PROJECT_1, request -> {
            if (tokenA.equals(request.header("Authorization"))) {
                allRejected.countDown();
                allRejected.await(5, TimeUnit.SECONDS);
                return TOKEN_NOT_VALID;
            }
            return StubResponse.json(200, projectJson(1));
        });

        List<Project> projects =
                runConcurrently(threads, () -> client.projects().get(1));

        assertThat(projects).hasSize(threads);
        assertThat(refreshes()).hasSize(2);
    }

    /**
     * The fast twin of {@code reliability.TokenExpiryIT}: short-lived access tokens (60 s) that the stub really
     * enforces (401 once {@code exp} has passed on the server's clock), and calls every 5 s for the lifetime plus a
     * minute: not one call fails. In the second case the clock that checks tokens is 45 s ahead of the one that issued
     * them (say, two Label Studio nodes behind a load balancer): tokens the client still thinks valid are refused, and
     * the renewal after a 401 covers them.
     */
    @ParameterizedTest(name = "server clock ahead by {0} s")
    @ValueSource(ints = {0, 45})
    void callsForLongerThanTheAccessTokenLifetimeNeverFail(int serverClockAheadSeconds) {
        Duration lifetime = Duration.ofSeconds(60);
        issuer.lifetime = lifetime;
        Duration skew = Duration.ofSeconds(serverClockAheadSeconds);
        stub.when("GET", PROJECT_1, request -> {
            Instant exp = expiryOf(request.header("Authorization"));
            return exp.isAfter(clock.instant().plus(skew)) ? StubResponse.json(200, projectJson(1)) : TOKEN_NOT_VALID;
        });
        LabelStudioClient client = patClient();

        int calls = 0;
        int failed = 0;
        for (Duration elapsed = Duration.ZERO;
                elapsed.compareTo(lifetime.plusMinutes(1)) <= 0;
                elapsed = elapsed.plusSeconds(5)) {
            calls++;
            try {
                client.projects().get(1);
            } catch (LabelStudioException e) {
                failed++;
            }
            clock.advance(Duration.ofSeconds(5));
        }
        long rejected = authorizationsOfGets().size() - calls;
        System.out.printf(
                "token-expiry-stub lifetime=%ds skew=%ds calls=%d failed=%d refreshes=%d rejected=%d%n",
                lifetime.toSeconds(), skew.toSeconds(), calls, failed, client.accessTokenRenewals(), rejected);

        assertThat(failed).as("failed calls").isZero();
        assertThat(calls).isEqualTo(25);
        assertThat(refreshes()).hasSize((int) client.accessTokenRenewals());
        if (serverClockAheadSeconds == 0) {
            // renewed once fewer than 30 s are left: at 0, 35, 70 and 105 s of the 120 s run, never refused
            assertThat(client.accessTokenRenewals()).isEqualTo(4);
            assertThat(rejected).isZero();
        } else {
            assertThat(client.accessTokenRenewals()).isGreaterThan(4);
            assertThat(rejected)
                    .as("refused by the server's clock, then renewed")
                    .isPositive();
        }
    }

    private static Instant expiryOf(String authorization) {
        try {
            String jwt = authorization.substring("Bearer ".length());
            String payload = new String(
                    java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                    java.nio.charset.StandardCharsets.UTF_8);
            return Instant.ofEpochSecond(
                    new ObjectMapper().readTree(payload).path("exp").asLong());
        } catch (Exception e) {
            throw new IllegalStateException("not a bearer JWT", e);
        }
    }

    /** Starts {@code threads} calls at the same moment and returns their results (rethrowing the first failure). */
    private static <T> List<T> runConcurrently(int threads, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            assertThat(ready.await(5, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(20, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
