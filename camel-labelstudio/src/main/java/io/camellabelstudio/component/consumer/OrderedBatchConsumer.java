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
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camellabelstudio.client.error.LabelStudioException;

/**
 * A polling consumer that delivers the items of a poll in order and moves its mark past an item only when the item's
 * exchange completed without an exception: a {@link org.apache.camel.spi.Synchronization} on the exchange commits,
 * so a route that hands the exchange on ({@code .threads()}, {@code seda}) commits when the hand-off's side finishes,
 * not when the hand-off returns. Commits go in delivery order ({@link InFlightDeliveries}); the first failure ends the
 * batch, and the failed item and everything after it come again at the next poll, which waits until every exchange of
 * this one completed.
 *
 * @param <T> what one exchange carries (a task, an export snapshot)
 */
abstract class OrderedBatchConsumer<T> extends ScheduledBatchPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(OrderedBatchConsumer.class);

    private volatile InFlightDeliveries<T> inFlight = new InFlightDeliveries<>(this::delivered);

    OrderedBatchConsumer(Endpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    /** The items this poll delivers, in order; at most maxMessagesPerPoll unless that is 0. */
    protected abstract List<T> fetch();

    /** Sets the exchange's body and headers for the item (may download, which can fail like a poll). */
    protected abstract void fill(Exchange exchange, T item);

    /**
     * Moves the mark past the item and stores it: its exchange completed, and so did those of the items before it.
     * Called on the thread that completed the exchange, never while {@link #fetch()} runs.
     */
    protected abstract void delivered(T item);

    /** The item in a log line, e.g. "task 12". */
    protected abstract String describe(T item);

    /** This consumer in a log line or error message. */
    protected abstract String describe();

    @Override
    protected void doStart() throws Exception {
        inFlight = new InFlightDeliveries<>(this::delivered);
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        inFlight.close(); // exchanges still running after the stop commit nothing: their items come again
        super.doStop();
    }

    @Override
    protected int poll() throws Exception {
        if (!inFlight.startPoll()) {
            LOG.debug(
                    "{}: {} exchange(s) of the last poll still running; polling later", describe(), inFlight.pending());
            return 0;
        }
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
        int handedOn = 0;
        try {
            for (int index = 0; index < total && isBatchAllowed() && !inFlight.anyFailed(); index++) {
                T item = (T) batch.poll();
                pendingExchanges = total - index - 1;
                deliver(item, index, total);
                handedOn++;
            }
        } finally {
            pendingExchanges = 0;
        }
        return handedOn;
    }

    /** Hands one item to the route; its exchange commits or keeps the mark when it completes, maybe later. */
    private void deliver(T item, int index, int total) {
        Exchange exchange = createExchange(true);
        exchange.setProperty(ExchangePropertyKey.BATCH_INDEX, index);
        exchange.setProperty(ExchangePropertyKey.BATCH_SIZE, total);
        exchange.setProperty(ExchangePropertyKey.BATCH_COMPLETE, index == total - 1);
        fill(exchange, item);
        InFlightDeliveries<T> deliveries = inFlight;
        InFlightDeliveries.Delivery<T> delivery = deliveries.add(item);
        exchange.getExchangeExtension().addOnCompletion(new Commit(deliveries, delivery));
        getAsyncProcessor().process(exchange, doneSync -> {
            if (exchange.isFailed()) {
                // failed before the route took it (no unit of work ran the Commit): keep the mark all the same
                failed(deliveries, delivery, exchange);
            }
        });
    }

    private void failed(InFlightDeliveries<T> deliveries, InFlightDeliveries.Delivery<T> delivery, Exchange exchange) {
        if (deliveries.failed(delivery)) {
            Throwable failure = exchange.getException() != null
                    ? exchange.getException()
                    : new IllegalStateException("the exchange was marked rollback-only");
            getExceptionHandler()
                    .handleException(
                            describe() + " failed on " + describe(delivery.item())
                                    + "; it comes again at the next poll",
                            exchange,
                            failure);
        }
    }

    /** Commits the item when its exchange completes, wherever the route completed it; keeps the mark on failure. */
    private final class Commit extends SynchronizationAdapter {
        private final InFlightDeliveries<T> deliveries;
        private final InFlightDeliveries.Delivery<T> delivery;

        Commit(InFlightDeliveries<T> deliveries, InFlightDeliveries.Delivery<T> delivery) {
            this.deliveries = deliveries;
            this.delivery = delivery;
        }

        @Override
        public void onComplete(Exchange exchange) {
            deliveries.completed(delivery);
        }

        @Override
        public void onFailure(Exchange exchange) {
            failed(deliveries, delivery, exchange);
        }
    }
}
