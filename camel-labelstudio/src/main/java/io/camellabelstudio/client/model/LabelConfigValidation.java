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

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to a label config validation that passed. An invalid config raises a
 * {@link io.camellabelstudio.client.error.ValidationException} with the server's message instead.
 */
public final class LabelConfigValidation extends ApiObject {

    @JsonProperty("config_essential_data_has_changed")
    private Boolean configEssentialDataHasChanged;

    /**
     * Whether the config changes what existing tasks or annotations rely on (labels, data keys). Null when the config
     * was validated without a project.
     */
    public Boolean configEssentialDataHasChanged() {
        return configEssentialDataHasChanged;
    }

    /** Always true: an invalid config raises instead. */
    public boolean valid() {
        return true;
    }

    /** The result for a config validated without a project, which the server answers with 204 No Content. */
    public static LabelConfigValidation withoutProject() {
        return new LabelConfigValidation();
    }

    @Override
    public String toString() {
        return "LabelConfigValidation[valid=true, configEssentialDataHasChanged=" + configEssentialDataHasChanged + "]";
    }
}
