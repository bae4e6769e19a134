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
package io.camellabelstudio.client.model;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/** A growable list of ids backed by a {@code long[]}: a million task ids take 8 MB, not the 24 MB of boxed Longs. */
public final class LongList extends AbstractList<Long> implements RandomAccess {

    private long[] values = new long[16];
    private int size;

    public void addLong(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = value;
    }

    @Override
    public boolean add(Long value) {
        addLong(value);
        return true;
    }

    @Override
    public Long get(int index) {
        return getLong(index);
    }

    public long getLong(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("Index " + index + " out of bounds for size " + size);
        }
        return values[index];
    }

    @Override
    public int size() {
        return size;
    }
}
