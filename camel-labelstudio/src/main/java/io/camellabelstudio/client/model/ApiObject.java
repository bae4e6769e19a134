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
package io.camellabelstudio.client.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.core.type.TypeReference;

import io.camellabelstudio.client.http.Json;

/**
 * An object read from Label Studio. Subclasses give typed access to the fields most used; every other field the server
 * sent is kept (see {@link #otherFields()}) and written back out when the object is serialized, so nothing is lost
 * when a newer server adds fields.
 */
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE,
        setterVisibility = Visibility.NONE)
public abstract class ApiObject {

    private final Map<String, Object> otherFields = new LinkedHashMap<>();

    @JsonAnySetter
    void putOtherField(String name, Object value) {
        otherFields.put(name, value);
    }

    /** The fields the server sent that have no typed accessor, by their JSON name. */
    @JsonAnyGetter
    public Map<String, Object> otherFields() {
        return Collections.unmodifiableMap(otherFields);
    }

    /**
     * The fields a client may send back to create or change such an object: every field, minus those the server
     * computes ({@link #serverComputedFields()}). Lets an object read from one project seed another.
     */
    public Map<String, Object> writableFields() {
        Map<String, Object> fields = Json.mapper().convertValue(this, new TypeReference<Map<String, Object>>() {});
        fields.keySet().removeAll(serverComputedFields());
        return fields;
    }

    /** JSON names of the fields the server computes and rejects or ignores on input (ids, counters, owners). */
    protected Set<String> serverComputedFields() {
        return Set.of("id");
    }

    /** A field without typed accessor, by its JSON name (e.g. {@code "show_skip_button"}); null when absent. */
    public Object field(String jsonName) {
        return otherFields.get(jsonName);
    }
}
