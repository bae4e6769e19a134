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
package io.camellabelstudio.examples.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

class S3EventRecordsTest {

    @Test
    void eachCreatedObjectOfTheEventWithItsKeyDecoded() {
        // as AWS documents the event (two records here; AWS sends one per object, moto too)
        String event = """
                {"Records": [
                  {"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "eu-west-1",
                   "eventName": "ObjectCreated:Put",
                   "s3": {"s3SchemaVersion": "1.0", "bucket": {"name": "reviews", "arn": "arn:aws:s3:::reviews"},
                          "object": {"key": "in/red+flower%C3%A9.txt", "size": 12}}},
                  {"eventName": "ObjectCreated:CompleteMultipartUpload",
                   "s3": {"bucket": {"name": "reviews"}, "object": {"key": "in%2Fbig.txt"}}},
                  {"eventName": "ObjectRemoved:Delete",
                   "s3": {"bucket": {"name": "reviews"}, "object": {"key": "in/old.txt"}}}]}""";

        assertThat(S3EventRecords.createdObjects(event))
                .containsExactly(
                        Map.of(
                                "bucket",
                                "reviews",
                                "key",
                                "in/red floweré.txt",
                                "source",
                                "s3://reviews/in/red floweré.txt"),
                        Map.of("bucket", "reviews", "key", "in/big.txt", "source", "s3://reviews/in/big.txt"));
    }

    @Test
    void theTestEventGivesNoObject() {
        String testEvent = """
                {"Service": "Amazon S3", "Event": "s3:TestEvent", "Time": "2026-11-28T15:53:58.232Z",
                 "Bucket": "reviews", "RequestId": "5582815E1AEA5ADF", "HostId": "8cLeGAmw"}""";

        assertThat(S3EventRecords.createdObjects(testEvent)).isEmpty();
    }

    @Test
    void anEventThatCameThroughSnsIsUnwrapped() {
        String inner = "{\"Records\": [{\"eventName\": \"ObjectCreated:Copy\","
                + " \"s3\": {\"bucket\": {\"name\": \"reviews\"}, \"object\": {\"key\": \"a.txt\"}}}]}";
        String sns = "{\"Type\": \"Notification\", \"TopicArn\": \"arn:aws:sns:us-east-1:1:t\", \"Message\": \""
                + new String(JsonStringEncoder.getInstance().quoteAsString(inner)) + "\"}";

        List<Map<String, String>> objects = S3EventRecords.createdObjects(sns);

        assertThat(objects)
                .containsExactly(Map.of("bucket", "reviews", "key", "a.txt", "source", "s3://reviews/a.txt"));
    }

    @Test
    void aMessageThatIsNotJsonFailsWithAClearMessage() {
        assertThatThrownBy(() -> S3EventRecords.createdObjects("hello"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an S3 event notification");
    }

    @Test
    void aCreatedRecordWithoutKeyIsAnError() {
        assertThatThrownBy(
                        () -> S3EventRecords.createdObjects(
                                "{\"Records\": [{\"eventName\": \"ObjectCreated:Put\", \"s3\": {\"bucket\": {\"name\": \"b\"}}}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without bucket name or object key");
    }
}
