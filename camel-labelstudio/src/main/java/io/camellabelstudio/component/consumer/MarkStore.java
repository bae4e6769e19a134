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

import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Keeps one consumer's mark (how far it has delivered) under one key of a Camel {@link StateRepository}: the
 * configured one, or a memory one of its own. A repository given by the user may be shared with other routes, so it
 * is started here when needed but only a repository created here is stopped here.
 */
public final class MarkStore extends ServiceSupport {

    private final StateRepository<String, String> repository;
    private final boolean ownsRepository;
    private final String key;

    public MarkStore(StateRepository<String, String> configured, String key) {
        this.ownsRepository = configured == null;
        this.repository = configured == null ? new MemoryStateRepository() : configured;
        this.key = key;
    }

    /**
     * The default key: {@code labelstudio:RESOURCE:projectId:ID[:event:EVENT]}. No {@code =} in it: Camel's
     * FileStateRepository refuses keys with {@code =} or line breaks.
     */
    public static String defaultKey(String resource, long projectId, String event) {
        String key = "labelstudio:" + resource + ":projectId:" + projectId;
        return event == null ? key : key + ":event:" + event;
    }

    public String key() {
        return key;
    }

    /** The stored mark, or null when this key has none yet. */
    public String get() {
        return repository.getState(key);
    }

    public void set(String mark) {
        repository.setState(key, mark);
    }

    @Override
    protected void doStart() throws Exception {
        ServiceHelper.startService(repository);
    }

    @Override
    protected void doStop() throws Exception {
        if (ownsRepository) {
            ServiceHelper.stopService(repository);
        }
    }
}
