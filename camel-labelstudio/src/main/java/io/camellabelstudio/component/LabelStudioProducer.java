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
        LabelStudioOperation operation = getEndpoint().getConfiguration().getOperation();
        endpointOperation = operation == null
                ? null
                : getEndpoint().getLabelStudioResource().supported(operation);
    }

    @Override
    public LabelStudioEndpoint getEndpoint() {
        return (LabelStudioEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        LabelStudioEndpoint endpoint = getEndpoint();
        LabelStudioResource resource = endpoint.getLabelStudioResource();
        Object header = exchange.getIn().getHeader(LabelStudioConstants.OPERATION);
        LabelStudioOperation operation =
                header == null ? requireEndpointOperation(resource) : headerOperation(exchange, header, resource);
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

    private LabelStudioOperation requireEndpointOperation(LabelStudioResource resource) {
        if (endpointOperation == null) {
            throw new IllegalArgumentException("No operation for labelstudio:" + resource.uriName()
                    + ": set the operation option or the " + LabelStudioConstants.OPERATION + " header; valid"
                    + " operations: " + resource.operationNames());
        }
        return endpointOperation;
    }

    /** The header's operation (an enum constant or its name), converted as Camel converts the operation option. */
    private static LabelStudioOperation headerOperation(
            Exchange exchange, Object header, LabelStudioResource resource) {
        LabelStudioOperation operation = header instanceof String text && text.isBlank()
                ? null
                : exchange.getContext().getTypeConverter().tryConvertTo(LabelStudioOperation.class, exchange, header);
        if (operation == null || !resource.operations().contains(operation)) {
            throw new IllegalArgumentException("The " + LabelStudioConstants.OPERATION + " header '" + header
                    + "' is not an operation of labelstudio:" + resource.uriName() + "; valid operations: "
                    + resource.operationNames());
        }
        return operation;
    }
}
