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

import java.nio.file.Files;
import java.nio.file.Paths;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.h2.jdbcx.JdbcConnectionPool;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import io.camellabelstudio.component.LabelStudioComponent;
import io.camellabelstudio.component.LabelStudioConstants;

/**
 * One of the two nodes of {@link TwoNodesIT}: a {@code labelstudio:tasks} consumer behind Camel's leader election
 * ({@code master:} with ZooKeeper's cluster service), its mark in a database both nodes reach
 * ({@link JdbcStateRepository}), and each task written to the table {@code DELIVERED} together with its id in
 * camel-sql's {@link JdbcMessageIdRepository}, in one transaction: a kill before the commit leaves neither, a kill
 * after it leaves both (and the next leader skips the task as a duplicate).
 *
 * <p>Arguments: node name, projectId, ZooKeeper connect string, JDBC URL, ready file. The environment gives
 * LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY.
 */
public final class LeaderNode {

    static final String NAMESPACE = "labelstudio-tasks";

    private LeaderNode() {}

    public static void main(String[] args) throws Exception {
        String node = args[0];
        long projectId = Long.parseLong(args[1]);
        String zooKeeper = args[2];
        String jdbcUrl = args[3];

        CamelContext camel = new DefaultCamelContext();
        LabelStudioComponent component = new LabelStudioComponent();
        component.getConfiguration().setUrl(System.getenv("LABEL_STUDIO_URL"));
        component.getConfiguration().setApiKey(System.getenv("LABEL_STUDIO_API_KEY"));
        camel.addComponent("labelstudio", component);

        // Leader election: the session timeout bounds how long a dead leader keeps its leadership
        ZooKeeperClusterService cluster = new ZooKeeperClusterService();
        cluster.setId(node);
        cluster.setNodes(zooKeeper);
        cluster.setBasePath("/camel-labelstudio/cluster");
        // in milliseconds: the one setter Camel 4.14 and 4.18 have alike (4.18 dropped the TimeUnit overloads and
        // renamed
        // the connection timeout, whose default is kept)
        cluster.setSessionTimeout(3000);
        camel.addService(cluster);

        JdbcConnectionPool db = JdbcConnectionPool.create(jdbcUrl, "sa", "");
        camel.getRegistry().bind("db", db);
        camel.getRegistry().bind("marks", new JdbcStateRepository(db));
        camel.getRegistry().bind("required", new SpringTransactionPolicy(new DataSourceTransactionManager(db)));
        JdbcMessageIdRepository processed = new JdbcMessageIdRepository(db, NAMESPACE);

        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:" + NAMESPACE + ":labelstudio:tasks?projectId=" + projectId
                                + "&event=created&startFrom=beginning&stateRepository=#marks"
                                + "&maxMessagesPerPoll=25&delay=100&initialDelay=0")
                        .routeId("tasks")
                        .transacted("required")
                        .idempotentConsumer(header(LabelStudioConstants.TASK_ID), processed)
                        .setHeader("node", constant(node))
                        .setHeader("deliveredAt", () -> System.currentTimeMillis())
                        .to("sql:INSERT INTO DELIVERED (task_id, node, delivered_at)"
                                + " VALUES (:#CamelLabelStudioTaskId, :#node, :#deliveredAt)?dataSource=#db");
            }
        });
        camel.start();

        Files.writeString(
                Paths.get(args[4]), Long.toString(ProcessHandle.current().pid()));
        Thread.currentThread().join(); // until killed
    }
}
