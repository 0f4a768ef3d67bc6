package dev.jipc.signal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Signals delivered as values to take, for code that prefers a loop to a callback (Go's
 * {@code signal.Notify}): {@code try (var q = SignalQueue.subscribe(SIGINT, SIGTERM)) { q.take(); }}.
 *
 * <p>While a queue is subscribed to a signal, the signal is caught: its default action (ending the
 * JVM, for SIGTERM) does not happen, whatever handler registrations say, and a handler registered
 * with {@link Signals#handle} still runs too. Each delivery is added to every subscribed queue by the
 * dispatcher, in arrival order, held signals after their {@link Signals#hold hold} ends.
 *
 * <h2>Bounded, never blocking delivery</h2>
 * A queue holds at most {@code capacity} entries (never fewer than the number of signals it
 * subscribes to). Delivery to a full queue never waits: an arriving signal that is already in the
 * queue is dropped; one that is not takes the place of the newest duplicate of another signal. So
 * every subscribed signal that arrived is in the queue at least once until it is taken; only
 * repetitions are lost, and {@link #overflowed()} counts them.
 *
 * <h2>Closing</h2>
 * {@link #close()} unsubscribes and discards what was not taken; once it returns nothing more is
 * added, and {@link #take()} and {@link #poll} throw {@link IllegalStateException} (a thread blocked
 * in them wakes up and throws too).
 */
public final class SignalQueue implements AutoCloseable {
    /** The capacity of {@link #subscribe(Signal...)}. */
    public static final int DEFAULT_CAPACITY = 64;

    private final List<Signal> signals;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();
    private final ArrayDeque<Signal> items = new ArrayDeque<>();
    private long overflowed;
    private boolean closed;

    private SignalQueue(List<Signal> signals, int capacity) {
        this.signals = signals;
        this.capacity = Math.max(capacity, signals.size());
    }

    /**
     * Subscribes a new queue of {@link #DEFAULT_CAPACITY} entries to {@code signals}.
     *
     * @throws SignalNotHandleableException for a signal that cannot be handled here
     */
    public static SignalQueue subscribe(Signal... signals) {
        return subscribe(DEFAULT_CAPACITY, signals);
    }

    /**
     * Subscribes a new queue of {@code capacity} entries to {@code signals}.
     *
     * @throws SignalNotHandleableException for a signal that cannot be handled here
     * @throws IllegalArgumentException if no signal is given or {@code capacity < 1}
     */
    public static SignalQueue subscribe(int capacity, Signal... signals) {
        if (signals.length == 0 || capacity < 1) {
            throw new IllegalArgumentException("subscribe needs at least one signal and a capacity >= 1");
        }
        List<Signal> list = Arrays.stream(signals).distinct().toList();
        for (Signal s : list) {
            Signals.checkHandleable(s);
        }
        SignalQueue q = new SignalQueue(list, capacity);
        Dispatcher.get().subscribe(q, list);
        return q;
    }

    /** The signals this queue is subscribed to. */
    public List<Signal> signals() {
        return signals;
    }

    /**
     * Waits for the next signal and removes it.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws IllegalStateException once the queue is closed
     */
    public Signal take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                checkOpen();
                nonEmpty.await();
            }
            checkOpen();
            return items.removeFirst();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeout} for the next signal; empty if none came.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws IllegalStateException once the queue is closed
     */
    public Optional<Signal> poll(Duration timeout) throws InterruptedException {
        long nanos = Math.max(0, timeout.toNanos());
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                checkOpen();
                if (nanos <= 0) {
                    return Optional.empty();
                }
                nanos = nonEmpty.awaitNanos(nanos);
            }
            checkOpen();
            return Optional.of(items.removeFirst());
        } finally {
            lock.unlock();
        }
    }

    /** The next signal if one is waiting, without waiting. @throws IllegalStateException once closed */
    public Optional<Signal> poll() {
        lock.lock();
        try {
            checkOpen();
            return Optional.ofNullable(items.pollFirst());
        } finally {
            lock.unlock();
        }
    }

    /** How many deliveries were dropped because the queue was full (see the class comment). */
    public long overflowed() {
        lock.lock();
        try {
            return overflowed;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Unsubscribes, discards what was not taken and wakes any waiting thread; idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            items.clear();
            nonEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        Dispatcher.get().unsubscribe(this, signals);
    }

    /** Called by dispatch only; never blocks beyond the queue's own short lock. */
    void offer(Signal s) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (items.size() >= capacity) {
                overflowed++;
                if (items.contains(s) || !evictNewestDuplicate()) {
                    return;
                }
            }
            items.addLast(s);
            nonEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    private boolean evictNewestDuplicate() {
        for (Iterator<Signal> it = items.descendingIterator(); it.hasNext();) {
            Signal candidate = it.next();
            int count = 0;
            for (Signal x : items) {
                if (x == candidate && ++count > 1) {
                    it.remove();
                    return true;
                }
            }
        }
        return false;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("signal queue for " + signals + " is closed");
        }
    }

    @Override
    public String toString() {
        return "SignalQueue" + signals + (isClosed() ? " (closed)" : "");
    }
}
