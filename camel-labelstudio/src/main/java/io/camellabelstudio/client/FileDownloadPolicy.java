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

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * What {@link TaskFilesDownloader} may fetch from hosts other than the Label Studio server: which addresses, and how
 * large a file. Task data is written by whoever can create tasks (imports, storages, annotators' tools), so a value
 * like {@code http://169.254.169.254/latest/meta-data/} must not make the route read a cloud's instance credentials,
 * nor {@code http://127.0.0.1:8080/admin} a service on the route's own machine, nor an endless body fill the disk.
 *
 * <ul>
 *   <li>Always refused: link-local addresses ({@code 169.254.0.0/16}, {@code fe80::/10}; cloud metadata services live
 *       there), the other cloud metadata addresses ({@code 100.100.100.200}, {@code fd00:ec2::254}), the unspecified
 *       address ({@code 0.0.0.0/8}, {@code ::}), multicast and broadcast.
 *   <li>Refused unless {@link #withPrivateAddresses(boolean) private addresses are allowed}: loopback ({@code 127/8},
 *       {@code ::1}) and private networks ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}, shared address space
 *       {@code 100.64/10}, unique-local {@code fc00::/7}, site-local {@code fec0::/10}).
 * </ul>
 *
 * A name is refused when any of its addresses is. IPv4 addresses inside IPv6 ones (mapped, NAT64 {@code 64:ff9b::/96})
 * are judged as IPv4. The Label Studio server itself is not subject to this: its files are fetched from the configured
 * base URL.
 *
 * @param privateAddresses whether loopback and private-network addresses may be fetched from
 * @param maxFileBytes the largest file fetched; a larger one is a failure, and is not read past this size
 */
public record FileDownloadPolicy(boolean privateAddresses, long maxFileBytes) {

    /** The default size cap: 1 GiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 1L << 30;

    /** No private addresses, files up to {@value #DEFAULT_MAX_FILE_BYTES} bytes. */
    public static final FileDownloadPolicy DEFAULTS = new FileDownloadPolicy(false, DEFAULT_MAX_FILE_BYTES);

    private static final String NOT_ALLOWED = ", and private addresses are not allowed";

    public FileDownloadPolicy {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be at least 1, was " + maxFileBytes);
        }
    }

    public FileDownloadPolicy withPrivateAddresses(boolean allowed) {
        return new FileDownloadPolicy(allowed, maxFileBytes);
    }

    public FileDownloadPolicy withMaxFileBytes(long max) {
        return new FileDownloadPolicy(privateAddresses, max);
    }

    /** Why {@code address} may not be fetched from, or null when it may. */
    public String refusal(InetAddress address) {
        byte[] ip = embeddedIpv4(address);
        if (ip.length == 4) {
            return refusal4(ip);
        }
        return refusal6(ip);
    }

    private String refusal4(byte[] ip) {
        int a = ip[0] & 0xff;
        int b = ip[1] & 0xff;
        if (a == 169 && b == 254) {
            return "a link-local address (cloud metadata services live there)";
        }
        if (a == 100 && b == 100 && (ip[2] & 0xff) == 100 && (ip[3] & 0xff) == 200) {
            return "a cloud metadata address";
        }
        if (a == 0 || a >= 224) {
            return "not a unicast address";
        }
        if (privateAddresses) {
            return null;
        }
        if (a == 127) {
            return "a loopback address" + NOT_ALLOWED;
        }
        if (a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168) || (a == 100 && (b & 0xc0) == 64)) {
            return "a private-network address" + NOT_ALLOWED;
        }
        return null;
    }

    private String refusal6(byte[] ip) {
        int first = ip[0] & 0xff;
        int second = ip[1] & 0xff;
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return "a link-local address (cloud metadata services live there)";
        }
        if (isAwsMetadata6(ip)) {
            return "a cloud metadata address";
        }
        if (first == 0xff || isZero(ip, 0, 16)) {
            return "not a unicast address";
        }
        if (privateAddresses) {
            return null;
        }
        if (isZero(ip, 0, 15) && ip[15] == 1) {
            return "a loopback address" + NOT_ALLOWED;
        }
        if ((first & 0xfe) == 0xfc || (first == 0xfe && (second & 0xc0) == 0xc0)) {
            return "a private-network address" + NOT_ALLOWED;
        }
        return null;
    }

    /** fd00:ec2::254 */
    private static boolean isAwsMetadata6(byte[] ip) {
        return (ip[0] & 0xff) == 0xfd
                && ip[1] == 0
                && (ip[2] & 0xff) == 0x0e
                && (ip[3] & 0xff) == 0xc2
                && isZero(ip, 4, 14)
                && ip[14] == 0x02
                && ip[15] == 0x54;
    }

    /** The IPv4 address inside an IPv4-compatible or NAT64 IPv6 one, else the address's own bytes. */
    private static byte[] embeddedIpv4(InetAddress address) {
        byte[] ip = address.getAddress();
        if (address instanceof Inet4Address || !(address instanceof Inet6Address)) {
            return ip;
        }
        boolean mapped = isZero(ip, 0, 10) && (ip[10] & 0xff) == 0xff && (ip[11] & 0xff) == 0xff;
        boolean nat64 = ip[0] == 0
                && (ip[1] & 0xff) == 0x64
                && (ip[2] & 0xff) == 0xff
                && (ip[3] & 0xff) == 0x9b
                && isZero(ip, 4, 12);
        if (mapped || nat64) {
            return new byte[] {ip[12], ip[13], ip[14], ip[15]};
        }
        return ip;
    }

    private static boolean isZero(byte[] ip, int from, int to) {
        for (int i = from; i < to; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
