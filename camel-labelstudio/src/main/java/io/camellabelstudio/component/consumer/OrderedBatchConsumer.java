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

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledBatchPollingConsumer;

import io.camellabelstudio.client.error.LabelStudioException;

/**
 * A polling consumer that delivers the items of a poll one at a time, in order, and moves its mark past an item only
 * after the item's exchange completed without an exception. The first failure ends the batch: the item comes again
 * at the next poll, and nothing after it overtakes it.
 *
 * @param <T> what one exchange carries (a task, an export snapshot)
 */
abstract class OrderedBatchConsumer<T> extends ScheduledBatchPollingConsumer {

    OrderedBatchConsumer(Endpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    /** The items this poll delivers, in order; at most maxMessagesPerPoll unless that is 0. */
    protected abstract List<T> fetch();

    /** Sets the exchange's body and headers for the item (may download, which can fail like a poll). */
    protected abstract void fill(Exchange exchange, T item);

    /** Moves the mark past the item and stores it: its exchange completed. */
    protected abstract void delivered(T item);

    /** The item in a log line, e.g. "task 12". */
    protected abstract String describe(T item);

    /** This consumer in a log line or error message. */
    protected abstract String describe();

    @Override
    protected int poll() throws Exception {
        try {
            return processBatch(new ArrayDeque<>(fetch()));
        } catch (LabelStudioException e) {
            throw new LabelStudioPollException(describe(), e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public int processBatch(Queue<Object> batch) throws Exception {
        int total = batch.size();
        int delivered = 0;
        try {
            for (int index = 0; index < total && isBatchAllowed(); index++) {
                T item = (T) batch.poll();
                pendingExchanges = total - index - 1;
                if (!deliver(item, index, total)) {
                    break;
                }
                delivered(item);
                delivered++;
            }
        } finally {
            pendingExchanges = 0;
        }
        return delivered;
    }

    /** Routes one item; true when its exchange completed without an exception. */
    private boolean deliver(T item, int index, int total) throws Exception {
        Exchange exchange = createExchange(false);
        try {
            exchange.setProperty(ExchangePropertyKey.BATCH_INDEX, index);
            exchange.setProperty(ExchangePropertyKey.BATCH_SIZE, total);
            exchange.setProperty(ExchangePropertyKey.BATCH_COMPLETE, index == total - 1);
            fill(exchange, item);
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            Exception failure = exchange.getException();
            if (failure != null) {
                getExceptionHandler()
                        .handleException(
                                describe() + " failed on " + describe(item) + "; it comes again at the next poll",
                                exchange,
                                failure);
                return false;
            }
            return true;
        } finally {
            releaseExchange(exchange, false);
        }
    }
}
