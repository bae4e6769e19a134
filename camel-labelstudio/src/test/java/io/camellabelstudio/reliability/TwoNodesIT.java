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

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.tools.Server;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;
import io.camellabelstudio.it.LabelStudioServer;

/**
 * Two Camel JVMs ({@link LeaderNode}) run the same {@code labelstudio:tasks} route behind Camel's leader election,
 * with a real ZooKeeper server in a third JVM and an H2 database over TCP (in this JVM) holding the mark, the
 * processed ids and the delivered tasks. While tasks are imported into a real Label Studio, the leader is killed with
 * SIGKILL: the other node takes over within the ZooKeeper session timeout, every task is delivered, none twice, and
 * only one node delivers at a time.
 */
class TwoNodesIT extends LabelStudioIT {

    private static final int TASKS = 1_000;
    private static final int BATCH = 25;
    private static final long SESSION_TIMEOUT_MS = 3_000;
    private static final Duration PATIENCE = Duration.ofSeconds(180);

    private LabelStudioServer server;

    @BeforeAll
    void server(LabelStudioServer server) {
        this.server = server;
    }

    record Delivery(long taskId, String node, long at) {}

    @Test
    void theOtherNodeTakesOverWhenTheLeaderIsKilledAndNoTaskIsLostOrRepeated(@TempDir Path dir) throws Exception {
        Project project = ls.project("Two nodes", LabelConfigs.TEXT_CLASSIFICATION);
        Server h2 = Server.createTcpServer(
                        "-tcpPort",
                        "0",
                        "-ifNotExists",
                        "-baseDir",
                        dir.resolve("h2").toString())
                .start();
        String jdbcUrl = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/nodes";
        JdbcConnectionPool db = JdbcConnectionPool.create(jdbcUrl, "sa", "");
        List<NodeProcess> processes = new ArrayList<>();
        try {
            createTables(db);
            int zkPort = freePort();
            processes.add(NodeProcess.start(
                    "zookeeper",
                    ZooKeeperNode.class,
                    Map.of(),
                    Integer.toString(zkPort),
                    dir.resolve("zookeeper").toString(),
                    "500")); // tick 500 ms: sessions of 1 to 10 s
            await("ZooKeeper on port " + zkPort, () -> accepts(zkPort));
            String zooKeeper = "127.0.0.1:" + zkPort;

            NodeProcess first = startNode("A", project, zooKeeper, jdbcUrl, dir);
            processes.add(first);
            NodeProcess second = startNode("B", project, zooKeeper, jdbcUrl, dir);
            processes.add(second);

            Set<Long> imported = Collections.synchronizedSet(new HashSet<>());
            CompletableFuture<Void> importer = CompletableFuture.runAsync(() -> importSlowly(project.id(), imported));
            await("a third of the tasks delivered", () -> deliveries(db).size() >= TASKS / 3);

            List<Delivery> beforeKill = deliveries(db);
            Set<String> deliveringNodes = new HashSet<>();
            beforeKill.forEach(d -> deliveringNodes.add(d.node()));
            assertThat(deliveringNodes)
                    .as("nodes that delivered before the kill")
                    .hasSize(1);
            String leaderName = deliveringNodes.iterator().next();
            NodeProcess leader = leaderName.equals("A") ? first : second;
            String standbyName = leaderName.equals("A") ? "B" : "A";

            leader.kill(); // SIGKILL, exit status 137 checked
            long killedAt = System.currentTimeMillis();
            int deliveredAtKill = deliveries(db).size();

            await(
                    "node " + standbyName + " delivering",
                    () -> deliveries(db).stream().anyMatch(d -> d.node().equals(standbyName)));
            long firstDelivery = deliveries(db).stream()
                    .filter(d -> d.node().equals(standbyName))
                    .mapToLong(Delivery::at)
                    .min()
                    .orElseThrow();

            importer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            await(
                    "all " + TASKS + " tasks delivered",
                    () -> distinctIds(deliveries(db)).size() >= TASKS);
            // more polls: nothing else may come (a repeat would show here)
            AtomicInteger lastSize = new AtomicInteger(-1);
            Awaitility.await("the deliveries to stay unchanged for 2 s")
                    .during(Duration.ofSeconds(2))
                    .atMost(PATIENCE)
                    .until(() -> {
                        int size = deliveries(db).size();
                        return lastSize.getAndSet(size) == size;
                    });

            List<Delivery> all = deliveries(db);
            Set<Long> distinct = distinctIds(all);
            long takeover = firstDelivery - killedAt;
            System.out.printf(
                    "two nodes: leader %s killed at %d delivered; %s delivered %d ms later (ZooKeeper session timeout"
                            + " %d ms, then camel-master's 1 s before it starts the consumer, then a poll)%n",
                    leaderName, deliveredAtKill, standbyName, takeover, SESSION_TIMEOUT_MS);
            System.out.printf(
                    "two nodes: expected=%d delivered=%d duplicates=%d takeover_ms=%d%n",
                    TASKS, distinct.size(), all.size() - distinct.size(), takeover);

            assertThat(imported).hasSize(TASKS);
            assertThat(distinct).isEqualTo(imported);
            assertThat(all).hasSize(TASKS);
            // one node at a time: the killed one before its kill, the other one after
            assertThat(all).allSatisfy(d -> {
                if (d.node().equals(leaderName)) {
                    assertThat(d.at()).isLessThanOrEqualTo(killedAt);
                } else {
                    assertThat(d.at()).isGreaterThan(killedAt);
                }
            });
            // the session timeout, camel-master's 1 s delay, a poll; with room for a loaded 2-vCPU machine
            assertThat(takeover).isBetween(SESSION_TIMEOUT_MS, SESSION_TIMEOUT_MS + 6_000);
        } finally {
            for (NodeProcess process : processes) {
                process.close();
            }
            db.dispose();
            h2.stop();
        }
    }

    private NodeProcess startNode(String name, Project project, String zooKeeper, String jdbcUrl, Path dir)
            throws Exception {
        Path ready = dir.resolve("ready-" + name);
        NodeProcess node = NodeProcess.start(
                "two-nodes-" + name,
                LeaderNode.class,
                Map.of("LABEL_STUDIO_URL", server.url(), "LABEL_STUDIO_API_KEY", server.legacyToken()),
                name,
                Long.toString(project.id()),
                zooKeeper,
                jdbcUrl,
                ready.toString());
        String pid = Long.toString(node.pid());
        await(node + " ready", () -> {
            if (!node.isAlive()) {
                throw new AssertionError(node + " ended; see target/test-logs/nodes/" + node.name() + ".out");
            }
            try {
                return Files.exists(ready) && Files.readString(ready).equals(pid);
            } catch (IOException e) {
                return false;
            }
        });
        return node;
    }

    private static void createTables(JdbcConnectionPool db) throws SQLException {
        try (Connection connection = db.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(JdbcStateRepository.CREATE_TABLE);
            // camel-sql's JdbcMessageIdRepository's own table, created here so that the two nodes do not race to
            statement.execute("CREATE TABLE CAMEL_MESSAGEPROCESSED (processorName VARCHAR(255),"
                    + " messageId VARCHAR(100), createdAt TIMESTAMP, PRIMARY KEY (processorName, messageId))");
            // the downstream: no key on task_id, so that a repeat would show
            statement.execute(
                    "CREATE TABLE DELIVERED (task_id BIGINT NOT NULL, node VARCHAR(20), delivered_at BIGINT)");
        }
    }

    private static List<Delivery> deliveries(JdbcConnectionPool db) {
        List<Delivery> found = new ArrayList<>();
        try (Connection connection = db.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT task_id, node, delivered_at FROM DELIVERED ORDER BY delivered_at")) {
            while (rows.next()) {
                found.add(new Delivery(rows.getLong(1), rows.getString(2), rows.getLong(3)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    private static Set<Long> distinctIds(List<Delivery> deliveries) {
        Set<Long> ids = new HashSet<>();
        deliveries.forEach(d -> ids.add(d.taskId()));
        return ids;
    }

    /** 1,000 tasks in batches of 25, about 3 batches a second: they keep arriving across the kill. */
    private void importSlowly(long projectId, Set<Long> imported) {
        for (int from = 0; from < TASKS; from += BATCH) {
            List<Map<String, Object>> tasks = new ArrayList<>();
            for (int i = from; i < from + BATCH; i++) {
                tasks.add(Map.of("text", "Text " + i));
            }
            imported.addAll(ls.client()
                    .tasks()
                    .importTasks(projectId, tasks, ImportOptions.defaults())
                    .taskIds());
            try {
                Thread.sleep(250); // the pace of the import: tasks keep arriving while the leader is killed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what)
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(condition);
    }
}
