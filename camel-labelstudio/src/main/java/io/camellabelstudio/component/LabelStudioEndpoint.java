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

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;
import org.apache.camel.util.URISupport;

import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.component.consumer.LabelStudioExportsConsumer;
import io.camellabelstudio.component.consumer.LabelStudioTasksConsumer;
import io.camellabelstudio.component.consumer.LabelStudioWebhookConsumer;

/**
 * Manage Label Studio, the open-source data-labeling server: projects, tasks, annotations, predictions, exports,
 * storages, Data Manager views and webhooks; and react to new, changed and completed tasks, finished exports and
 * webhook events.
 */
@UriEndpoint(
        firstVersion = "0.1.0",
        scheme = "labelstudio",
        title = "Label Studio",
        syntax = "labelstudio:resource",
        category = {Category.AI, Category.API},
        headersClass = LabelStudioConstants.class)
public class LabelStudioEndpoint extends ScheduledPollEndpoint implements EndpointServiceLocation {

    @UriPath(
            enums = "projects,tasks,annotations,predictions,exports,storages,views,webhooks",
            description = "The Label Studio resource to work on")
    @Metadata(required = true)
    private final String resource;

    @UriParam
    private LabelStudioConfiguration configuration;

    private final LabelStudioResource labelStudioResource;
    private LabelStudioClient client;
    /** The settings of the component's shared client this endpoint borrowed; null with a client of the user's. */
    private ClientSettings borrowed;

    public LabelStudioEndpoint(
            String uri,
            LabelStudioComponent component,
            LabelStudioResource resource,
            LabelStudioConfiguration configuration) {
        super(uri, component);
        this.labelStudioResource = resource;
        this.resource = resource.uriName();
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() {
        return new LabelStudioProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        Consumer consumer = switch (labelStudioResource) {
            case TASKS -> new LabelStudioTasksConsumer(this, processor);
            case EXPORTS -> new LabelStudioExportsConsumer(this, processor);
            case WEBHOOKS -> new LabelStudioWebhookConsumer(this, processor);
            default ->
                throw new IllegalArgumentException("labelstudio:" + resource + " has no consumer; use it"
                        + " in to(), or consume labelstudio:tasks, labelstudio:exports or labelstudio:webhooks");
        };
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (configuration.getOperation() != null) {
            labelStudioResource.supported(configuration.getOperation()); // fail at start, not at the first message
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (configuration.getClient() != null) {
            client = configuration.getClient(); // the user's: neither shared nor closed here
        } else {
            ClientSettings settings = LabelStudioClientFactory.settings(configuration);
            client = getComponent().borrowClient(settings);
            borrowed = settings;
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (borrowed != null) {
            getComponent().returnClient(borrowed);
            borrowed = null;
        }
        client = null;
        super.doStop();
    }

    /** The client of this endpoint; available while the endpoint is started. */
    public LabelStudioClient getClient() {
        if (client == null) {
            throw new IllegalStateException("The endpoint " + this + " is not started");
        }
        return client;
    }

    @Override
    public LabelStudioComponent getComponent() {
        return (LabelStudioComponent) super.getComponent();
    }

    public String getResource() {
        return resource;
    }

    public LabelStudioResource getLabelStudioResource() {
        return labelStudioResource;
    }

    public LabelStudioConfiguration getConfiguration() {
        return configuration;
    }

    /** The endpoint options. */
    public void setConfiguration(LabelStudioConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public String getServiceUrl() {
        return configuration.getUrl() == null ? null : URISupport.sanitizeUri(configuration.getUrl());
    }

    @Override
    public String getServiceProtocol() {
        return "http";
    }
}
