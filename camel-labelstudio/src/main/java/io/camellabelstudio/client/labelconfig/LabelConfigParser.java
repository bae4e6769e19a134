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
package io.camellabelstudio.client.labelconfig;

import java.io.IOException;

import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses a Label Studio label config (XML) into its control tags, the same way the server computes a project's
 * {@code parsed_label_config}, so results can be built and checked without a request.
 *
 * <p>The XML is read with a parser locked down against XXE: a config with a DOCTYPE (and so with any entity
 * declaration) is refused.
 */
public final class LabelConfigParser {

    private LabelConfigParser() {}

    /**
     * Parses a label config.
     *
     * @param  labelConfig              the XML, e.g. {@code <View><Text name="text" value="$text"/>...</View>}; null or
     *                                  empty gives a config without control tags, like the server's for an unset config
     * @throws IllegalArgumentException when the XML is not well formed or has a DOCTYPE; the message tells where
     */
    public static ParsedLabelConfig parse(String labelConfig) {
        if (labelConfig == null || labelConfig.isEmpty()) {
            return ParsedLabelConfig.empty();
        }
        ControlCollector collector = new ControlCollector();
        try {
            HardenedXml.read(labelConfig, collector);
        } catch (SAXParseException e) {
            throw new IllegalArgumentException(describe(e), e);
        } catch (SAXException e) {
            throw new IllegalArgumentException("Invalid label config XML: " + e.getMessage(), e);
        } catch (IOException e) {
            // Reading from a string: only a refused external resource could get here
            throw new IllegalArgumentException("Invalid label config XML: " + e.getMessage(), e);
        }
        return collector.result();
    }

    private static String describe(SAXParseException e) {
        StringBuilder message = new StringBuilder("Invalid label config XML");
        if (e.getLineNumber() > 0) {
            message.append(" at line ").append(e.getLineNumber());
            if (e.getColumnNumber() > 0) {
                message.append(", column ").append(e.getColumnNumber());
            }
        }
        message.append(": ").append(e.getMessage());
        String text = String.valueOf(e.getMessage());
        if (text.contains("DOCTYPE")) {
            message.append(" (a label config may not have a DOCTYPE: DTDs and entities are refused for safety)");
        }
        return message.toString();
    }
}
