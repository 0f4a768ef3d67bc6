package dev.jipc.internal;

import dev.jipc.Errno;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A blocking {@code open(2)} of a fifo, run on a small pool of platform threads so that the
 * caller — possibly a virtual thread — waits by parking, with a deadline and interruption.
 *
 * <p>A fifo open blocks in the kernel until the other side arrives and cannot be polled, so it is
 * the one call jipc hands to a helper thread. To cancel it (timeout, interrupt) jipc opens the fifo
 * itself from the other side without blocking, which completes the stuck open, and closes both
 * descriptors. The fifo is reopened through {@code /proc/self/fd/N} of an O_PATH handle taken at the
 * start, so this works even if the path has been unlinked or replaced meanwhile. The handle is
 * closed by whichever of the two threads finishes with it last, so its number is never reused
 * while either could still open through it. If the other side cannot be opened (no permission),
 * the helper is left blocked; it closes what it gets once the fifo is next opened.
 */
public final class BlockingOpen {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(
            r -> ServiceThreads.unstarted("jipc-fifo-open", r));

    private static final int PENDING = Integer.MIN_VALUE;
    private static final int CANCELLED = Integer.MIN_VALUE + 1;

    private final int pathFd;
    private final String reopenPath;
    private final AtomicInteger handleUsers = new AtomicInteger(2);
    private final int flags;
    private final int unblockFlags;
    private final AtomicInteger result = new AtomicInteger(PENDING);
    private final CountDownLatch done = new CountDownLatch(1);

    /**
     * Starts the open.
     *
     * @param pathFd an O_PATH handle of the fifo; this object closes it
     * @param flags the open flags (blocking)
     * @param unblockFlags the non-blocking flags of an open from the other side
     */
    public BlockingOpen(int pathFd, int flags, int unblockFlags) {
        this.pathFd = pathFd;
        this.reopenPath = "/proc/self/fd/" + pathFd;
        this.flags = flags;
        this.unblockFlags = unblockFlags;
        POOL.execute(this::run);
    }

    private void run() {
        try {
            if (result.get() == CANCELLED) {
                return;
            }
            int r = Fcntl.open(reopenPath, flags, 0);
            if (!result.compareAndSet(PENDING, r) && r >= 0) {
                Unistd.close(r);
            }
        } finally {
            done.countDown();
            dropHandle();
        }
    }

    private void dropHandle() {
        if (handleUsers.decrementAndGet() == 0) {
            Unistd.close(pathFd);
        }
    }

    /** Outcome of {@link #await}: a descriptor, {@code -errno}, or one of the two give-up reasons. */
    public sealed interface Outcome {
        /** The open completed: a descriptor (>= 0) or {@code -errno}. */
        record Completed(int result) implements Outcome {}

        /** The deadline passed; nothing is left open. */
        record TimedOut() implements Outcome {}

        /** The thread was interrupted; nothing is left open and the interrupt status stays set. */
        record Interrupted() implements Outcome {}
    }

    /**
     * Waits for the open until {@code deadline} ({@link System#nanoTime()}, {@code Long.MAX_VALUE}
     * for none). On timeout or interrupt the open is cancelled and fully wound down before returning.
     */
    public Outcome await(long deadline) {
        try {
            return awaitOrCancel(deadline);
        } finally {
            dropHandle();
        }
    }

    private Outcome awaitOrCancel(long deadline) {
        boolean interrupted = false;
        try {
            while (true) {
                long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                if (done.await(Math.min(left, TimeUnit.DAYS.toNanos(1)), TimeUnit.NANOSECONDS)) {
                    return new Outcome.Completed(result.get());
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (!result.compareAndSet(PENDING, CANCELLED)) {
            // Completed just now: the descriptor is ours after all.
            awaitDoneUninterruptibly();
            if (interrupted) {
                int fd = result.get();
                if (fd >= 0) {
                    Unistd.close(fd);
                }
                Thread.currentThread().interrupt();
                return new Outcome.Interrupted();
            }
            return new Outcome.Completed(result.get());
        }
        cancel();
        if (interrupted) {
            Thread.currentThread().interrupt();
            return new Outcome.Interrupted();
        }
        return new Outcome.TimedOut();
    }

    /** Opens the other side without blocking until the helper's open has returned. */
    private void cancel() {
        boolean wasInterrupted = Thread.interrupted();
        try {
            while (done.getCount() > 0) {
                int other = Fcntl.open(reopenPath, unblockFlags, 0);
                if (other >= 0) {
                    Unistd.close(other);
                } else if (other != -Errno.ENXIO.number()) {
                    return; // cannot unblock: abandon the helper, which cleans up after itself
                }
                try {
                    if (done.await(5, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    wasInterrupted = true;
                }
            }
            awaitDoneUninterruptibly();
        } finally {
            if (wasInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitDoneUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
