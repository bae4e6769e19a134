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
package io.camellabelstudio.component.metrics;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camellabelstudio.client.ClientListener;

/**
 * What the component records, whether or not Micrometer is there: the client's events ({@link ClientListener}) and the
 * consumers' lag. {@link #of} gives the Micrometer recorder when camel-micrometer's Micrometer is on the classpath and a
 * {@code MeterRegistry} is in Camel's registry, else {@link #NONE}. This class names no Micrometer type, so the
 * component runs without Micrometer on the classpath.
 */
public abstract class LabelStudioMetrics implements ClientListener {

    /** Records nothing: no Micrometer on the classpath or no registry. */
    public static final LabelStudioMetrics NONE = new LabelStudioMetrics() {};

    private static final Logger LOG = LoggerFactory.getLogger(LabelStudioMetrics.class);
    private static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    /**
     * The recorder for this Camel context: Micrometer's when it is on the classpath (asked through the context's class
     * resolver) and Camel's registry holds a MeterRegistry, else {@link #NONE}.
     */
    public static LabelStudioMetrics of(CamelContext context) {
        if (context.getClassResolver().resolveClass(METER_REGISTRY) == null) {
            LOG.debug("No Micrometer on the classpath: the labelstudio component records no metrics");
            return NONE;
        }
        LabelStudioMetrics metrics = MicrometerMetrics.find(context);
        if (metrics == null) {
            LOG.debug("No MeterRegistry in Camel's registry: the labelstudio component records no metrics");
            return NONE;
        }
        return metrics;
    }

    /**
     * A tasks consumer made an exchange of a task event this long after the event happened on the server.
     *
     * @param routeId  the consumer's route; null outside a route
     * @param endpoint the endpoint's base URI (no options, so no secrets)
     * @param event    created, updated or completed
     */
    public void consumerLag(String routeId, String endpoint, long projectId, String event, Duration lag) {}
}
