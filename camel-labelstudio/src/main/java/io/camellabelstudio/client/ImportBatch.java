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
package io.camellabelstudio.client;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * The tasks of one import request, already serialized: the JSON list the request sends. Each task is kept as its own
 * JSON text, so that tasks whose import key exists can be dropped without serializing again, and the request's size
 * is known before it is sent.
 */
final class ImportBatch {

    private final List<byte[]> tasks = new ArrayList<>();
    private final List<ImportKeys.Key> keys = new ArrayList<>();
    private long bytes = 2; // the list's brackets

    /** Whether a task of {@code json.length} bytes still fits under {@code maxBytes}; the first task always fits. */
    boolean fits(byte[] json, long maxBytes) {
        return tasks.isEmpty() || bytes + 1 + json.length <= maxBytes;
    }

    /** Adds a task's JSON, with its import key (null without importKey). */
    void add(byte[] json, ImportKeys.Key key) {
        bytes += (tasks.isEmpty() ? 0 : 1) + json.length;
        tasks.add(json);
        keys.add(key);
    }

    int size() {
        return tasks.size();
    }

    boolean isEmpty() {
        return tasks.isEmpty();
    }

    /** The import keys, one per task, in order (nulls without importKey). */
    List<ImportKeys.Key> keys() {
        return keys;
    }

    /** A copy without the tasks at the given positions (0-based). */
    ImportBatch without(Set<Integer> positions) {
        ImportBatch kept = new ImportBatch();
        for (int i = 0; i < tasks.size(); i++) {
            if (!positions.contains(i)) {
                kept.add(tasks.get(i), keys.get(i));
            }
        }
        return kept;
    }

    /** The JSON list of the tasks, as an entity of known length. */
    HttpEntity entity() {
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("An import request of " + bytes + " bytes is too large to send");
        }
        Body body = new Body((int) bytes);
        body.write('[');
        for (int i = 0; i < tasks.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.write(tasks.get(i), 0, tasks.get(i).length);
        }
        body.write(']');
        return body.entity();
    }

    /** A byte buffer whose array becomes the entity without a copy. */
    private static final class Body extends ByteArrayOutputStream {
        Body(int size) {
            super(size);
        }

        HttpEntity entity() {
            return new ByteArrayEntity(buf, 0, count, ContentType.APPLICATION_JSON);
        }
    }
}
