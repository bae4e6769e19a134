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
package io.camellabelstudio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.camellabelstudio.client.ImportOptions;
import io.camellabelstudio.client.TaskQuery;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioIT;
import io.camellabelstudio.it.LabelStudioServer;

/**
 * The Kafka branch of routes/completed-to-downstream.camel.yaml. Needs a Kafka broker, so it runs only when
 * {@code DEMO_KAFKA_BROKERS} names one (docs/recipes/completed-to-downstream.md shows how to start one from the Kafka
 * jars on Maven Central); the build has no broker and skips it.
 */
@EnabledIfEnvironmentVariable(named = "DEMO_KAFKA_BROKERS", matches = ".+")
class CompletedToKafkaIT extends LabelStudioIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void eachLabeledTaskBecomesOneRecordKeyedByTaskId(LabelStudioServer server) throws Exception {
        String brokers = System.getenv("DEMO_KAFKA_BROKERS");
        String topic =
                "labelstudio-completed-it-" + UUID.randomUUID().toString().substring(0, 8);
        Project project = ls.project("Completed to Kafka", LabelConfigs.TEXT_CLASSIFICATION);
        long projectId = project.id();
        ls.client()
                .tasks()
                .importTasks(
                        projectId,
                        List.of(Map.of("text", "Great kettle"), Map.of("text", "Broke at once")),
                        ImportOptions.defaults());
        List<Task> tasks = new ArrayList<>();
        ls.client()
                .tasks()
                .list(projectId, TaskQuery.all().withOrdering("tasks:id"))
                .forEach(tasks::add);
        Path file = dir.resolve("output/completed-tasks.jsonl");

        ExampleApp app = ExampleApp.start(
                server,
                "classpath:routes/completed-marks.camel.yaml,classpath:routes/completed-to-downstream.camel.yaml",
                Map.of(
                        "demo.project-id", Long.toString(projectId),
                        "demo.output.dir", dir.resolve("output").toString(),
                        "demo.state.dir", dir.resolve("state").toString(),
                        "demo.kafka.brokers", brokers,
                        "demo.kafka.topic", topic));
        app.whileRunning(() -> {
            ls.annotate(tasks.get(0).id(), "Positive");
            ls.annotate(tasks.get(1).id(), "Negative");
            Eventually.waitFor("2 lines", () -> lineCount(file) >= 2, () -> lineCount(file));
            ls.annotate(tasks.get(0).id(), "Negative"); // not labeled again: no new record
            Eventually.quietPeriod(Duration.ofSeconds(3));
        });

        List<ConsumerRecord<String, String>> records = readAll(brokers, topic);
        assertThat(records)
                .extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder(
                        tasks.get(0).id().toString(), tasks.get(1).id().toString());
        for (ConsumerRecord<String, String> record : records) {
            Map<String, Object> value = JSON.readValue(record.value(), new TypeReference<>() {});
            assertThat(value.get("task_id").toString()).isEqualTo(record.key());
            assertThat(value.get("label"))
                    .isEqualTo(record.key().equals(tasks.get(0).id().toString()) ? "Positive" : "Negative");
        }
        assertThat(lineCount(file)).isEqualTo(2);
    }

    private static long lineCount(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every record of the topic, read from the beginning until a poll brings nothing more. */
    private static List<ConsumerRecord<String, String>> readAll(String brokers, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && (records.isEmpty() || emptyPolls < 3)) {
                var batch = consumer.poll(Duration.ofSeconds(1));
                batch.forEach(records::add);
                emptyPolls = batch.isEmpty() ? emptyPolls + 1 : 0;
            }
        }
        return records;
    }
}
