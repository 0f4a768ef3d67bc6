package dev.jipc.sysv;

import dev.jipc.TimedOutException;
import java.io.InterruptedIOException;
import dev.jipc.internal.ThreadWake;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p><b>Platform threads sleep in the kernel.</b> A platform thread pins no carrier, so for
 * msgrcv/msgsnd it may sleep in the kernel as C does, woken by the kernel the moment a message or
 * room arrives ({@link #blocking}). What msgrcv lacks, a timeout and a way out on interrupt, a
 * watchdog thread supplies: every {@value #WATCH_MILLIS} ms it looks at the threads sleeping there
 * and sends one whose deadline passed or that was interrupted a {@code SIGPIPE} with
 * {@code tgkill(2)} (see {@link ThreadWake}); HotSpot's handler for it does nothing, and the call
 * fails with {@code EINTR}, after which the thread sees its interrupt or deadline. So a timeout or
 * an interrupt is noticed within about {@value #WATCH_MILLIS} ms, like a semaphore wait's
 * {@code semtimedop} slice. A signal is only sent while the thread is registered as sleeping (under
 * the waiter's lock), so it cannot hit other code of the thread. Where SIGPIPE has no handler (a
 * JVM that is not HotSpot, or one whose SIGPIPE was reset by native code), platform threads poll as
 * virtual ones do. {@code -Djipc.sysv.blockingWait=false} also turns this off.
 */
final class Waits {
    private Waits() {}

    static final long SPIN_MICROS = 50;
    static final int EINVAL = 22;
    static final int EIDRM = 43;
    static final long FIRST_PARK_MICROS = 20;
    static final long MAX_PARK_MILLIS = 10;

    static final long WATCH_MILLIS = 10;
    static final int EINTR = 4;

    /** Whether platform threads sleep in msgrcv/msgsnd (see the class comment). */
    static final boolean BLOCKING = ThreadWake.available()
            && Boolean.parseBoolean(System.getProperty("jipc.sysv.blockingWait", "true"));

    /** Whether the calling thread should use {@link #blocking} rather than {@link #await}. */
    static boolean mayBlock() {
        return BLOCKING && !Thread.currentThread().isVirtual();
    }

    /** A platform thread sleeping in a call, for the watchdog. */
    private static final class Sleeper {
        final Thread thread = Thread.currentThread();
        final int tid = ThreadWake.gettid();
        final long deadline;
        boolean registered = true;

        Sleeper(long deadline) {
            this.deadline = deadline;
        }
    }

    private static final Set<Sleeper> SLEEPERS = ConcurrentHashMap.newKeySet();
    private static volatile Thread watchdog;
    private static volatile boolean watchdogIdle;

    private static void register(Sleeper s) {
        SLEEPERS.add(s);
        Thread w = watchdog;
        if (w == null) {
            synchronized (Waits.class) {
                w = watchdog;
                if (w == null) {
                    w = Thread.ofPlatform().daemon().name("jipc-sysv-watchdog").start(Waits::watch);
                    watchdog = w;
                }
            }
        }
        if (watchdogIdle) {
            LockSupport.unpark(w); // only a parked-without-limit watchdog needs waking: no futex call per wait
        }
    }

    private static void unregister(Sleeper s) {
        synchronized (s) {
            s.registered = false;
        }
        SLEEPERS.remove(s);
    }

    private static void watch() {
        while (true) {
            if (SLEEPERS.isEmpty()) {
                watchdogIdle = true;
                if (SLEEPERS.isEmpty()) {
                    LockSupport.park();
                }
                watchdogIdle = false;
            } else {
                LockSupport.parkNanos(WATCH_MILLIS * 1_000_000);
            }
            long now = System.nanoTime();
            for (Sleeper s : SLEEPERS) {
                if (s.thread.isInterrupted() || now - s.deadline >= 0) {
                    synchronized (s) {
                        if (s.registered) {
                            ThreadWake.wake(s.tid);
                        }
                    }
                }
            }
        }
    }

    /**
     * Runs {@code call}, which may sleep in the kernel, on a platform thread, until it answers other
     * than {@code -EINTR}; the watchdog interrupts it once the thread is interrupted or
     * {@code deadline} passes.
     *
     * @return the call's answer, a result or a {@code -errno}
     */
    static long blocking(Attempt call, long deadline, Duration timeout, String what)
            throws InterruptedIOException, TimedOutException {
        Sleeper s = new Sleeper(deadline);
        register(s);
        try {
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException(what + ": interrupted");
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new TimedOutException(what, timeout == null ? Duration.ZERO : timeout);
                }
                long r = call.tryOnce();
                if (r != -EINTR) {
                    return r == -EINVAL ? -EIDRM : r;
                }
            }
        } finally {
            unregister(s);
        }
    }

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
