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
package io.camellabelstudio.it.faults;

/** What the {@link FaultProxy} does to one request. */
public enum Fault {
    /** Forwarded and answered normally. */
    NONE(0),
    /** Forwarded, the server answers (and so has committed), then the client connection is closed without it. */
    LOST_RESPONSE(0),
    /** The connection is reset (RST, SO_LINGER 0) before the request is forwarded. */
    RESET(0),
    /** Answered by the proxy itself, as a gateway in front of a broken or restarting server would. */
    BAD_GATEWAY(502),
    SERVICE_UNAVAILABLE(503),
    GATEWAY_TIMEOUT(504),
    /** Forwarded; the server's answer is held back longer than the client's response timeout. */
    SLOW_RESPONSE(0),
    /** Forwarded; the answer keeps its Content-Length but only half the body is sent before the connection closes. */
    TRUNCATED_BODY(0);

    private final int status;

    Fault(int status) {
        this.status = status;
    }

    /** The HTTP status the proxy answers with itself, or 0 when the request is forwarded or cut. */
    public int status() {
        return status;
    }

    /** The faults that make the client see something other than the server's answer. */
    public static Fault[] injected() {
        return new Fault[] {
            LOST_RESPONSE, RESET, BAD_GATEWAY, SERVICE_UNAVAILABLE, GATEWAY_TIMEOUT, SLOW_RESPONSE, TRUNCATED_BODY
        };
    }
}
