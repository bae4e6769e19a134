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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.apache.camel.ResolveEndpointFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.camellabelstudio.client.AuthScheme;
import io.camellabelstudio.client.StorageType;
import io.camellabelstudio.client.StoragesApi.Direction;

/** Closed sets are enums and time options durations: Camel converts them when the endpoint is created. */
class OptionTypesTest extends StubCamelTestSupport {

    private LabelStudioConfiguration configurationOf(String uri) {
        return camel.getEndpoint(uri, LabelStudioEndpoint.class).getConfiguration();
    }

    @Test
    void enumOptionsTakeTheNamesUsersWrite() {
        LabelStudioConfiguration config = configurationOf("labelstudio:tasks?operation=deleteMany&fields=task_only"
                + "&event=completed&authScheme=legacyToken&storageType=localfiles&direction=export");
        assertThat(config.getOperation()).isEqualTo(LabelStudioOperation.DELETE_MANY);
        assertThat(config.getFields()).isEqualTo(TaskFields.TASK_ONLY);
        assertThat(config.getEvent()).isEqualTo(TaskEvent.COMPLETED);
        assertThat(config.getAuthScheme()).isEqualTo(AuthScheme.LEGACY_TOKEN);
        assertThat(config.getStorageType()).isEqualTo(StorageType.LOCALFILES);
        assertThat(config.getDirection()).isEqualTo(Direction.EXPORT);
        assertThat(configurationOf("labelstudio:tasks?operation=import").getOperation())
                .isEqualTo(LabelStudioOperation.IMPORT);
        assertThat(configurationOf("labelstudio:projects?authScheme=personalAccessToken")
                        .getAuthScheme())
                .isEqualTo(AuthScheme.PERSONAL_ACCESS_TOKEN);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "labelstudio:tasks?operation=imprt|operation|imprt|list, get, create, update, delete, validateConfig, import,",
                "labelstudio:tasks?fields=everything|fields|everything|task_only, all",
                "labelstudio:tasks?event=deleted|event|deleted|created, updated, completed",
                "labelstudio:projects?authScheme=basic|authScheme|basic|auto, legacyToken, personalAccessToken",
                "labelstudio:storages?storageType=ftp|storageType|ftp|s3, s3s, gcs, azure, redis, localfiles",
                "labelstudio:storages?direction=sideways|direction|sideways|import, export"
            })
    void aBadEnumValueFailsAtEndpointCreationNamingTheOptionAndTheValidValues(
            String uri, String option, String value, String valid) {
        assertThatThrownBy(() -> camel.getEndpoint(uri))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("(" + option + "=" + value + ")")
                .rootCause()
                .hasMessageContaining("'" + value + "' is not one of: " + valid);
        assertThat(stub.requestCount()).isZero();
    }

    @Test
    void javaConstantNamesWorkToo() {
        LabelStudioConfiguration config = configurationOf("labelstudio:tasks?operation=DELETE_MANY&fields=ALL");
        assertThat(config.getOperation()).isEqualTo(LabelStudioOperation.DELETE_MANY);
        assertThat(config.getFields()).isEqualTo(TaskFields.ALL);
    }

    @Test
    void timeOptionsTakeDurationsAndPlainMilliseconds() {
        LabelStudioConfiguration config = configurationOf("labelstudio:tasks?importTimeout=30s&exportTimeout=10m"
                + "&syncTimeout=30000&connectTimeout=PT5S&responseTimeout=1m30s&serverTimeLimit=45s"
                + "&retryInitialDelay=250ms&retryMaxDelay=2s&retryAfterMaxDelay=1m&pollOverlap=0"
                + "&lateCommitWindow=2m");
        assertThat(config.getImportTimeout()).isEqualTo(30_000);
        assertThat(config.getExportTimeout()).isEqualTo(Duration.ofMinutes(10).toMillis());
        assertThat(config.getSyncTimeout()).isEqualTo(30_000);
        assertThat(config.getConnectTimeout()).isEqualTo(5_000);
        assertThat(config.getResponseTimeout()).isEqualTo(90_000);
        assertThat(config.getServerTimeLimit()).isEqualTo(45_000);
        assertThat(config.getRetryInitialDelay()).isEqualTo(250);
        assertThat(config.getRetryMaxDelay()).isEqualTo(2_000);
        assertThat(config.getRetryAfterMaxDelay()).isEqualTo(60_000);
        assertThat(config.getPollOverlap()).isZero();
        assertThat(config.getLateCommitWindow()).isEqualTo(120_000);
    }

    @Test
    void aBadDurationFailsAtEndpointCreationNamingTheOption() {
        assertThatThrownBy(() -> camel.getEndpoint("labelstudio:tasks?importTimeout=soon"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("importTimeout=soon");
    }
}
