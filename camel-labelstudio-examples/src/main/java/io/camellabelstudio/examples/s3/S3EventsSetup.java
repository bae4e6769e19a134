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

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Creates, if missing, what the S3 example routes need: the buckets, the SQS queue, a queue policy that lets S3 send
 * to it, and the bucket's notification configuration that delivers every {@code s3:ObjectCreated:*} event to the
 * queue. Every step is idempotent: running it again changes nothing, and notification configurations of the bucket
 * that target other queues, topics or functions are kept.
 *
 * <p>With an endpoint (moto, MinIO, LocalStack) the clients use it with path-style addressing; with none they talk
 * to AWS. Without an access key the SDK's default credentials chain applies (environment, profile, instance role).
 * Credentials are never logged.
 */
public final class S3EventsSetup implements AutoCloseable {

    private final S3Client s3;
    private final SqsClient sqs;
    private final boolean ownsClients;

    /** Uses the given clients (not closed by {@link #close()}). */
    public S3EventsSetup(S3Client s3, SqsClient sqs) {
        this(s3, sqs, false);
    }

    private S3EventsSetup(S3Client s3, SqsClient sqs, boolean ownsClients) {
        this.s3 = s3;
        this.sqs = sqs;
        this.ownsClients = ownsClients;
    }

    /**
     * Connects to {@code endpoint} (blank: AWS) in {@code region} with the access key (blank: the default credentials
     * chain), as the routes do with the {@code demo.s3.*} properties.
     */
    public static S3EventsSetup connect(String endpoint, String region, String accessKey, String secretKey) {
        AwsCredentialsProvider credentials = isBlank(accessKey)
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        Region awsRegion = Region.of(isBlank(region) ? "us-east-1" : region);
        var s3 = S3Client.builder().region(awsRegion).credentialsProvider(credentials);
        var sqs = SqsClient.builder().region(awsRegion).credentialsProvider(credentials);
        if (!isBlank(endpoint)) {
            URI uri = URI.create(endpoint.trim());
            s3.endpointOverride(uri).forcePathStyle(true);
            sqs.endpointOverride(uri);
        }
        return new S3EventsSetup(s3.build(), sqs.build(), true);
    }

    /**
     * Sets up the example: {@code eventsBucket} whose new objects are announced on {@code queueName}, plus further
     * buckets (e.g. the exports bucket) that only need to exist. Returns the queue's URL.
     */
    public String setUp(String eventsBucket, String queueName, String... otherBuckets) {
        createBucket(eventsBucket);
        for (String bucket : otherBuckets) {
            if (!isBlank(bucket)) {
                createBucket(bucket);
            }
        }
        String queueUrl = createQueue(queueName, eventsBucket);
        notifyQueueOfCreatedObjects(eventsBucket, queueUrl);
        return queueUrl;
    }

    /** Creates the bucket unless it exists and is ours. */
    public void createBucket(String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return;
        } catch (NoSuchBucketException missing) {
            // create it below
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException alreadyThere) {
            // created meanwhile
        }
    }

    /**
     * Creates the queue unless it exists, and gives it a policy that lets S3 send the notifications of
     * {@code bucket} to it (AWS checks it when the notification configuration is written). Returns the queue's URL.
     */
    public String createQueue(String queueName, String bucket) {
        String queueUrl;
        try {
            queueUrl = sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
        } catch (SqsException e) {
            if (!isMissingQueue(e)) {
                throw e;
            }
            queueUrl = sqs.createQueue(r -> r.queueName(queueName)).queueUrl();
        }
        String queueArn = queueArn(queueUrl);
        String policy = """
                {"Version": "2012-10-17",
                 "Statement": [{"Sid": "camel-labelstudio-s3-notifications",
                                "Effect": "Allow",
                                "Principal": {"Service": "s3.amazonaws.com"},
                                "Action": "sqs:SendMessage",
                                "Resource": "%s",
                                "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::%s"}}}]}""".formatted(queueArn, bucket);
        String url = queueUrl;
        sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, policy)));
        return queueUrl;
    }

    // SQS answers QueueDoesNotExist; servers that speak the older query protocol (moto) say
    // AWS.SimpleQueueService.NonExistentQueue, which the SDK does not map to QueueDoesNotExistException
    private static boolean isMissingQueue(SqsException e) {
        if (e instanceof QueueDoesNotExistException) {
            return true;
        }
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code != null && (code.contains("NonExistentQueue") || code.contains("QueueDoesNotExist"));
    }

    /** The queue's ARN, as S3 notification configurations name queues. */
    public String queueArn(String queueUrl) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    /**
     * Adds a queue configuration for {@code s3:ObjectCreated:*} of the bucket to the queue, keeping the bucket's
     * other notification configurations; nothing is written when it is already there. Returns whether it was added.
     */
    public boolean notifyQueueOfCreatedObjects(String bucket, String queueUrl) {
        String queueArn = queueArn(queueUrl);
        GetBucketNotificationConfigurationResponse current =
                s3.getBucketNotificationConfiguration(b -> b.bucket(bucket));
        for (QueueConfiguration existing : current.queueConfigurations()) {
            if (queueArn.equals(existing.queueArn())
                    && existing.events().contains(Event.S3_OBJECT_CREATED)
                    && existing.filter() == null) {
                return false;
            }
        }
        List<QueueConfiguration> queues = new ArrayList<>(current.queueConfigurations());
        queues.add(QueueConfiguration.builder()
                .id("camel-labelstudio-object-created")
                .queueArn(queueArn)
                .events(Event.S3_OBJECT_CREATED)
                .build());
        NotificationConfiguration updated = NotificationConfiguration.builder()
                .queueConfigurations(queues)
                .topicConfigurations(current.topicConfigurations())
                .lambdaFunctionConfigurations(current.lambdaFunctionConfigurations())
                .eventBridgeConfiguration(current.eventBridgeConfiguration())
                .build();
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(updated));
        return true;
    }

    public S3Client s3() {
        return s3;
    }

    public SqsClient sqs() {
        return sqs;
    }

    @Override
    public void close() {
        if (ownsClients) {
            s3.close();
            sqs.close();
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
