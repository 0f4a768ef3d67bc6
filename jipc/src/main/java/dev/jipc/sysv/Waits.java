package dev.jipc.sysv;

import dev.jipc.TimedOutException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * How jipc waits on SysV objects without holding a thread in the kernel.
 *
 * <p>msgrcv and msgsnd have no timed variant and no descriptor to poll, and a thread sleeping in the
 * kernel ignores {@link Thread#interrupt()} and, if virtual, pins its carrier. So every wait here is
 * a loop of non-blocking attempts ({@code IPC_NOWAIT}): first, for {@value #SPIN_MICROS} µs, retried
 * back to back (yielding the carrier between tries on a virtual thread), which keeps a ping-pong
 * partner's answer as fast as a kernel wake-up; then parked with {@link LockSupport#parkNanos}, from
 * {@value #FIRST_PARK_MICROS} µs doubling up to {@value #MAX_PARK_MILLIS} ms. Between attempts the
 * thread's interrupt and the deadline are checked. An object removed under a waiter shows up as
 * {@code EIDRM}, as it would to a waiter in the kernel. The cost: a waiter that has waited long notices
 * its object at most {@value #MAX_PARK_MILLIS} ms late, and takes about 100 cheap system calls a
 * second while it waits.
 */
final class Waits {
    private Waits() {}

    static final long SPIN_MICROS = 50;
    static final int EINVAL = 22;
    static final int EIDRM = 43;
    static final long FIRST_PARK_MICROS = 20;
    static final long MAX_PARK_MILLIS = 10;

    /** One non-blocking attempt: a result {@code >= 0}, or {@code -errno}. */
    @FunctionalInterface
    interface Attempt {
        long tryOnce();
    }

    /** The deadline in {@link System#nanoTime()} terms for {@code timeout}, or {@link Long#MAX_VALUE} for none. */
    static long deadline(Duration timeout) {
        if (timeout == null) {
            return Long.MAX_VALUE;
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout " + timeout);
        }
        long now = System.nanoTime();
        long nanos = timeout.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE / 2 : timeout.toNanos();
        return now + nanos;
    }

    /**
     * Retries {@code attempt} while it answers {@code -wouldBlock} (or {@code -otherWouldBlock}).
     *
     * @return the first other answer, a result or a {@code -errno}
     * @throws InterruptedIOException if the thread is interrupted first (its status stays set)
     * @throws TimedOutException if {@code deadline} passes first
     */
    static long await(Attempt attempt, int wouldBlock, int otherWouldBlock, long deadline, Duration timeout,
                      String what) throws InterruptedIOException, TimedOutException {
        long r = attempt.tryOnce();
        if (r != -wouldBlock && r != -otherWouldBlock) {
            return r;
        }
        boolean virtual = Thread.currentThread().isVirtual();
        long start = System.nanoTime();
        long park = 0;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException(what + ": interrupted");
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                throw new TimedOutException(what, timeout == null ? Duration.ZERO : timeout);
            }
            if (now - start < SPIN_MICROS * 1000) {
                if (virtual) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            } else {
                park = park == 0 ? FIRST_PARK_MICROS * 1000 : Math.min(park * 2, MAX_PARK_MILLIS * 1_000_000);
                LockSupport.parkNanos(Math.min(park, deadline - now));
            }
            r = attempt.tryOnce();
            if (r != -wouldBlock && r != -otherWouldBlock) {
                // The object answered "would block" before, so an invalid id now means it was
                // removed meanwhile: what a waiter sleeping in the kernel would learn as EIDRM.
                return r == -EINVAL ? -EIDRM : r;
            }
        }
    }
}
