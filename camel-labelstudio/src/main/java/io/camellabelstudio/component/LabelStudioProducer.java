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

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import io.camellabelstudio.component.producer.AnnotationOperations;
import io.camellabelstudio.component.producer.ExportOperations;
import io.camellabelstudio.component.producer.OperationContext;
import io.camellabelstudio.component.producer.PredictionOperations;
import io.camellabelstudio.component.producer.ProjectOperations;
import io.camellabelstudio.component.producer.StorageOperations;
import io.camellabelstudio.component.producer.TaskOperations;
import io.camellabelstudio.component.producer.ViewOperations;
import io.camellabelstudio.component.producer.WebhookOperations;

/**
 * Performs the operation named by the {@code CamelLabelStudioOperation} header or the {@code operation} option on the
 * endpoint's resource, through the endpoint's client.
 */
public class LabelStudioProducer extends DefaultProducer {

    private final ProjectOperations projectOperations = new ProjectOperations();
    private final TaskOperations taskOperations = new TaskOperations();
    private final ViewOperations viewOperations = new ViewOperations();
    private final AnnotationOperations annotationOperations = new AnnotationOperations();
    private final PredictionOperations predictionOperations = new PredictionOperations();
    private final ExportOperations exportOperations = new ExportOperations();
    private final StorageOperations storageOperations = new StorageOperations();
    private final WebhookOperations webhookOperations = new WebhookOperations();

    /** The endpoint's operation option, resolved once; null when messages name the operation in a header. */
    private LabelStudioOperation endpointOperation;

    public LabelStudioProducer(LabelStudioEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        String name = getEndpoint().getConfiguration().getOperation();
        endpointOperation = name == null || name.isBlank()
                ? null
                : getEndpoint().getLabelStudioResource().operation(name.strip());
    }

    @Override
    public LabelStudioEndpoint getEndpoint() {
        return (LabelStudioEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        LabelStudioEndpoint endpoint = getEndpoint();
        LabelStudioResource resource = endpoint.getLabelStudioResource();
        String header = exchange.getIn().getHeader(LabelStudioConstants.OPERATION, String.class);
        LabelStudioOperation operation = header == null && endpointOperation != null
                ? endpointOperation
                : resource.operation(operationName(header, resource));
        OperationContext context = new OperationContext(exchange, endpoint, operation);
        switch (resource) {
            case PROJECTS -> projectOperations.process(context);
            case TASKS -> taskOperations.process(context);
            case VIEWS -> viewOperations.process(context);
            case ANNOTATIONS -> annotationOperations.process(context);
            case PREDICTIONS -> predictionOperations.process(context);
            case EXPORTS -> exportOperations.process(context);
            case STORAGES -> storageOperations.process(context);
            case WEBHOOKS -> webhookOperations.process(context);
        }
    }

    private String operationName(String header, LabelStudioResource resource) {
        String name = header;
        if (name == null) {
            name = getEndpoint().getConfiguration().getOperation();
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("No operation for labelstudio:" + resource.uriName()
                    + ": set the operation option or the " + LabelStudioConstants.OPERATION + " header; valid"
                    + " operations: " + resource.operationNames());
        }
        return name.strip();
    }
}
