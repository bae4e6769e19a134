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

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.camel.Endpoint;
import org.apache.camel.SSLContextParametersAware;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

import io.camellabelstudio.client.LabelStudioClient;
import io.camellabelstudio.component.metrics.LabelStudioMetrics;

/**
 * The {@code labelstudio:} component: holds the default options every endpoint starts from, and the clients its
 * endpoints share (one per distinct client configuration).
 */
@Component("labelstudio")
public class LabelStudioComponent extends DefaultComponent implements SSLContextParametersAware {

    private static final List<String> ID_OPTIONS = List.of(
            "projectId",
            "taskId",
            "viewId",
            "annotationId",
            "predictionId",
            "userId",
            "exportId",
            "storageId",
            "webhookId");
    /** The name of the clients' background threads, in Camel's thread name pattern. */
    static final String BACKGROUND_THREADS = "LabelStudioBackground";

    private static final int BACKGROUND_POOL_SIZE = 20;
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

    @Metadata
    private LabelStudioConfiguration configuration = new LabelStudioConfiguration();

    @Metadata(label = "security", defaultValue = "false")
    private boolean useGlobalSslContextParameters;

    private final SharedClients clients = new SharedClients();
    /** The clients' background work (page prefetch, import sending), created with the first client. */
    private ExecutorService background;
    /** Created with the first client or consumer that records. */
    private LabelStudioMetrics metrics;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        LabelStudioResource resource = LabelStudioResource.fromUriName(remaining);
        checkIdOptions(remaining, parameters);
        LabelStudioEndpoint endpoint = new LabelStudioEndpoint(uri, this, resource, configuration.copy());
        setProperties(endpoint, parameters);
        if (endpoint.getConfiguration().getSslContextParameters() == null) {
            // like camel-http: the endpoint's and the component's own settings win over the global ones
            endpoint.getConfiguration().setSslContextParameters(retrieveGlobalSslContextParameters());
        }
        return endpoint;
    }

    /**
     * Camel binds a text to a Long option as a duration when it is not a number ("5s" is 5000), and reads any other
     * text as 0: {@code taskId=abc} would address task 0. Ids must be whole numbers, so they are checked here first.
     */
    static void checkIdOptions(String resource, Map<String, Object> parameters) {
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            String option = ID_OPTIONS.stream()
                    .filter(id -> id.equalsIgnoreCase(parameter.getKey()))
                    .findFirst()
                    .orElse(null);
            if (option != null
                    && parameter.getValue() instanceof String text
                    && !text.startsWith("#") // a bean reference, resolved by Camel
                    && !WHOLE_NUMBER.matcher(text.strip()).matches()) {
                throw new IllegalArgumentException("The " + option + " option of labelstudio:" + resource
                        + " must be a numeric id, but was '" + text + "'");
            }
        }
    }

    /** The client for these settings, shared by every endpoint with equal settings; give it back on stop. */
    LabelStudioClient borrowClient(ClientSettings settings) throws Exception {
        return clients.acquire(
                settings, s -> LabelStudioClientFactory.create(getCamelContext(), s, background(), metrics()));
    }

    /**
     * Where the component's clients and consumers record metrics: a Micrometer registry when there is one (looked up
     * when the first endpoint starts, after the application bound its beans), else nothing.
     */
    public synchronized LabelStudioMetrics metrics() {
        if (metrics == null) {
            metrics = LabelStudioMetrics.of(getCamelContext());
        }
        return metrics;
    }

    /**
     * A pool of Camel's ExecutorServiceManager (named, visible in JMX, shut down with the context): up to 20 threads,
     * ended after a minute idle; when all are busy, work runs in the caller's thread, which only loses the overlap of
     * fetching a page or sending an import while the caller works.
     */
    private synchronized ExecutorService background() {
        if (background == null) {
            ThreadPoolProfile profile = new ThreadPoolProfile(BACKGROUND_THREADS);
            profile.setPoolSize(BACKGROUND_POOL_SIZE);
            profile.setMaxPoolSize(BACKGROUND_POOL_SIZE);
            profile.setKeepAliveTime(60L);
            profile.setTimeUnit(TimeUnit.SECONDS);
            profile.setAllowCoreThreadTimeOut(true);
            profile.setMaxQueueSize(0); // no queue: a page or an import never waits behind others
            profile.setRejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns);
            background = getCamelContext().getExecutorServiceManager().newThreadPool(this, BACKGROUND_THREADS, profile);
        }
        return background;
    }

    /** An endpoint stopped using the client of these settings; the last one out closes it. */
    void returnClient(ClientSettings settings) {
        clients.release(settings);
    }

    /** How many clients (each with its connection pools) are open. */
    int openClients() {
        return clients.size();
    }

    @Override
    protected void doStop() throws Exception {
        clients.closeAll(); // endpoints normally return theirs first; this closes any left over
        ExecutorService pool;
        synchronized (this) {
            pool = background;
            background = null;
        }
        if (pool != null) {
            getCamelContext().getExecutorServiceManager().shutdownNow(pool);
        }
        super.doStop();
    }

    @Override
    public boolean isUseGlobalSslContextParameters() {
        return useGlobalSslContextParameters;
    }

    /** Use the CamelContext's global SSLContextParameters when neither endpoint nor component sets its own. */
    @Override
    public void setUseGlobalSslContextParameters(boolean useGlobalSslContextParameters) {
        this.useGlobalSslContextParameters = useGlobalSslContextParameters;
    }

    public LabelStudioConfiguration getConfiguration() {
        return configuration;
    }

    /** The default options of every endpoint. */
    public void setConfiguration(LabelStudioConfiguration configuration) {
        this.configuration = configuration;
    }
}
