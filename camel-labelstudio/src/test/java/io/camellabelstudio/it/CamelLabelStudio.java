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

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.client.model.Annotation;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.component.LabelStudioComponent;

/**
 * A started CamelContext whose {@code labelstudio} component points at the test server, plus a plain client for
 * checking the server's state independently of the component. Closing it deletes the projects it created.
 */
public final class CamelLabelStudio implements AutoCloseable {

    private final CamelContext camel;
    private final ProducerTemplate template;
    private final LabelStudioClient client;
    private final java.util.List<Long> projects = new java.util.ArrayList<>();

    public CamelLabelStudio(LabelStudioServer server) {
        camel = new DefaultCamelContext();
        LabelStudioComponent component = new LabelStudioComponent();
        component.getConfiguration().setUrl(server.url());
        component.getConfiguration().setApiKey(server.legacyToken());
        camel.addComponent("labelstudio", component);
        camel.start();
        template = camel.createProducerTemplate();
        client = LabelStudioClient.builder()
                .url(server.url())
                .apiKey(server.legacyToken())
                .build();
    }

    public CamelContext camel() {
        return camel;
    }

    public ProducerTemplate template() {
        return template;
    }

    /** A client of its own, to check the server's state independently of the component under test. */
    public LabelStudioClient client() {
        return client;
    }

    /** Creates a project (deleted on close) with a unique title. */
    public Project project(String titlePrefix, String labelConfig) {
        Project project = client.projects()
                .create(Map.of(
                        "title",
                        titlePrefix + " " + UUID.randomUUID().toString().substring(0, 8),
                        "label_config",
                        labelConfig));
        projects.add(project.id());
        return project;
    }

    /** Annotates a task of a {@link LabelConfigs#TEXT_CLASSIFICATION} project with one sentiment choice. */
    public Annotation annotate(long taskId, String choice) {
        return client.annotations()
                .create(
                        taskId,
                        Map.of(
                                "result",
                                List.of(Map.of(
                                        "from_name", "sentiment",
                                        "to_name", "text",
                                        "type", "choices",
                                        "value", Map.of("choices", List.of(choice))))));
    }

    /** Stops and removes the routes a test added, and forgets their ids. */
    public void removeRoutes(Collection<String> routeIds) throws Exception {
        for (String id : routeIds) {
            camel.getRouteController().stopRoute(id);
            camel.removeRoute(id);
        }
        routeIds.clear();
    }

    /** Sends to the endpoint and returns the exchange, failing the test with the exception if there was one. */
    public Exchange request(String uri, Object body, Map<String, Object> headers) {
        Exchange result = template.request(uri, e -> {
            e.getIn().setBody(body);
            e.getIn().getHeaders().putAll(headers);
        });
        if (result.getException() != null) {
            throw new AssertionError(uri + " failed: " + result.getException(), result.getException());
        }
        return result;
    }

    /** Sends to the endpoint and returns the exception it failed with (or fails the test). */
    public Exception failure(String uri, Object body, Map<String, Object> headers) {
        Exchange result = template.request(uri, e -> {
            e.getIn().setBody(body);
            e.getIn().getHeaders().putAll(headers);
        });
        if (result.getException() == null) {
            throw new AssertionError(uri + " was expected to fail but answered "
                    + result.getMessage().getBody());
        }
        return result.getException();
    }

    @Override
    public void close() {
        for (Long id : projects) {
            try {
                client.projects().delete(id);
            } catch (RuntimeException alreadyGone) {
                // deleted by the test
            }
        }
        client.close();
        camel.stop();
    }
}
