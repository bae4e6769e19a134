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

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A stand-in for a real model, small enough to read: counts positive and negative keywords in a text and answers
 * {@code Positive} or {@code Negative} (the choices of the demo's label config, {@code demo/label-config.xml}) with a
 * score between 0.5 and 1. Deterministic: the same text always gets the same prediction. A tie, including a text
 * without any keyword, is {@code Negative} with score 0.5.
 */
public class SentimentModel {

    /** One prediction: a label of the {@code sentiment} control and how sure the model is (0.5 to 1). */
    public record Sentiment(String label, double score) {}

    private static final Set<String> POSITIVE =
            words("good great excellent love loved perfect comfortable fast easy crisp recommend happy "
                    + "happily works best nice sturdy quiet cool lasts worth lovely soft value");

    private static final Set<String> NEGATIVE =
            words("bad broke broken stopped never disappointing disappointed poor terrible awful slow "
                    + "returned refund worst cheap noisy leaks late missing useless waste loud rattles "
                    + "crashing loses cracked avoid crushed");

    private static final Pattern WORDS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private static Set<String> words(String words) {
        return Set.of(words.strip().split("\\s+"));
    }

    /** The sentiment of {@code text}; null or blank text is {@code Negative} with score 0.5. */
    public Sentiment predict(String text) {
        int positive = 0;
        int negative = 0;
        if (text != null) {
            for (String word : WORDS.split(text.toLowerCase(Locale.ROOT))) {
                if (POSITIVE.contains(word)) {
                    positive++;
                } else if (NEGATIVE.contains(word)) {
                    negative++;
                }
            }
        }
        String label = positive > negative ? "Positive" : "Negative";
        int total = positive + negative;
        // 0.5 when undecided, towards 1 as one side dominates and the evidence grows
        double score = total == 0 ? 0.5 : 0.5 + 0.5 * Math.abs(positive - negative) / (total + 1.0);
        return new Sentiment(label, Math.round(score * 1000) / 1000.0);
    }
}
