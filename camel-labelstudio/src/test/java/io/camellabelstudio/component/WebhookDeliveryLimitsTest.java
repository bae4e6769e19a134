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
package io.camellabelstudio.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import io.camellabelstudio.component.consumer.LabelStudioWebhookConsumer;

/**
 * The webhooks consumer bounds what a request to its path can cost: a delivery over maxDeliveryBytes is refused with
 * 413 without being read whole (by its Content-Length, or by reading a chunked body only up to the limit), and
 * refusals are counted and logged at most once a minute. Raw sockets play the sender, to send a body that never ends.
 */
class WebhookDeliveryLimitsTest extends WebhookConsumerTestSupport {

    private static final String EVENT = "{\"action\": \"TASKS_CREATED\", \"project\": {\"id\": 5}, \"tasks\": [";

    @Test
    void aDeliveryAnnouncingMoreThanTheLimitIsRefusedBeforeItsBodyArrives() throws Exception {
        startRoute("projectId=5&maxDeliveryBytes=1048576&webhookSecret=" + SECRET + "&webhookUrl=" + hookUrl("/hook"));

        try (Socket socket = new Socket("127.0.0.1", httpPort)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + SECRET_HEADER
                            + ": " + SECRET + "\r\nContent-Length: 500000000\r\n\r\n" + EVENT)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // the rest of the 500 MB is never sent: the answer comes anyway
            assertThat(statusLine(socket)).startsWith("HTTP/1.1 413");
        }
        assertThat(received).isEmpty();
        assertThat(consumer().getRefusedRequests(413)).isEqualTo(1);
    }

    @Test
    void aChunkedDeliveryIsReadOnlyUpToTheLimit() throws Exception {
        startRoute("projectId=5&maxDeliveryBytes=1048576&webhookSecret=" + SECRET + "&webhookUrl=" + hookUrl("/hook"));
        AtomicLong sent = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();

        try (Socket socket = new Socket("127.0.0.1", httpPort)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + SECRET_HEADER
                            + ": " + SECRET + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Thread sender = new Thread(() -> {
                byte[] data = new byte[64 * 1024];
                Arrays.fill(data, (byte) ' ');
                byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                byte[] end = "\r\n".getBytes(StandardCharsets.US_ASCII);
                try {
                    while (!stop.get() && sent.get() < 1L << 30) { // up to 1 GiB, if nobody stops it
                        out.write(size);
                        out.write(data);
                        out.write(end);
                        sent.addAndGet(data.length);
                    }
                } catch (IOException e) {
                    // the server dropped the connection: expected
                }
            });
            sender.setDaemon(true);
            sender.start();

            assertThat(statusLine(socket)).startsWith("HTTP/1.1 413");
            stop.set(true);
        }
        assertThat(sent.get()).as("bytes sent before the answer").isLessThan(64L * 1024 * 1024);
        assertThat(received).isEmpty();
        assertThat(consumer().getRefusedRequests(413)).isEqualTo(1);
    }

    @Test
    void deliveriesUpToTheLimitAreAcceptedLongerOnesRefused() throws Exception {
        startRoute("projectId=5&maxDeliveryBytes=2000&webhookSecret=" + SECRET + "&webhookUrl=" + hookUrl("/hook"));

        assertThat(post("/hook", event(2000), Map.of(SECRET_HEADER, SECRET)).statusCode())
                .isEqualTo(200);
        assertThat(post("/hook", event(2001), Map.of(SECRET_HEADER, SECRET)).statusCode())
                .isEqualTo(413);
        assertThat(received).hasSize(1);
    }

    @Test
    void refusalsAreCountedAndLoggedAtABoundedRate() throws Exception {
        try (LogCapture logs = LogCapture.capture(Level.INFO)) {
            startRoute("projectId=5&maxDeliveryBytes=2000&webhookSecret=" + SECRET + "&webhookUrl=" + hookUrl("/hook"));
            for (int i = 0; i < 30; i++) {
                assertThat(post("/hook", event(100), Map.of(SECRET_HEADER, "wrong"))
                                .statusCode())
                        .isEqualTo(401);
            }
            for (int i = 0; i < 5; i++) {
                assertThat(post("/hook", "not json", Map.of(SECRET_HEADER, SECRET))
                                .statusCode())
                        .isEqualTo(400);
            }
            assertThat(post("/hook", event(3000), Map.of(SECRET_HEADER, SECRET)).statusCode())
                    .isEqualTo(413);

            LabelStudioWebhookConsumer consumer = consumer();
            assertThat(consumer.getRefusedRequests()).isEqualTo(36);
            assertThat(consumer.getRefusedRequests(401)).isEqualTo(30);
            assertThat(consumer.getRefusedRequests(400)).isEqualTo(5);
            assertThat(consumer.getRefusedRequests(413)).isEqualTo(1);
            // (LogCapture sees an event once per logger config it is attached to: distinct lines)
            assertThat(logs.lines().stream().distinct().toList())
                    .filteredOn(line -> line.contains("Refused a request to the webhook path"))
                    .singleElement()
                    .satisfies(line -> assertThat(line)
                            .contains("X-LabelStudio-Webhook-Secret header (401)")
                            .contains("Logged at most once per minute")
                            .doesNotContain(SECRET));
        }
        assertThat(received).isEmpty();
    }

    @Test
    void aLimitBelowOneFailsTheStartNamingTheOption() throws Exception {
        assertStartFails(
                camel,
                "labelstudio:webhooks?projectId=5&maxDeliveryBytes=0&webhookUrl=" + hookUrl("/hook"),
                "maxDeliveryBytes");
    }

    /** A TASKS_CREATED event of exactly {@code bytes} bytes (padded with spaces). */
    private static String event(int bytes) {
        String json = EVENT + "]}";
        return EVENT + " ".repeat(bytes - json.length()) + "]}";
    }

    private LabelStudioWebhookConsumer consumer() {
        return (LabelStudioWebhookConsumer) camel.getRoute("hooks").getConsumer();
    }

    private static String statusLine(Socket socket) throws IOException {
        BufferedReader in =
                new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        String line = in.readLine();
        return line == null ? "(connection closed without an answer)" : line;
    }
}
