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
package io.camellabelstudio.examples.demo;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/** The demo's object store: where the sample reviews are uploaded and where the exports land. */
public interface DemoStorage {

    /** Creates what the routes need (buckets, the event queue and notifications), before they start. */
    void prepare(CamelContext camel);

    /** Puts one object into the bucket whose events become tasks. */
    void upload(ProducerTemplate template, String key, String text);

    /** How many export files are in the exports bucket. */
    long exportCount(ProducerTemplate template);

    /** The exports bucket's name, for the summary. */
    String exportsBucket();
}
