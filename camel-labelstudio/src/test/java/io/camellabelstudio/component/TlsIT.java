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
package io.camellabelstudio.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.Map;

import javax.net.ssl.SSLHandshakeException;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.camellabelstudio.client.error.LabelStudioConnectionException;
import io.camellabelstudio.client.model.Project;
import io.camellabelstudio.it.LabelConfigs;
import io.camellabelstudio.it.LabelStudioServer;
import io.camellabelstudio.it.LabelStudioServerExtension;
import io.camellabelstudio.it.TlsProxy;

/**
 * Label Studio served over https by a TLS-terminating nginx with a self-signed certificate: the component refuses the
 * certificate by default (a clear TLS error naming the server, no secret), and works once the certificate is trusted
 * through Camel's {@link SSLContextParameters}, set on the endpoint or as the context's global ones.
 */
@ExtendWith(LabelStudioServerExtension.class)
class TlsIT {

    private static TlsProxy tls;

    @BeforeAll
    static void startTls(LabelStudioServer server) throws Exception {
        tls = TlsProxy.start(server.url());
    }

    @AfterAll
    static void stopTls() throws Exception {
        if (tls != null) {
            tls.close();
        }
    }

    @Test
    void selfSignedCertificateIsRefusedByDefault(LabelStudioServer server) throws Exception {
        try (DefaultCamelContext camel = camel(tls.url(), server.legacyToken())) {
            camel.start();

            Exchange result = camel.createProducerTemplate().request("labelstudio:projects?operation=list", e -> {});

            Exception error = result.getException();
            assertThat(error).isInstanceOf(LabelStudioConnectionException.class);
            assertThat(error.getMessage())
                    .contains("TLS/SSL connection failed", "certificate", "sslContextParameters")
                    .contains("(server " + tls.url() + ")")
                    .doesNotContain(server.legacyToken());
            assertThat(error).hasStackTraceContaining("unable to find valid certification path");
            assertThat(error.getCause()).isInstanceOf(SSLHandshakeException.class);
            System.out.println("tls-refused: " + error.getMessage());
        }
    }

    @Test
    void trustThroughSslContextParametersWorksForARoute(LabelStudioServer server) throws Exception {
        assumeTrue(server.personalAccessToken() != null, "LABEL_STUDIO_PAT is not set for the external server");
        // the personal access token also takes the refresh request (/api/token/refresh/) through TLS
        try (DefaultCamelContext camel = camel(tls.url(), server.personalAccessToken())) {
            camel.getRegistry().bind("labelStudioTrust", trust());
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:create")
                            .to("labelstudio:projects?operation=create&sslContextParameters=#labelStudioTrust")
                            .setHeader(LabelStudioConstants.PROJECT_ID, simple("${body.id()}"))
                            .to("labelstudio:projects?operation=get&sslContextParameters=#labelStudioTrust");
                }
            });
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();

            long before = Files.readAllLines(tls.accessLog()).size();
            Project project = template.requestBody(
                    "direct:create",
                    Map.of("title", "TLS IT", "label_config", LabelConfigs.TEXT_CLASSIFICATION),
                    Project.class);
            assertThat(project.title()).isEqualTo("TLS IT");
            template.requestBody(
                    "labelstudio:projects?operation=delete&sslContextParameters=#labelStudioTrust&projectId="
                            + project.id(),
                    (Object) null);
            long proxied = Files.readAllLines(tls.accessLog()).size() - before;
            System.out.println("tls-trusted: requests through nginx=" + proxied);
            assertThat(proxied)
                    .as("refresh, create, get, delete went through nginx")
                    .isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void globalSslContextParametersAreUsedWhenTheComponentAsksForThem(LabelStudioServer server) throws Exception {
        try (DefaultCamelContext camel = camel(tls.url(), server.legacyToken())) {
            camel.setSSLContextParameters(trust());
            camel.getComponent("labelstudio", LabelStudioComponent.class).setUseGlobalSslContextParameters(true);
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();

            Project project = template.requestBody(
                    "labelstudio:projects?operation=create",
                    Map.of("title", "TLS global IT", "label_config", LabelConfigs.TEXT_CLASSIFICATION),
                    Project.class);
            template.requestBody("labelstudio:projects?operation=delete&projectId=" + project.id(), (Object) null);

            assertThat(project.title()).isEqualTo("TLS global IT");
        }
    }

    private static DefaultCamelContext camel(String url, String apiKey) {
        DefaultCamelContext camel = new DefaultCamelContext();
        LabelStudioComponent component = new LabelStudioComponent();
        component.getConfiguration().setUrl(url);
        component.getConfiguration().setApiKey(apiKey);
        camel.addComponent("labelstudio", component);
        return camel;
    }

    private static SSLContextParameters trust() {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + tls.trustStore());
        store.setType("PKCS12");
        store.setPassword(TlsProxy.TRUST_STORE_PASSWORD);
        TrustManagersParameters trustManagers = new TrustManagersParameters();
        trustManagers.setKeyStore(store);
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setTrustManagers(trustManagers);
        return parameters;
    }
}
