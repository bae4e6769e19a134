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

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.h2.jdbcx.JdbcConnectionPool;
import org.springframework.dao.DuplicateKeyException;

import io.camellabelstudio.component.LabelStudioComponent;
import io.camellabelstudio.component.LabelStudioConstants;

/**
 * One of the two nodes of {@link ImportFromTwoNodesIT}: a JVM with its own CamelContext and component (so nothing is
 * shared with the other node but the database), importing one task per event with {@code importKey}, behind an
 * idempotent consumer keyed by the import key whose repository (camel-sql's {@link JdbcMessageIdRepository}) is in a
 * database both nodes reach: the recipe of docs/several-instances.md, "Importing from several nodes".
 *
 * <p>Arguments: node name, projectId, JDBC URL, the first and the last key number of its own tasks (after the shared
 * keys 0 to shared - 1), shared, go file (waited for), done file (written with "created skipped-by-repository
 * skipped-by-import-key"). The environment gives LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY.
 */
public final class ImportNode {

    static final String REPOSITORY = "labelstudio-import";

    private ImportNode() {}

    public static void main(String[] args) throws Exception {
        String node = args[0];
        long projectId = Long.parseLong(args[1]);
        String jdbcUrl = args[2];
        int ownFrom = Integer.parseInt(args[3]);
        int ownTo = Integer.parseInt(args[4]);
        int shared = Integer.parseInt(args[5]);
        Path go = Paths.get(args[6]);
        Path done = Paths.get(args[7]);

        CamelContext camel = new DefaultCamelContext();
        LabelStudioComponent component = new LabelStudioComponent();
        component.getConfiguration().setUrl(System.getenv("LABEL_STUDIO_URL"));
        component.getConfiguration().setApiKey(System.getenv("LABEL_STUDIO_API_KEY"));
        camel.addComponent("labelstudio", component);
        JdbcConnectionPool db = JdbcConnectionPool.create(jdbcUrl, "sa", "");
        JdbcMessageIdRepository imported = new JdbcMessageIdRepository(db, REPOSITORY);

        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // one event per task, as from an object store's notifications; the key passes on one node only
                from("direct:task-events")
                        .routeId("import-" + node)
                        .idempotentConsumer(simple("${body[key]}"), imported)
                        .to("labelstudio:tasks?operation=import&importKey=key&projectId=" + projectId);
            }
        });
        camel.start();

        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < shared; i++) {
            events.add(Map.of("text", "shared " + i + " from " + node, "key", "key-" + i));
        }
        for (int i = ownFrom; i <= ownTo; i++) {
            events.add(Map.of("text", "own " + i + " from " + node, "key", "key-" + i));
        }
        // both nodes start together: the shared keys meet
        await("the go file")
                .atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> Files.exists(go));
        long created = 0;
        long skippedByRepository = 0;
        long skippedByImportKey = 0;
        try (ProducerTemplate template = camel.createProducerTemplate()) {
            for (Map<String, Object> event : events) {
                Exchange result =
                        template.send("direct:task-events", e -> e.getIn().setBody(event));
                if (result.getException() != null && !tookByTheOtherNode(result.getException())) {
                    throw result.getException();
                }
                if (result.getException() != null
                        || Boolean.TRUE.equals(result.getProperty(Exchange.DUPLICATE_MESSAGE, Boolean.class))) {
                    skippedByRepository++;
                } else {
                    created += result.getMessage().getHeader(LabelStudioConstants.TASK_COUNT, 0L, Long.class);
                    skippedByImportKey +=
                            result.getMessage().getHeader(LabelStudioConstants.SKIPPED_COUNT, 0L, Long.class);
                }
            }
        }
        camel.stop();
        db.dispose();
        Files.writeString(done, created + " " + skippedByRepository + " " + skippedByImportKey);
    }

    /**
     * The repository's check and insert are two statements: when both nodes check the same new key at once, the
     * second insert fails on the primary key. That node's exchange fails before it imports anything, which is what
     * the recipe needs (the other node imports the key); a source that redelivers the event finds the key taken.
     */
    private static boolean tookByTheOtherNode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DuplicateKeyException) {
                return true;
            }
        }
        return false;
    }
}
