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

/** Supplies the {@code Authorization} header value of each request. Implementations are thread-safe. */
public interface Authenticator {

    /** The header value to send now, refreshing a credential first if it is about to expire. */
    String authorization();

    /**
     * Called when the server rejected {@code rejectedAuthorization} with 401. Returns true when a different value is now
     * available and the request is worth sending once more; false when nothing can be renewed.
     */
    boolean renewAfterRejection(String rejectedAuthorization);

    /** How many times a credential was renewed (access tokens fetched); 0 for static tokens. */
    long renewals();
}
