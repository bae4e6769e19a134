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
package io.camellabelstudio.reliability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * A Camel {@link StateRepository} in a database table that several nodes share: every {@link #getState} reads the
 * table, so a node that becomes leader continues from the mark the previous leader wrote last (a repository that
 * loads its store once at start, like {@code FileStateRepository}, would give it a stale mark after a second
 * change of leader). The table: {@code LABELSTUDIO_STATE (state_key VARCHAR(255) PRIMARY KEY, state_value
 * VARCHAR(4000))}. The {@code MERGE ... KEY} statement is H2's upsert.
 */
final class JdbcStateRepository extends ServiceSupport implements StateRepository<String, String> {

    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS LABELSTUDIO_STATE"
            + " (state_key VARCHAR(255) PRIMARY KEY, state_value VARCHAR(4000))";

    private final DataSource dataSource;

    JdbcStateRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String getState(String key) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT state_value FROM LABELSTUDIO_STATE WHERE state_key = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot read the state of " + key, e);
        }
    }

    @Override
    public void setState(String key, String value) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement merge = connection.prepareStatement(
                        "MERGE INTO LABELSTUDIO_STATE (state_key, state_value) KEY (state_key) VALUES (?, ?)")) {
            merge.setString(1, key);
            merge.setString(2, value);
            merge.executeUpdate();
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot store the state of " + key, e);
        }
    }
}
