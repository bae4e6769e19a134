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
package io.camellabelstudio.client.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import jdk.net.ExtendedSocketOptions;

/** Reads that ask for an immediate acknowledgement: the option is set before every read, and failures stay quiet. */
class QuickAckSocketHolderTest {

    /** A socket that records the options set on it, in order with the reads of {@link #events}. */
    private static final class RecordingSocket extends Socket {
        final List<String> events;
        boolean fail;

        RecordingSocket(List<String> events) {
            this.events = events;
        }

        @Override
        public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
            if (fail) {
                events.add("refused " + name.name());
                throw new SocketException("Socket is closed");
            }
            events.add(name.name() + "=" + value);
            return this;
        }
    }

    private static InputStream recordingReads(String text, List<String> events) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)) {
            @Override
            public synchronized int read() {
                events.add("read");
                return super.read();
            }

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                events.add("read " + len);
                return super.read(b, off, len);
            }
        };
    }

    @Test
    void theOptionIsSetBeforeEveryReadOfAnAnswersStart() throws IOException {
        List<String> events = new ArrayList<>();
        RecordingSocket socket = new RecordingSocket(events);
        InputStream in = new QuickAckSocketHolder.QuickAckInputStream(
                recordingReads("abcdef", events), socket, new QuickAckSocketHolder.AnswerProgress());

        assertThat(in.read()).isEqualTo('a');
        assertThat(in.read(new byte[2], 0, 2)).isEqualTo(2);
        assertThat(in.read(new byte[8])).isEqualTo(3);

        assertThat(events)
                .containsExactly(
                        "TCP_QUICKACK=true", "read", "TCP_QUICKACK=true", "read 2", "TCP_QUICKACK=true", "read 8");
    }

    @Test
    void aRefusedOptionLeavesTheReadsAloneAndIsNotTriedAgain() throws IOException {
        List<String> events = new ArrayList<>();
        RecordingSocket socket = new RecordingSocket(events);
        socket.fail = true;
        InputStream in = new QuickAckSocketHolder.QuickAckInputStream(
                recordingReads("xy", events), socket, new QuickAckSocketHolder.AnswerProgress());

        assertThat(in.read()).isEqualTo('x');
        assertThat(in.read()).isEqualTo('y');

        assertThat(events).containsExactly("refused TCP_QUICKACK", "read", "read");
    }

    @Test
    void pastTheFirst64KbOfAnAnswerReadsAreLeftAloneUntilTheNextRequestIsWritten() throws IOException {
        List<String> events = new ArrayList<>();
        RecordingSocket socket = new RecordingSocket(events);
        QuickAckSocketHolder.AnswerProgress progress = new QuickAckSocketHolder.AnswerProgress();
        InputStream in = new QuickAckSocketHolder.QuickAckInputStream(
                new ByteArrayInputStream(new byte[200 * 1024]), socket, progress);
        OutputStream out =
                new QuickAckSocketHolder.AnswerStartingOutputStream(OutputStream.nullOutputStream(), progress);
        byte[] piece = new byte[16 * 1024];

        for (int i = 0; i < 6; i++) {
            assertThat(in.read(piece)).isEqualTo(piece.length);
        }
        assertThat(events)
                .as("4 reads of 16 KB reach 64 KB; the next two go without")
                .hasSize(4);

        out.write("GET /api/tasks/1/ HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(in.read(piece)).isEqualTo(piece.length);
        assertThat(events)
                .as("a new request: its answer's start is acknowledged again")
                .hasSize(5);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aLinuxTcpSocketGetsTheQuickAckStreamAndReadsThroughIt() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            assertThat(client.supportedOptions()).contains(ExtendedSocketOptions.TCP_QUICKACK);
            InputStream in = new QuickAckSocketHolder(client).getInputStream();
            assertThat(in).isInstanceOf(QuickAckSocketHolder.QuickAckInputStream.class);

            OutputStream out = accepted.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] buffer = new byte[64];
            int n = in.read(buffer);
            assertThat(new String(buffer, 0, n, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1");
        }
    }
}
