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
package io.camellabelstudio.component.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class S3EventTransformerTest extends TransformerTestSupport {

    private static final List<Map<String, Object>> CREATED = List.of(
            Map.of(
                    "bucket", "reviews-inbox",
                    "key", "2026/11/great kettle!.txt",
                    "source", "s3://reviews-inbox/2026/11/great kettle!.txt"),
            Map.of("bucket", "reviews-inbox", "key", "big.txt", "source", "s3://reviews-inbox/big.txt"));

    @Test
    void aNotificationAsS3SendsItGivesItsCreatedObjectsWithDecodedKeys() {
        assertThat(objects("s3-event", sample("s3-object-created.json"))).isEqualTo(CREATED);
    }

    @Test
    void bytesAndStreamsAreReadToo() {
        String event = sample("s3-object-created.json");
        assertThat(objects("s3-event", event.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(CREATED);
        assertThat(objects("s3-event", stream(event))).isEqualTo(CREATED);
    }

    @Test
    void theSnsEnvelopeIsUnwrapped() {
        assertThat(objects("s3-event", sample("s3-event-through-sns.json"))).isEqualTo(CREATED);
    }

    @Test
    void theSqsWrappedFormIsUnwrapped() {
        assertThat(objects("s3-event", sample("s3-event-sqs-wrapped.json"))).isEqualTo(CREATED);
    }

    @Test
    void theTestEventAndRemovalsGiveNothing() {
        assertNothingFrom("s3-event", sample("s3-test-event.json"));
        assertNothingFrom("s3-event", """
                {"Records": [{"eventName": "ObjectRemoved:Delete",
                              "s3": {"bucket": {"name": "b"}, "object": {"key": "k"}}}]}""");
    }

    @Test
    void notANotificationFailsSayingWhatWasExpected() {
        assertFailsWith("s3-event", "hello", "Not an S3 event notification (not JSON)");
        assertFailsWith("s3-event", "{\"detail\": {}}", "Not an S3 event notification: no Records list");
        assertFailsWith("s3-event", "", "Empty message: expected an S3 event notification");
        assertFailsWith(
                "s3-event",
                "{\"Records\": [{\"eventName\": \"ObjectCreated:Put\", \"s3\": {\"bucket\": {\"name\": \"b\"}}}]}",
                "An ObjectCreated record without s3.bucket.name or s3.object.key");
    }
}
