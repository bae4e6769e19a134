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
package io.camellabelstudio.client.error;

/**
 * The operation exists only in Label Studio Enterprise, and the server runs the Community (open-source) edition, which
 * has no such endpoint. Thrown before anything is sent, from the edition the server reports in {@code /api/version}, or
 * when the server answers that it does not know the Data Manager action.
 */
public class EnterpriseOnlyException extends LabelStudioException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String serverUrl;
    private final String edition;
    private final String release;

    /**
     * @param operation the client operation, e.g. {@code assignAnnotators}
     * @param serverUrl the server's base URL, without user info
     * @param edition   the edition the server reported, e.g. {@code Community}
     * @param release   the server's version, e.g. {@code 1.23.2}; null when unknown
     * @param source    where the edition was learned, e.g. {@code from /api/version}
     */
    public EnterpriseOnlyException(
            String operation, String serverUrl, String edition, String release, String source, Throwable cause) {
        super(
                operation + " needs Label Studio Enterprise; the server at " + serverUrl + " runs the " + edition
                        + " edition" + (release == null ? "" : " " + release) + " (" + source + ")",
                cause);
        this.operation = operation;
        this.serverUrl = serverUrl;
        this.edition = edition;
        this.release = release;
    }

    /** The client operation that needs Enterprise, e.g. {@code assignAnnotators}. */
    public String getOperation() {
        return operation;
    }

    /** The server's base URL (without user info). */
    public String getServerUrl() {
        return serverUrl;
    }

    /** The edition the server runs, e.g. {@code Community}. */
    public String getEdition() {
        return edition;
    }

    /** The server's version, e.g. {@code 1.23.2}; null when it did not say. */
    public String getRelease() {
        return release;
    }
}
