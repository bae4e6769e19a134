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

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.util.List;
import java.util.Set;

import org.apache.hc.client5.http.ConnectTimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.camellabelstudio.client.error.LabelStudioConnectionException;
import io.camellabelstudio.client.error.ServerErrorException;

/**
 * What the server did with an import request whose answer was lost: a 5xx (e.g. nginx's 502 after gunicorn killed the
 * worker at its timeout), a connection lost before the answer, or an answer that cannot be read. The server creates a
 * request's tasks in one transaction (with their annotations and predictions), so it created all of them or none; the
 * rest of the request (counters, summaries) may have been cut short.
 *
 * <p>With an import key the answer is exact: the keys of the request are looked up, and those found were created by
 * it (they were checked absent before it was sent). Without a key nothing exact is possible: the project's task count
 * before and after would also count what storage syncs, other importers or users created or deleted meanwhile. Then
 * the request's tasks are counted as of unknown outcome.
 *
 * @param created tasks of the request the server holds
 * @param unknown tasks of the request whose outcome is unknown
 * @param note    what happened, for the import's error message
 */
record LostImportAnswer(long created, long unknown, String note) {

    /** Whether {@code failure} of an import request leaves its outcome open (else the server created nothing). */
    static boolean isLost(RuntimeException failure) {
        if (failure instanceof ServerErrorException) {
            return true;
        }
        if (failure instanceof LabelStudioConnectionException) {
            // refused, or no connection in time: the request was never sent
            return !(failure.getCause() instanceof ConnectException
                    || failure.getCause() instanceof ConnectTimeoutException);
        }
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException) {
                return true; // the server answered success, unreadably
            }
        }
        return false;
    }

    /**
     * Whether the server is done with the request: it answered (5xx), or its worker died and took the connection along.
     * Not after a timeout (this client's, or a proxy's 504): the server may still be importing.
     */
    private static boolean serverIsDone(RuntimeException failure) {
        if (failure instanceof ServerErrorException error) {
            return error.getStatusCode() != 504;
        }
        return !(failure.getCause() instanceof InterruptedIOException);
    }

    /**
     * Settles a lost answer: by the keys of the request when there is an import key ({@code importKeys} not null),
     * else as unknown.
     */
    static LostImportAnswer settle(
            int size, ImportKeys importKeys, String keyName, List<ImportKeys.Key> keys, RuntimeException failure) {
        String lost = "the answer to the last request (" + size + " task(s)) was lost";
        if (importKeys == null) {
            return new LostImportAnswer(
                    0,
                    size,
                    lost + ", so whether its tasks were created is unknown (the server creates a request's tasks in one"
                            + " transaction: all or none; with importKey the client would have checked, and a replay"
                            + " would skip what exists)");
        }
        Set<String> existing;
        try {
            existing = importKeys.existing(keys);
        } catch (RuntimeException checkFailed) {
            failure.addSuppressed(checkFailed);
            return new LostImportAnswer(
                    0,
                    size,
                    lost + ", and checking its keys failed too (" + checkFailed.getMessage()
                            + "), so whether its tasks were created is unknown; a replay with importKey '" + keyName
                            + "' skips what exists");
        }
        long found =
                keys.stream().filter(key -> existing.contains(key.identity())).count();
        if (found == size || serverIsDone(failure)) {
            return new LostImportAnswer(
                    found,
                    0,
                    lost + "; checked by import key '" + keyName + "': " + (found == size ? "all" : found + " of") + " "
                            + size + " were created" + (found > 0 ? "; counted, their ids are not known" : ""));
        }
        return new LostImportAnswer(
                found,
                size - found,
                lost + " before the server finished it; checked by import key '" + keyName + "': " + found + " of "
                        + size + " exist so far, the server may still create the rest; a replay with importKey skips"
                        + " what exists");
    }
}
