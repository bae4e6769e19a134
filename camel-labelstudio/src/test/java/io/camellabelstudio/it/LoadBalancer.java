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
package io.camellabelstudio.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A local nginx that spreads requests over several backends, round robin, the way nodes of one service stand behind
 * one address. A backend that refuses the connection is skipped: nginx passes the request to the next one (also a
 * POST, since nothing was sent yet) and leaves the refusing one out for a while. The access log has one line per
 * request: {@code STATUS METHOD URI upstream=ADDRESSES upstream_status=STATUSES}, where ADDRESSES and STATUSES list
 * every backend tried. {@link #close()} stops nginx.
 */
public final class LoadBalancer implements AutoCloseable {

    private final Nginx nginx;

    private LoadBalancer(Nginx nginx) {
        this.nginx = nginx;
    }

    /** Starts nginx on a free loopback port in front of the backends ({@code host:port} each). */
    public static LoadBalancer start(List<String> backends) throws IOException, InterruptedException {
        Path dir = Nginx.newDirectory("balancer");
        return new LoadBalancer(Nginx.start(dir, port -> config(dir, port, backends)));
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + nginx.port();
    }

    /** The access log's lines so far. */
    public List<String> accessLog() throws IOException {
        return Files.exists(nginx.accessLog()) ? Files.readAllLines(nginx.accessLog()) : List.of();
    }

    @Override
    public void close() {
        nginx.close();
    }

    private static String config(Path dir, int port, List<String> backends) {
        String servers =
                backends.stream().map(backend -> "    server " + backend + ";").collect(Collectors.joining("\n"));
        // proxy_connect_timeout: a node that is gone without refusing (a dead host) must be given up well within
        // Label Studio's 1 s webhook timeout, so that the next node still gets the delivery
        return """
                log_format balanced '$status $request_method $request_uri upstream=$upstream_addr'
                                    ' upstream_status=$upstream_status';
                access_log %1$s/access.log balanced;
                upstream nodes {
                %2$s
                }
                server {
                    listen 127.0.0.1:%3$d;
                    location / {
                        proxy_pass http://nodes;
                        proxy_http_version 1.1;
                        proxy_connect_timeout 300ms;
                        proxy_next_upstream error timeout;
                    }
                }
                """.formatted(dir, servers, port);
    }
}
