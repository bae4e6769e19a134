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
package io.camellabelstudio.examples.cloud;

import java.nio.charset.StandardCharsets;

import com.google.cloud.storage.Blob;

/**
 * Reads the objects that the google-storage consumer hands over with {@code includeBody=false}. Java because
 * {@code Blob.getContent(BlobSourceOption...)} is a varargs method, which simple's method calls do not reach
 * ({@code ${body.getContent()}} finds no method without parameters).
 */
public final class GcsObjects {

    private GcsObjects() {}

    /** The object's content as UTF-8 text (downloaded now, through the client that listed it). */
    public static String readText(Blob blob) {
        return new String(blob.getContent(), StandardCharsets.UTF_8);
    }
}
