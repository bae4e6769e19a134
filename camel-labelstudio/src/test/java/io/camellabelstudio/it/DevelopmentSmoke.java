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

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * Marks an integration test class of the smoke set that also runs against the development layout ({@code label-studio
 * start}: Django's development server on SQLite, what pip users run), in the failsafe execution {@code
 * development-smoke}. Every integration test runs against the production layout (nginx → gunicorn → PostgreSQL) in
 * the default execution; see {@link LabelStudioServer} for how the layout is chosen.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(DevelopmentSmoke.TAG)
public @interface DevelopmentSmoke {

    /** The JUnit tag the build selects the smoke set by. */
    String TAG = "development-smoke";
}
