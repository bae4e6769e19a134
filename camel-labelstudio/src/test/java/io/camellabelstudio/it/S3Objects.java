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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A tiny S3 client for tests (java.net.http, no AWS SDK), path-style, made for the {@link S3Server} stand-in (moto):
 * bucket creation, upload and listing go unsigned, which moto accepts; {@link #get} sends a dummy SigV4
 * {@code Authorization} header, without which moto refuses object downloads. Not for a real S3.
 */
public final class S3Objects {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final S3Server server;
    private final HttpClient http;

    public S3Objects(S3Server server) {
        this.server = server;
        this.http = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
    }

    /** Creates the bucket (in the server's region). */
    public void createBucket(String bucket) {
        HttpRequest.BodyPublisher body = "us-east-1".equals(server.region())
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(
                        "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                                + "<LocationConstraint>" + server.region() + "</LocationConstraint>"
                                + "</CreateBucketConfiguration>");
        send(request(uri(bucket, null, null)).PUT(body).build(), "create bucket " + bucket);
    }

    /** Uploads {@code content} (UTF-8) as the object {@code key}. */
    public void put(String bucket, String key, String content) {
        send(
                request(uri(bucket, key, null))
                        .header("Content-Type", "text/plain; charset=utf-8")
                        .PUT(HttpRequest.BodyPublishers.ofString(content, StandardCharsets.UTF_8))
                        .build(),
                "put s3://" + bucket + "/" + key);
    }

    /** The object's content, decoded as UTF-8. */
    public String get(String bucket, String key) {
        return send(
                request(uri(bucket, key, null))
                        // moto answers 403 to an unsigned GET of an object but does not check the signature
                        .header(
                                "Authorization",
                                "AWS4-HMAC-SHA256 Credential=" + server.accessKey() + "/20260101/" + server.region()
                                        + "/s3/aws4_request, SignedHeaders=host, Signature=00")
                        .GET()
                        .build(),
                "get s3://" + bucket + "/" + key);
    }

    /** The keys of all objects whose key starts with {@code prefix} (all if null or empty), in S3's (sorted) order. */
    public List<String> list(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        String continuationToken = null;
        do {
            StringBuilder query = new StringBuilder("list-type=2");
            if (prefix != null && !prefix.isEmpty()) {
                query.append("&prefix=").append(encode(prefix));
            }
            if (continuationToken != null) {
                query.append("&continuation-token=").append(encode(continuationToken));
            }
            String xml = send(
                    request(uri(bucket, null, query.toString())).GET().build(), "list s3://" + bucket + "/" + prefix);
            Document doc = parse(xml);
            NodeList contents = doc.getElementsByTagNameNS("*", "Contents");
            for (int i = 0; i < contents.getLength(); i++) {
                keys.add(childText((Element) contents.item(i), "Key"));
            }
            continuationToken = "true".equals(childText(doc.getDocumentElement(), "IsTruncated"))
                    ? childText(doc.getDocumentElement(), "NextContinuationToken")
                    : null;
        } while (continuationToken != null);
        return keys;
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT);
    }

    private URI uri(String bucket, String key, String query) {
        StringBuilder url = new StringBuilder(server.endpoint()).append('/').append(encode(bucket));
        if (key != null) {
            url.append('/');
            String[] segments = key.split("/", -1);
            for (int i = 0; i < segments.length; i++) {
                if (i > 0) {
                    url.append('/');
                }
                url.append(encode(segments[i]));
            }
        }
        if (query != null) {
            url.append('?').append(query);
        }
        return URI.create(url.toString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String send(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("S3 " + what + " at " + server.endpoint() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during S3 " + what, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "S3 " + what + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("Cannot parse the S3 answer: " + xml, e);
        }
    }

    /** The text of the first direct child element named {@code name}, or null. */
    private static String childText(Element parent, String name) {
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && name.equals(n.getLocalName())) {
                return n.getTextContent();
            }
        }
        return null;
    }
}
