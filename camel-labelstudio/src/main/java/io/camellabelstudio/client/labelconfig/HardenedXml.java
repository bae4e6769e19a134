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
import java.io.StringReader;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads XML that comes from users with a JDK parser locked down against XXE and entity expansion: a DOCTYPE is refused
 * outright, so no entity (external or internal, such as a "billion laughs") can be declared, and nothing outside the
 * text is ever fetched.
 *
 * <p>SAX rather than DOM because the JDK's DOM sorts attributes by name, while the server's {@code labels_attrs} keeps
 * them in document order.
 */
final class HardenedXml {

    private HardenedXml() {}

    /** Feeds {@code xml} to {@code handler}; any XML error or a DOCTYPE raises {@link SAXParseException}. */
    static void read(String xml, DefaultHandler handler) throws SAXException, IOException {
        XMLReader reader = newParser().getXMLReader();
        reader.setContentHandler(handler);
        reader.setErrorHandler(FAIL_ON_ERRORS);
        // Belt and braces: with DOCTYPE refused nothing should ask for an entity, but never resolve one if it does
        reader.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("External entities are not allowed: " + systemId);
        });
        reader.parse(new InputSource(new StringReader(xml)));
    }

    private static SAXParser newParser() throws SAXException {
        // newDefaultInstance: the JDK's own parser, whose feature names are known, whatever else is on the classpath
        SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
        factory.setNamespaceAware(false);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            SAXParser parser = factory.newSAXParser();
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return parser;
        } catch (ParserConfigurationException e) {
            // A JDK without these features would parse unsafely: refuse rather than fall back
            throw new IllegalStateException("The XML parser cannot be secured: " + e.getMessage(), e);
        }
    }

    /** Turns every error into an exception; the default handler would print to stderr and, for errors, go on. */
    private static final ErrorHandler FAIL_ON_ERRORS = new ErrorHandler() {
        @Override
        public void warning(SAXParseException exception) {
            // warnings do not make the config invalid
        }

        @Override
        public void error(SAXParseException exception) throws SAXException {
            throw exception;
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXException {
            throw exception;
        }
    };
}
