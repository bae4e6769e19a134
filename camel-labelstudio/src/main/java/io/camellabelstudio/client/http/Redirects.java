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

import java.net.URI;
import java.util.Locale;

/**
 * Why the client does not follow redirects, in the words of the error it raises instead. A redirect is never followed,
 * to another host or the same one: following would send the {@code Authorization} header (and a request body) to an
 * address the user never configured, and a redirected API call means the configured url is not the server's final
 * address, which the user should fix once rather than pay a round trip per call.
 */
final class Redirects {

    private Redirects() {}

    /**
     * The error detail for a redirect from {@code requestUri} to {@code location}: the target without user info, query
     * or fragment (a query may carry a signature, user info a password), and whether it is another host.
     */
    static String notFollowed(URI requestUri, String location) {
        if (location == null || location.isBlank()) {
            return "redirect without a Location not followed";
        }
        URI target = resolve(requestUri, location);
        if (target == null) {
            return "redirect to an invalid Location not followed";
        }
        boolean otherHost = !sameOrigin(requestUri, target);
        return "redirect to " + withoutSecrets(target) + " not followed"
                + (otherHost ? " (another host: the Authorization header is never sent there)" : "")
                + "; set the url option to the server's final address";
    }

    /** The redirect's target resolved against {@code requestUri}; null when there is no valid http(s) Location. */
    static URI target(URI requestUri, String location) {
        URI target = location == null || location.isBlank() ? null : resolve(requestUri, location);
        if (target == null || target.getHost() == null) {
            return null;
        }
        return "http".equalsIgnoreCase(target.getScheme()) || "https".equalsIgnoreCase(target.getScheme())
                ? target
                : null;
    }

    /** {@code location} resolved against {@code requestUri}; null when it is not a valid URI reference. */
    private static URI resolve(URI requestUri, String location) {
        try {
            return requestUri.resolve(location.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null
                && a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme()))
                && a.getHost() != null
                && a.getHost()
                        .toLowerCase(Locale.ROOT)
                        .equals(String.valueOf(b.getHost()).toLowerCase(Locale.ROOT))
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String withoutSecrets(URI target) {
        if (target.getScheme() == null || target.getRawAuthority() == null) {
            return "(an address that is not an absolute URL)";
        }
        String host = target.getHost() == null ? "(unparsable host)" : target.getHost();
        String hostPort = host.contains(":") ? "[" + host + "]" : host;
        return target.getScheme() + "://" + hostPort + (target.getPort() < 0 ? "" : ":" + target.getPort())
                + (target.getRawPath() == null ? "" : target.getRawPath())
                + (target.getRawQuery() == null ? "" : "?(query omitted)");
    }
}
