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

/**
 * Ends a poll between two requests because the consumer is stopping: what the poll found so far is not delivered, and
 * comes again at the next poll after a start (the mark moves only with delivered tasks).
 */
final class PollStopped extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PollStopped() {
        super("The consumer is stopping: the poll asks for no more pages", null, false, false);
    }
}
