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
import java.util.Deque;
import java.util.function.Consumer;

/**
 * The items one poll handed to the route whose exchanges have not all completed, in delivery order. A route may
 * complete them out of order ({@code .threads()}) or after the poll returned (a {@code seda} hand-off), so an item is
 * committed (its mark stored) only when it and every item before it completed; the first failure stops the commits,
 * and the items after it come again with it. The next poll waits until every exchange of this one has completed,
 * so it starts from the last committed mark and never overtakes an uncommitted item.
 *
 * <p>Thread-safe: exchanges complete on the route's threads, polls run on the scheduler's.
 *
 * @param <T> what one exchange carries
 */
final class InFlightDeliveries<T> {

    /** One item handed to the route. */
    static final class Delivery<T> {
        private final T item;
        private boolean completed;
        private boolean failed;

        private Delivery(T item) {
            this.item = item;
        }

        T item() {
            return item;
        }

        private boolean settled() {
            return completed || failed;
        }
    }

    private final Consumer<T> commit;
    private final Deque<Delivery<T>> deliveries = new ArrayDeque<>();
    private int pending;
    private boolean failed;
    private boolean closed;

    /** @param commit stores the mark past an item; called in delivery order, under this object's lock */
    InFlightDeliveries(Consumer<T> commit) {
        this.commit = commit;
    }

    /**
     * Starts a poll when every exchange of the previous one has completed: forgets what the previous poll left
     * uncommitted (it comes again) and returns true; false while an exchange is still in flight.
     */
    synchronized boolean startPoll() {
        if (pending > 0) {
            return false;
        }
        deliveries.clear();
        failed = false;
        return true;
    }

    synchronized Delivery<T> add(T item) {
        Delivery<T> delivery = new Delivery<>(item);
        deliveries.addLast(delivery);
        pending++;
        return delivery;
    }

    /** An exchange completed: commits it, and the completed items after it, if everything before it is committed. */
    synchronized void completed(Delivery<T> delivery) {
        if (!settle(delivery)) {
            return;
        }
        delivery.completed = true;
        while (!closed && !failed && !deliveries.isEmpty() && deliveries.peekFirst().completed) {
            commit.accept(deliveries.pollFirst().item);
        }
    }

    /** An exchange failed: nothing from it on is committed in this poll. True the first time for this delivery. */
    synchronized boolean failed(Delivery<T> delivery) {
        if (!settle(delivery)) {
            return false;
        }
        delivery.failed = true;
        failed = true;
        return true;
    }

    private boolean settle(Delivery<T> delivery) {
        if (delivery.settled()) {
            return false;
        }
        pending--;
        return true;
    }

    /** True once an exchange of this poll failed: the poll hands out no more items. */
    synchronized boolean anyFailed() {
        return failed;
    }

    /** Exchanges of the last poll not yet completed. */
    synchronized int pending() {
        return pending;
    }

    /** The consumer stopped: completions that arrive later commit nothing (their items come again). */
    synchronized void close() {
        closed = true;
    }
}
