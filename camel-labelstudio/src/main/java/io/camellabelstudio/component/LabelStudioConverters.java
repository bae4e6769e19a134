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

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;

import org.apache.camel.Converter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.camellabelstudio.client.AuthScheme;
import io.camellabelstudio.client.StorageType;
import io.camellabelstudio.client.StoragesApi.Direction;
import io.camellabelstudio.client.http.Json;
import io.camellabelstudio.client.model.ApiObject;
import io.camellabelstudio.client.model.ImportResult;

/**
 * Turns the client's model objects ({@code Project}, ...) into a {@link Map} or JSON, with every field the server sent,
 * so that simple language, jsonpath and {@code marshal().json()} work on them; and reads the enum options from their
 * names, failing with the valid ones.
 */
@Converter(generateLoader = true)
public final class LabelStudioConverters {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private LabelStudioConverters() {}

    @Converter
    public static Map<String, Object> toMap(ApiObject value) {
        return Json.mapper().convertValue(value, MAP);
    }

    @Converter
    public static Map<String, Object> toMap(ImportResult value) {
        return Json.mapper().convertValue(value, MAP);
    }

    @Converter
    public static String toJson(ImportResult value) throws JsonProcessingException {
        return Json.mapper().writeValueAsString(value);
    }

    @Converter
    public static String toJson(ApiObject value) throws JsonProcessingException {
        return Json.mapper().writeValueAsString(value);
    }

    @Converter
    public static byte[] toBytes(ApiObject value) throws JsonProcessingException {
        return Json.mapper().writeValueAsBytes(value);
    }

    @Converter
    public static InputStream toInputStream(ApiObject value) throws JsonProcessingException {
        return new ByteArrayInputStream(toBytes(value));
    }

    @Converter
    public static LabelStudioOperation toOperation(String value) {
        return OptionEnums.valueOf(LabelStudioOperation.class, value);
    }

    @Converter
    public static TaskFields toTaskFields(String value) {
        return OptionEnums.valueOf(TaskFields.class, value);
    }

    @Converter
    public static TaskEvent toTaskEvent(String value) {
        return OptionEnums.valueOf(TaskEvent.class, value);
    }

    @Converter
    public static AuthScheme toAuthScheme(String value) {
        return OptionEnums.valueOf(AuthScheme.class, value);
    }

    @Converter
    public static StorageType toStorageType(String value) {
        return OptionEnums.valueOf(StorageType.class, value);
    }

    @Converter
    public static Direction toDirection(String value) {
        return OptionEnums.valueOf(Direction.class, value);
    }
}
