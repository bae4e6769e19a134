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

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The name resolver of the HTTP client that fetches task files from other hosts: it refuses, at connection time, the
 * addresses {@link FileDownloadPolicy} refuses, so that a name answering one address to the downloader's own check and
 * another to the connection (DNS rebinding) still cannot reach a refused one. The policy is the one of the download
 * running on the calling thread (HttpClient's classic API connects on it); the defaults apply outside a download.
 * Proxies are resolved unchecked: the route chose them, not task data.
 */
final class FileHostResolver implements DnsResolver {

    private static final ThreadLocal<FileDownloadPolicy> POLICY = new ThreadLocal<>();

    private final Set<String> proxies = new HashSet<>();

    /** @param proxy the client's proxy, or null; the JVM's http(s).proxyHost are exempt too */
    FileHostResolver(URI proxy) {
        if (proxy != null && proxy.getHost() != null) {
            proxies.add(proxy.getHost().toLowerCase(Locale.ROOT));
        }
        for (String property : new String[] {"http.proxyHost", "https.proxyHost"}) {
            String host = System.getProperty(property);
            if (host != null && !host.isBlank()) {
                proxies.add(host.strip().toLowerCase(Locale.ROOT));
            }
        }
    }

    /** Runs {@code work} with {@code policy} in force for the connections it opens on this thread. */
    static <T> T with(FileDownloadPolicy policy, Supplier<T> work) {
        FileDownloadPolicy previous = POLICY.get();
        POLICY.set(policy);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                POLICY.remove();
            } else {
                POLICY.set(previous);
            }
        }
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
        if (host != null && proxies.contains(host.toLowerCase(Locale.ROOT))) {
            return addresses;
        }
        FileDownloadPolicy policy = POLICY.get() == null ? FileDownloadPolicy.DEFAULTS : POLICY.get();
        for (InetAddress address : addresses) {
            String refusal = policy.refusal(address);
            if (refusal != null) {
                throw new RefusedAddressException(host, address, refusal);
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }

    /** A host whose address the policy refuses; an UnknownHostException so that HttpClient neither retries nor wraps it. */
    static final class RefusedAddressException extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        RefusedAddressException(String host, InetAddress address, String refusal) {
            super(describe(host, address, refusal));
        }

        static String describe(String host, InetAddress address, String refusal) {
            String ip = address.getHostAddress();
            return "host " + host + (ip.equals(host) ? "" : " (" + ip + ")") + " is " + refusal
                    + "; task files are not fetched from there";
        }
    }
}
