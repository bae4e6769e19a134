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
package io.camellabelstudio.component.producer;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

import io.camellabelstudio.client.StorageType;
import io.camellabelstudio.client.StoragesApi;
import io.camellabelstudio.client.StoragesApi.Direction;
import io.camellabelstudio.client.model.Storage;
import io.camellabelstudio.component.LabelStudioConfiguration;
import io.camellabelstudio.component.LabelStudioConstants;

/**
 * The operations of {@code labelstudio:storages}: bodies of create, update and validate are the storage's fields
 * (Map or JSON), credentials included; they are sent to the server only, never logged.
 */
public final class StorageOperations {

    public void process(OperationContext ctx) {
        LabelStudioConfiguration config = ctx.configuration();
        StoragesApi storages = ctx.client().storages().withCredentialsFiles(config.isGcsCredentialsFromFile());
        Direction direction = config.getDirection() == null ? Direction.IMPORT : config.getDirection();
        switch (ctx.operation()) {
            case CREATE ->
                result(
                        ctx,
                        storages.create(
                                direction,
                                type(ctx),
                                ctx.requiredId(IdOption.PROJECT),
                                ctx.bodyAsFields(),
                                config.isReuseExisting()));
            case LIST ->
                ctx.out()
                        .setBody(
                                config.getStorageType() == null
                                        ? storages.listAll(direction, ctx.requiredId(IdOption.PROJECT))
                                        : storages.list(direction, type(ctx), ctx.requiredId(IdOption.PROJECT)));
            case GET -> result(ctx, storages.get(direction, type(ctx), ctx.requiredId(IdOption.STORAGE)));
            case UPDATE ->
                result(
                        ctx,
                        storages.update(direction, type(ctx), ctx.requiredId(IdOption.STORAGE), ctx.bodyAsFields()));
            case DELETE -> {
                long id = ctx.requiredId(IdOption.STORAGE);
                storages.delete(direction, type(ctx), id);
                ctx.out().setHeader(LabelStudioConstants.STORAGE_ID, id);
                ctx.out().setBody(true);
            }
            case VALIDATE -> {
                storages.validate(direction, type(ctx), ctx.requiredId(IdOption.PROJECT), ctx.bodyAsFields());
                ctx.out().setBody(true);
            }
            case SYNC -> {
                Storage storage = storages.sync(
                        direction,
                        type(ctx),
                        ctx.requiredId(IdOption.STORAGE),
                        config.isWaitForSync(),
                        Duration.ofMillis(config.getSyncTimeout()));
                if (storage.lastSyncCount() != null) {
                    ctx.out().setHeader(LabelStudioConstants.SYNC_COUNT, storage.lastSyncCount());
                }
                result(ctx, storage);
            }
            default -> throw new IllegalArgumentException("Operation " + ctx.describe() + " is not supported");
        }
    }

    private static StorageType type(OperationContext ctx) {
        StorageType type = ctx.configuration().getStorageType();
        if (type == null) {
            throw new IllegalArgumentException(ctx.describe() + " needs the storageType option: "
                    + Arrays.stream(StorageType.values())
                            .map(StorageType::toString)
                            .collect(Collectors.joining(", ")));
        }
        return type;
    }

    private static void result(OperationContext ctx, Storage storage) {
        ctx.out().setHeader(LabelStudioConstants.STORAGE_ID, storage.id());
        ctx.out().setHeader(LabelStudioConstants.STORAGE_STATUS, storage.status());
        ctx.out().setBody(storage);
    }
}
