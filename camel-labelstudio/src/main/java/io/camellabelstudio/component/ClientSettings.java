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
package io.camellabelstudio.component;

import java.time.Duration;

import org.apache.camel.support.jsse.SSLContextParameters;

import io.camellabelstudio.client.AuthScheme;
import io.camellabelstudio.client.http.RetrySettings;

/**
 * Every endpoint setting that goes into a client's builder: endpoints with equal settings share one client (and its
 * connection pool). The API key is part of the key but never printed. TLS settings compare by instance, as Camel binds
 * one {@code SSLContextParameters} bean to every endpoint that refers to it.
 */
record ClientSettings(
        String url,
        String apiKey,
        AuthScheme authScheme,
        Duration connectTimeout,
        Duration responseTimeout,
        boolean compression,
        Duration serverTimeLimit,
        int maxConnections,
        RetrySettings retrySettings,
        SSLContextParameters sslContextParameters,
        String proxyHost,
        Integer proxyPort) {

    @Override
    public String toString() {
        return "ClientSettings[url=" + url + ", apiKey=******, authScheme=" + authScheme + ", connectTimeout="
                + connectTimeout + ", responseTimeout=" + responseTimeout + ", compression=" + compression
                + ", serverTimeLimit=" + serverTimeLimit + ", maxConnections=" + maxConnections + ", retrySettings="
                + retrySettings + ", sslContextParameters=" + (sslContextParameters != null) + ", proxy="
                + (proxyHost == null ? "none" : proxyHost + ":" + proxyPort) + "]";
    }
}
