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
package io.camellabelstudio.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Checks the S3 test infrastructure: the {@link S3Server} stand-in and the {@link S3Objects} client. */
@ExtendWith(S3ServerExtension.class)
class S3ObjectsIT {

    @Test
    void putsListsAndGetsObjectsInAFreshBucket(S3Server server) {
        S3Objects s3 = new S3Objects(server);
        String bucket = "it-" + UUID.randomUUID();
        s3.createBucket(bucket);

        assertThat(s3.list(bucket, "")).isEmpty();

        s3.put(bucket, "tasks/b.json", "{\"text\": \"b\"}");
        s3.put(bucket, "tasks/a b.json", "{\"text\": \"ä\"}");
        s3.put(bucket, "other/c.json", "{}");

        assertThat(s3.list(bucket, "tasks/")).containsExactly("tasks/a b.json", "tasks/b.json");
        assertThat(s3.list(bucket, null)).containsExactly("other/c.json", "tasks/a b.json", "tasks/b.json");
        assertThat(s3.get(bucket, "tasks/a b.json")).isEqualTo("{\"text\": \"ä\"}");
    }
}
