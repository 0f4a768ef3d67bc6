package dev.jipc.internal;

import dev.jipc.ErrnoException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.nio.channels.ClosedChannelException;

/**
 * The open/in-use/closed state of one owned descriptor, shared by an {@code Fd} and its
 * {@link Cleaner} action (which must never refer back to the {@code Fd}).
 *
 * <p>The state is one atomic long: a CLOSED bit, a RELEASED bit (ownership given away), a DONE bit
 * (close(2) has been called) and a count of calls using the descriptor. {@link #close()} sets CLOSED
 * and wakes the poller's waiters and the threads blocked in the kernel on it; the real close(2)
 * happens when the count drops to zero, so a number is never recycled while a call of ours still
 * uses it.
 */
public final class FdLifecycle implements Runnable {
    private static final long CLOSED = 1L << 62;
    private static final long RELEASED = 1L << 61;
    private static final long DONE = 1L << 60;
    private static final long COUNT = (1L << 60) - 1;

    private static final boolean DEBUG = Boolean.getBoolean("jipc.debug.fdLeaks");
    private static final System.Logger LOG = System.getLogger("dev.jipc.io.Fd");
    private static final Cleaner CLEANER = Cleaner.create(
            r -> ServiceThreads.unstarted("jipc-fd-cleaner", r));

    private static final VarHandle STATE =
            VarHandles.field(MethodHandles.lookup(), FdLifecycle.class, "state", long.class);

    private final int fd;
    private final String label;
    private final Throwable openedAt;
    /** Held in this object rather than an AtomicLong of its own: one memory load less per call. */
    private volatile long state;
    private volatile boolean polled;
    private volatile boolean kernelBlocked;
    private volatile Runnable onClose;
    /** The registration of the last thread that blocked on this descriptor ({@link KernelBlocking}). */
    KernelBlocking.Blocked lastBlocked;
    private Cleaner.Cleanable cleanable;

    private FdLifecycle(int fd, String label) {
        this.fd = fd;
        this.label = label;
        this.openedAt = DEBUG ? new Throwable("opened here") : null;
    }

    /** Starts tracking {@code fd}; the returned lifecycle is registered with the cleaner for {@code owner}. */
    public static FdLifecycle open(int fd, String label) {
        return new FdLifecycle(fd, label);
    }

    /** Registers the leak safety net; called by the owner right after construction. */
    public void watch(Object owner) {
        cleanable = CLEANER.register(owner, this);
    }

    /** The number. */
    public int fd() {
        return fd;
    }

    /** {@code "pipe reader (fd 5)"}, or {@code "fd 5"} without a label. */
    public String describe() {
        return label == null ? "fd " + fd : label + " (fd " + fd + ")";
    }

    /** Whether close or release has been called. */
    public boolean isClosed() {
        return (state & CLOSED) != 0;
    }

    /** Notes that the poller may hold registrations or waiters for this descriptor. */
    public void markPolled() {
        polled = true;
    }

    /** Notes that a thread may block in a system call on the descriptor ({@link KernelBlocking}). */
    void markKernelBlocked() {
        if (!kernelBlocked) {
            kernelBlocked = true;
        }
    }

    /** Runs {@code action} once when the descriptor is closed or given away (one action at most). */
    public void onClose(Runnable action) {
        onClose = action;
    }

    private void runOnClose() {
        Runnable action = onClose;
        onClose = null;
        if (action != null) {
            action.run();
        }
    }

    /** Marks one call as using the descriptor; throws if it is closed. */
    public int acquire() throws ClosedChannelException {
        while (true) {
            long s = state;
            if ((s & CLOSED) != 0) {
                throw new ClosedChannelException();
            }
            if (STATE.compareAndSet(this, s, s + 1)) {
                return fd;
            }
        }
    }

    /** Ends a call begun by {@link #acquire}; performs a deferred close. */
    public void release() {
        long s = (long) STATE.getAndAdd(this, -1L) - 1;
        if ((s & CLOSED) != 0 && (s & COUNT) == 0) {
            try {
                finish();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "deferred close of " + describe() + " failed", e);
            }
        }
    }

    /** Idempotent close; see the class comment. */
    public void close() throws IOException {
        long s;
        do {
            s = state;
            if ((s & CLOSED) != 0) {
                return;
            }
        } while (!STATE.compareAndSet(this, s, s | CLOSED));
        lastBlocked = null; // so that a closed descriptor does not keep an ended thread reachable
        if (cleanable != null) {
            cleanable.clean();
        }
        if (polled) {
            Poller.get().wakeAll(fd);
        }
        if (kernelBlocked) {
            KernelBlocking.wake(this);
        }
        if ((s & COUNT) == 0) {
            finish();
        }
    }

    /** Gives up ownership without closing; see {@code Fd.release()}. */
    public int releaseOwnership() {
        long s = state;
        if ((s & CLOSED) != 0) {
            throw new IllegalStateException(describe() + " is closed");
        }
        if ((s & COUNT) != 0 || !STATE.compareAndSet(this, s, s | CLOSED | RELEASED | DONE)) {
            throw new IllegalStateException(describe() + " is in use by another thread");
        }
        if (cleanable != null) {
            cleanable.clean();
        }
        if (polled) {
            Poller.get().forget(fd);
        }
        runOnClose();
        return fd;
    }

    private void finish() throws IOException {
        long s;
        do {
            s = state;
            if ((s & DONE) != 0) {
                return;
            }
        } while (!STATE.compareAndSet(this, s, s | DONE));
        if (polled) {
            Poller.get().forget(fd);
        }
        int r = Unistd.close(fd);
        runOnClose();
        if (r < 0) {
            throw new ErrnoException(-r, "close", describe());
        }
    }

    /** The cleaner action: runs on explicit close (doing nothing) or when the owner was leaked. */
    @Override
    public void run() {
        long s = state;
        if ((s & CLOSED) != 0) {
            return;
        }
        if (!STATE.compareAndSet(this, s, s | CLOSED)) {
            run();
            return;
        }
        String msg = describe() + " was never closed; closed by the garbage collector"
                + (openedAt == null ? " (run with -Djipc.debug.fdLeaks=true to see where it was opened)" : "");
        LOG.log(System.Logger.Level.WARNING, msg, openedAt);
        try {
            finish();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing leaked " + describe() + " failed", e);
        }
    }
}
