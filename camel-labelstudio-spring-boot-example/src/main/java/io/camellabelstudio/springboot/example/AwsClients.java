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
package io.camellabelstudio.springboot.example;

import java.net.URI;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The S3 and SQS clients the routes use: the aws2-s3 and aws2-sqs components take the one bean of each type from the
 * registry. {@code example.aws.endpoint} empty means AWS itself; a URL (moto, LocalStack, MinIO) is used with
 * path-style addressing. Without {@code example.aws.access-key} the SDK's default credentials chain applies.
 */
@Configuration(proxyBeanMethods = false)
public class AwsClients {

    private final Region region;
    private final String endpoint;
    private final AwsCredentialsProvider credentials;

    public AwsClients(
            @Value("${example.aws.region:us-east-1}") String region,
            @Value("${example.aws.endpoint:}") String endpoint,
            @Value("${example.aws.access-key:}") String accessKey,
            @Value("${example.aws.secret-key:}") String secretKey) {
        this.region = Region.of(region);
        this.endpoint = endpoint.trim();
        this.credentials = accessKey.isBlank()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }

    @Bean(destroyMethod = "close")
    public S3Client s3Client() {
        var builder = S3Client.builder().region(region).credentialsProvider(credentials);
        if (!endpoint.isEmpty()) {
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        }
        return builder.build();
    }

    @Bean(destroyMethod = "close")
    public SqsClient sqsClient() {
        var builder = SqsClient.builder().region(region).credentialsProvider(credentials);
        if (!endpoint.isEmpty()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }
}
