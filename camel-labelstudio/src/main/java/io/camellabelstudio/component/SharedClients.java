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

import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camellabelstudio.client.LabelStudioClient;

/**
 * The clients of one component, one per distinct {@link ClientSettings}, counted by the endpoints that use them.
 *
 * <p>Reference counted rather than kept for the component's lifetime: {@code toD} with a varying API key or URL creates
 * endpoints without end, and Camel stops the ones its endpoint cache evicts; counting closes a client (its connection
 * pools and its idle-connection threads) as soon as the last endpoint using it stops, so resources stay bounded by the
 * endpoints alive, not by every configuration ever seen. The component closes whatever is left when it stops.
 */
final class SharedClients {

    /** Creates the client for some settings. */
    interface Factory {
        LabelStudioClient create(ClientSettings settings) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SharedClients.class);

    private final Map<ClientSettings, Shared> clients = new HashMap<>();

    private static final class Shared {
        final LabelStudioClient client;
        int users;

        Shared(LabelStudioClient client) {
            this.client = client;
        }
    }

    /** The client for these settings, created on first use; give it back with {@link #release}. */
    synchronized LabelStudioClient acquire(ClientSettings settings, Factory factory) throws Exception {
        Shared shared = clients.get(settings);
        if (shared == null) {
            shared = new Shared(factory.create(settings));
            clients.put(settings, shared);
            LOG.debug("Created {} for {}", shared.client, settings);
        }
        shared.users++;
        return shared.client;
    }

    /** One user fewer; the client is closed when it was the last. */
    void release(ClientSettings settings) {
        LabelStudioClient toClose = null;
        synchronized (this) {
            Shared shared = clients.get(settings);
            if (shared != null && --shared.users <= 0) {
                clients.remove(settings);
                toClose = shared.client;
            }
        }
        if (toClose != null) {
            LOG.debug("Closing {}: no endpoint uses it any more", toClose);
            toClose.close();
        }
    }

    /** How many clients are open. */
    synchronized int size() {
        return clients.size();
    }

    /** Closes every client, whoever still uses it (the component is stopping). */
    void closeAll() {
        Map<ClientSettings, Shared> open;
        synchronized (this) {
            open = new HashMap<>(clients);
            clients.clear();
        }
        for (Shared shared : open.values()) {
            try {
                shared.client.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing {} failed: {}", shared.client, e.getMessage(), e);
            }
        }
    }
}
