package dev.jipc.sysv;

import dev.jipc.TimedOutException;
import dev.jipc.internal.ServiceThreads;
import java.io.InterruptedIOException;
import dev.jipc.internal.ThreadWake;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * How jipc waits on SysV objects without holding a thread in the kernel.
 *
 * <p>msgrcv and msgsnd have no timed variant and no descriptor to poll, and a thread sleeping in the
 * kernel ignores {@link Thread#interrupt()} and, if virtual, pins its carrier. So a virtual thread's
 * wait ({@link #await}) is a loop of non-blocking attempts ({@code IPC_NOWAIT}): first, for {@value #SPIN_MICROS} µs, retried
 * back to back (yielding the carrier between tries on a virtual thread), which keeps a ping-pong
 * partner's answer as fast as a kernel wake-up; then parked with {@link LockSupport#parkNanos}, from
 * {@value #FIRST_PARK_MICROS} µs doubling up to {@value #MAX_PARK_MILLIS} ms. Between attempts the
 * thread's interrupt and the deadline are checked. An object removed under a waiter shows up as
 * {@code EIDRM}, as it would to a waiter in the kernel. The cost: a waiter that has waited long notices
 * its object at most {@value #MAX_PARK_MILLIS} ms late, and takes about 100 cheap system calls a
 * second while it waits.
 *
 * <p><b>Platform threads sleep in the kernel.</b> A platform thread pins no carrier, so it sleeps in
 * semop/semtimedop, msgrcv or msgsnd as C does, woken by the kernel the moment its semaphore, message
 * or room arrives ({@link #blocking}), with no {@code IPC_NOWAIT} attempt first: one system call per
 * operation, as in C. What those calls lack, a way out on interrupt (and for msgrcv/msgsnd a
 * timeout), a watchdog thread supplies: every {@value #WATCH_MILLIS} ms it looks at the threads
 * sleeping there and sends one whose deadline passed or that was interrupted a {@code SIGPIPE} with
 * {@code tgkill(2)} (see {@link ThreadWake}); HotSpot's handler for it does nothing, and the call
 * fails with {@code EINTR}, after which the thread sees its interrupt or deadline. So an interrupt
 * (or a queue timeout) is noticed within about {@value #WATCH_MILLIS} ms. A signal is only sent while
 * the thread is marked as sleeping (under the mark's lock), so it cannot hit other code of the thread.
 *
 * <p>The marks cost no shared writes: each platform thread has one {@link Sleeper}, registered with
 * the watchdog on its first wait (and forgotten when the thread ends), which it flags before and
 * after each call under its own lock. The watchdog ticks while any thread has waited in the last
 * {@value #IDLE_TICKS} ticks and then parks until a wait wakes it, so a ping-pong of many short waits
 * neither wakes it per wait nor lets it go to sleep and be woken again (an earlier version, which
 * parked it whenever no thread was asleep at that instant, woke it on almost every wait, a third
 * thread scheduled per round trip). The same per-thread object keeps a native buffer for the
 * calls' arguments, so a wait allocates no native memory.
 *
 * <p>Where SIGPIPE has no handler (a JVM that is not HotSpot, or one whose SIGPIPE was reset by native
 * code), platform threads poll as virtual ones do (semaphores: in {@code semtimedop} slices).
 * {@code -Djipc.sysv.blockingWait=false} also turns this off.
 */
final class Waits {
    private Waits() {}

    static final long SPIN_MICROS = 50;
    static final int EINVAL = 22;
    static final int EIDRM = 43;
    static final long FIRST_PARK_MICROS = 20;
    static final long MAX_PARK_MILLIS = 10;

    static final long WATCH_MILLIS = 10;
    /** Quiet watchdog ticks (no wait began, none in progress) before the watchdog parks for good. */
    static final int IDLE_TICKS = 100;
    static final int EINTR = 4;
    /** Per-thread buffers up to this size are kept for the next call; larger ones are not. */
    static final long KEPT_SCRATCH = 64 * 1024;

    /** Whether platform threads sleep in the kernel (see the class comment). */
    static final boolean BLOCKING = ThreadWake.available()
            && Boolean.parseBoolean(System.getProperty("jipc.sysv.blockingWait", "true"));

    /** Whether the calling thread should use {@link #blocking} rather than {@link #await}. */
    static boolean mayBlock() {
        return BLOCKING && !Thread.currentThread().isVirtual();
    }

    /** A platform thread that may sleep in a call: its kernel id, its watchdog mark and its buffer. */
    private static final class Sleeper {
        final Thread thread = Thread.currentThread();
        final int tid = ThreadWake.gettid();
        private MemorySegment scratch = MemorySegment.NULL;
        // Guarded by this: whether the thread is in (or about to enter) a call that sleeps, until
        // when, and how many waits it began (the watchdog compares to see activity between ticks).
        private boolean sleeping;
        private long deadline;
        private long begun;
        private long begunSeen;

        MemorySegment scratch(long size) {
            if (scratch.byteSize() >= size) {
                return scratch;
            }
            MemorySegment fresh = Arena.ofAuto().allocate(Math.max(size, 256), 8);
            if (size <= KEPT_SCRATCH) {
                scratch = fresh;
            }
            return fresh;
        }

        synchronized void begin(long deadline) {
            this.deadline = deadline;
            sleeping = true;
            begun++;
        }

        synchronized void end() {
            sleeping = false;
        }

        /** The watchdog's look: wakes the thread if it must stop sleeping; whether it was active. */
        synchronized boolean look(long now) {
            if (sleeping && (thread.isInterrupted() || now - deadline >= 0)) {
                ThreadWake.wake(tid);
            }
            boolean active = sleeping || begun != begunSeen;
            begunSeen = begun;
            return active;
        }
    }

    private static final Set<Sleeper> SLEEPERS = ConcurrentHashMap.newKeySet();
    private static final ThreadLocal<Sleeper> CURRENT = ThreadLocal.withInitial(() -> {
        Sleeper s = new Sleeper();
        SLEEPERS.add(s);
        return s;
    });
    private static volatile Thread watchdog;
    private static volatile boolean watchdogIdle;

    /**
     * A native buffer of at least {@code size} bytes owned by the calling platform thread, for the
     * arguments of its next sleeping call (valid until that thread's next call of this method).
     */
    static MemorySegment scratch(long size) {
        return CURRENT.get().scratch(size);
    }

    private static Sleeper begin(long deadline) {
        Sleeper s = CURRENT.get();
        s.begin(deadline);
        Thread w = watchdog;
        if (w == null) {
            synchronized (Waits.class) {
                w = watchdog;
                if (w == null) {
                    w = ServiceThreads.start("jipc-sysv-watchdog", Waits::watch);
                    watchdog = w;
                }
            }
        }
        // Read after the mark was set, and the watchdog sets the flag before its last look: one of
        // the two sees the other, so a wait never goes unwatched.
        if (watchdogIdle) {
            LockSupport.unpark(w);
        }
        return s;
    }

    private static void watch() {
        int quiet = 0;
        while (true) {
            LockSupport.parkNanos(WATCH_MILLIS * 1_000_000);
            boolean active = lookAll();
            quiet = active ? 0 : quiet + 1;
            if (quiet >= IDLE_TICKS) {
                watchdogIdle = true;
                if (!lookAll()) {
                    LockSupport.park();
                }
                watchdogIdle = false;
                quiet = 0;
            }
        }
    }

    private static boolean lookAll() {
        long now = System.nanoTime();
        boolean active = false;
        for (Sleeper s : SLEEPERS) {
            if (!s.thread.isAlive()) {
                SLEEPERS.remove(s);
                continue;
            }
            active |= s.look(now);
        }
        return active;
    }

    /**
     * Runs {@code call}, which may sleep in the kernel, on the calling platform thread, until it
     * answers other than {@code -EINTR}; the watchdog interrupts it once the thread is interrupted
     * or {@code deadline} passes. A thread already interrupted, or a deadline already passed, gets
     * one {@code noWait} attempt instead (which may still succeed, as a non-blocking call would).
     *
     * @param wouldBlock the {@code errno} by which {@code noWait} says it would have to wait
     * @return the call's answer, a result or a {@code -errno}; an {@code EINVAL} after a retry (the
     *         object was removed between two attempts) is reported as {@code EIDRM}
     */
    static long blocking(Attempt call, Attempt noWait, int wouldBlock, long deadline, Duration timeout, String what)
            throws InterruptedIOException, TimedOutException {
        if (Thread.currentThread().isInterrupted() || System.nanoTime() - deadline >= 0) {
            long r = noWait.tryOnce();
            if (r != -wouldBlock) {
                return r;
            }
        }
        Sleeper s = begin(deadline);
        try {
            boolean retry = false;
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException(what + ": interrupted");
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new TimedOutException(what, timeout == null ? Duration.ZERO : timeout);
                }
                long r = call.tryOnce();
                if (r != -EINTR) {
                    return retry && r == -EINVAL ? -EIDRM : r;
                }
                retry = true;
            }
        } finally {
            s.end();
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
