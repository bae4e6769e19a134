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
package io.camellabelstudio.component.consumer;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.HttpResponseAware;

import io.camellabelstudio.client.error.LabelStudioApiException;
import io.camellabelstudio.client.error.LabelStudioException;

/**
 * A poll that failed because Label Studio could not be reached or refused a request. It carries the HTTP status, so
 * that Camel's consumer health check reports it (e.g. 401 for a rejected key).
 */
public class LabelStudioPollException extends RuntimeCamelException implements HttpResponseAware {

    private int httpResponseCode;
    private String httpResponseStatus;

    public LabelStudioPollException(String consumer, LabelStudioException cause) {
        super(consumer + " could not poll Label Studio: " + cause.getMessage(), cause);
        if (cause instanceof LabelStudioApiException api) {
            httpResponseCode = api.getStatusCode();
            httpResponseStatus = api.getDetail();
        }
    }

    @Override
    public int getHttpResponseCode() {
        return httpResponseCode;
    }

    @Override
    public void setHttpResponseCode(int httpResponseCode) {
        this.httpResponseCode = httpResponseCode;
    }

    @Override
    public String getHttpResponseStatus() {
        return httpResponseStatus;
    }

    @Override
    public void setHttpResponseStatus(String httpResponseStatus) {
        this.httpResponseStatus = httpResponseStatus;
    }
}
