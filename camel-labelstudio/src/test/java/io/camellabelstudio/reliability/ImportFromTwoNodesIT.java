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
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.tools.Server;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;
import io.camellabelstudio.it.LabelStudioServer;

/**
 * Importing from several nodes: two Camel JVMs ({@link ImportNode}), each with its own component and client, import
 * overlapping keys into one project at the same time, one task per event. The import key check alone cannot stop two
 * JVMs from both finding a new key absent; an idempotent consumer keyed by the import key, with camel-sql's
 * JdbcMessageIdRepository on a database both reach (H2 over TCP, in this JVM), lets each key through on one node only.
 */
class ImportFromTwoNodesIT extends LabelStudioIT {

    /** Keys each node imports; the first SHARED of them are the same on both nodes. */
    private static final int PER_NODE = 300;

    private static final int SHARED = 150;
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    private LabelStudioServer server;

    @BeforeAll
    void server(LabelStudioServer server) {
        this.server = server;
    }

    @Test
    void anIdempotentConsumerOnASharedRepositoryLetsEachKeyThroughOnOneNode(@TempDir Path dir) throws Exception {
        Project project = ls.project("Import from two nodes", LabelConfigs.TEXT_CLASSIFICATION);
        Server h2 = Server.createTcpServer(
                        "-tcpPort",
                        "0",
                        "-ifNotExists",
                        "-baseDir",
                        dir.resolve("h2").toString())
                .start();
        String jdbcUrl = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/imports";
        JdbcConnectionPool db = JdbcConnectionPool.create(jdbcUrl, "sa", "");
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            try (Connection connection = db.getConnection();
                    Statement statement = connection.createStatement()) {
                // camel-sql's JdbcMessageIdRepository's table, created here so that the two nodes do not race to
                statement.execute("CREATE TABLE CAMEL_MESSAGEPROCESSED (processorName VARCHAR(255),"
                        + " messageId VARCHAR(100), createdAt TIMESTAMP, PRIMARY KEY (processorName, messageId))");
            }
            Path go = dir.resolve("go");
            int ownA = SHARED;
            int ownB = PER_NODE;
            nodes.add(start("A", project, jdbcUrl, ownA, ownA + PER_NODE - SHARED - 1, go, dir));
            nodes.add(start("B", project, jdbcUrl, ownB, ownB + PER_NODE - SHARED - 1, go, dir));
            Files.writeString(go, "go");

            long[] a = awaitDone(nodes.get(0), dir.resolve("done-A"));
            long[] b = awaitDone(nodes.get(1), dir.resolve("done-B"));
            System.out.printf(
                    "import from two nodes: A created %d, skipped %d by the repository, %d by the import key;"
                            + " B created %d, skipped %d by the repository, %d by the import key%n",
                    a[0], a[1], a[2], b[0], b[1], b[2]);

            int distinct = 2 * PER_NODE - SHARED;
            Map<String, Integer> onServer = new HashMap<>();
            ls.client()
                    .tasks()
                    .list(project.id(), TaskQuery.all().withPageSize(1000))
                    .forEach(task -> onServer.merge((String) task.data().get("key"), 1, Integer::sum));
            assertThat(onServer.entrySet().stream()
                            .filter(e -> e.getValue() != 1)
                            .map(e -> e.getKey() + " x" + e.getValue())
                            .collect(Collectors.toList()))
                    .as("keys on the server more than once")
                    .isEmpty();
            assertThat(onServer).hasSize(distinct);
            assertThat(a[0] + b[0]).as("created by the two nodes").isEqualTo(distinct);
            assertThat(a[1] + b[1] + a[2] + b[2]).as("skipped").isEqualTo(SHARED);
            assertThat(processedKeys(db)).as("keys in the shared repository").isEqualTo(distinct);
        } finally {
            for (NodeProcess node : nodes) {
                node.close();
            }
            db.dispose();
            h2.stop();
        }
    }

    private NodeProcess start(String name, Project project, String jdbcUrl, int ownFrom, int ownTo, Path go, Path dir)
            throws IOException {
        return NodeProcess.start(
                "import-node-" + name,
                ImportNode.class,
                Map.of("LABEL_STUDIO_URL", server.url(), "LABEL_STUDIO_API_KEY", server.legacyToken()),
                name,
                Long.toString(project.id()),
                jdbcUrl,
                Integer.toString(ownFrom),
                Integer.toString(ownTo),
                Integer.toString(SHARED),
                go.toString(),
                dir.resolve("done-" + name).toString());
    }

    /** Waits for the node to write its counts (created, skipped by the repository, skipped by the import key). */
    private static long[] awaitDone(NodeProcess node, Path done) {
        // the node writes the file, then exits: a file seen while it is written may still be empty
        String[] counts = await(node + "'s counts")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            boolean ended = !node.isAlive(); // before the look at the file: it was written by then
                            if (Files.exists(done)) {
                                return Files.readString(done).trim().split(" ");
                            }
                            if (ended) {
                                throw new AssertionError(node + " ended without its counts; see target/test-logs/nodes/"
                                        + node.name() + ".out");
                            }
                            return new String[0];
                        },
                        words -> words.length == 3);
        return new long[] {Long.parseLong(counts[0]), Long.parseLong(counts[1]), Long.parseLong(counts[2])};
    }

    private static int processedKeys(JdbcConnectionPool db) throws SQLException {
        try (Connection connection = db.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE"
                        + " processorName = '" + ImportNode.REPOSITORY + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
