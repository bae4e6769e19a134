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
package io.camellabelstudio.reliability;

import org.apache.zookeeper.server.ZooKeeperServerMain;

/**
 * A standalone ZooKeeper server in a JVM of its own (from the zookeeper jar that camel-zookeeper brings), without the
 * admin web server (port 8080 by default). Arguments: port, data directory, tick time in ms (sessions may last 2 to
 * 20 ticks).
 */
public final class ZooKeeperNode {

    private ZooKeeperNode() {}

    public static void main(String[] args) {
        System.setProperty("zookeeper.admin.enableServer", "false");
        ZooKeeperServerMain.main(args);
    }
}
