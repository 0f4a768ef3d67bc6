package dev.jipc.posixipc;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the calls using a native handle that must be released exactly once ({@code sem_close},
 * {@code munmap}): close marks it closed at once, and the release runs when the last call in
 * progress ends, so no call ever uses a handle already released.
 */
final class Usage {
    private static final long CLOSED = 1L << 62;
    private static final long COUNT = CLOSED - 1;

    private final AtomicLong state = new AtomicLong();
    private final Runnable release;

    Usage(Runnable release) {
        this.release = release;
    }

    /** Marks a call as using the handle; throws if it is closed. */
    void enter() throws ClosedChannelException {
        while (true) {
            long s = state.get();
            if ((s & CLOSED) != 0) {
                throw new ClosedChannelException();
            }
            if (state.compareAndSet(s, s + 1)) {
                return;
            }
        }
    }

    /** Ends a call begun by {@link #enter}; performs a deferred release. */
    void exit() {
        if (state.decrementAndGet() == CLOSED) {
            release.run();
        }
    }

    boolean isClosed() {
        return (state.get() & CLOSED) != 0;
    }

    /** Idempotent; releases now if no call is in progress, else when the last one ends. */
    void close() {
        long s;
        do {
            s = state.get();
            if ((s & CLOSED) != 0) {
                return;
            }
        } while (!state.compareAndSet(s, s | CLOSED));
        if ((s & COUNT) == 0) {
            release.run();
        }
    }
}
