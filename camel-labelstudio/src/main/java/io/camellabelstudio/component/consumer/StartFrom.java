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

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The {@code startFrom} option: where a consumer begins when its state repository holds no mark yet.
 *
 * @param kind    now, beginning, an id, or an instant
 * @param id      the first id to deliver (kind ID)
 * @param instant the earliest change to deliver (kind INSTANT)
 */
public record StartFrom(Kind kind, long id, Instant instant) {

    public enum Kind {
        NOW,
        BEGINNING,
        ID,
        INSTANT
    }

    /** Parses the option value; a bad value fails naming the option and the accepted forms. */
    public static StartFrom parse(String value) {
        String text = value == null ? "now" : value.strip();
        if (text.isEmpty() || text.equalsIgnoreCase("now")) {
            return new StartFrom(Kind.NOW, 0, null);
        }
        if (text.equalsIgnoreCase("beginning")) {
            return new StartFrom(Kind.BEGINNING, 0, null);
        }
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                long id = Long.parseLong(text);
                if (id >= 1) {
                    return new StartFrom(Kind.ID, id, null);
                }
            } catch (NumberFormatException e) {
                // too large: reported below
            }
        } else {
            try {
                return new StartFrom(Kind.INSTANT, 0, Instant.parse(text));
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("Invalid startFrom '" + value + "': use now, beginning, an id (1 or more)"
                + " or an ISO-8601 instant such as 2026-01-31T12:00:00Z");
    }
}
