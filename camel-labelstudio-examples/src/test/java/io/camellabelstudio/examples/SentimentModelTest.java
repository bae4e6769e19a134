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
package io.camellabelstudio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pre-annotation route's keyword model, without a server. */
class SentimentModelTest {

    @Test
    void sentimentModelIsDeterministic() {
        SentimentModel model = new SentimentModel();
        assertThat(model.predict("Great value, works fine. Great!"))
                .isEqualTo(new SentimentModel.Sentiment("Positive", 0.9));
        assertThat(model.predict("Broke after a day, returned it."))
                .isEqualTo(new SentimentModel.Sentiment("Negative", 0.833));
        assertThat(model.predict("A box.")).isEqualTo(new SentimentModel.Sentiment("Negative", 0.5));
        assertThat(model.predict(null)).isEqualTo(new SentimentModel.Sentiment("Negative", 0.5));
    }
}
