package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Platform threads that block inside a system call on a socket ({@code recv}, {@code send} without
 * {@code MSG_DONTWAIT}) or on the read end of a pipe ({@code read} without {@code RWF_NOWAIT}), and
 * how they are woken when their descriptor is closed or they are interrupted.
 *
 * <p>Blocking in the kernel is what makes a platform thread's I/O as cheap as C's: one system
 * call per read or write, the kernel waking the thread directly, no EAGAIN, no poll. The price is
 * that neither {@code close()} nor {@link Thread#interrupt()} reaches a thread sleeping in the kernel
 * by themselves. A registered thread is therefore woken with a signal sent to it alone
 * ({@code tgkill(2)}), which makes its call fail with EINTR, after which it looks at why:
 *
 * <ul>
 *   <li>{@link #wake(FdLifecycle)}, called by close, signals every thread blocked on that descriptor
 *       at once;
 *   <li>{@link Thread#interrupt()} signals the thread at once too: while registered, the thread is
 *       "blocked on" a private {@link AbstractInterruptibleChannel} (the JDK's public hook for I/O
 *       that an interrupt must reach), whose close, run by the interrupting thread, sends the signal;
 *   <li>a watchdog thread then signals again every {@link #SWEEP_MILLIS} ms each registered thread
 *       that is interrupted or whose descriptor is closed, until it has left its call. That covers
 *       the signal that arrived a moment before its thread entered the call (and so woke nothing).
 *       The watchdog runs only while such a wake-up is pending: a thread that simply sleeps in
 *       {@code read} costs no other thread any wake-up.
 * </ul>
 *
 * <p>The signal is the one the JDK itself uses to wake threads blocked in I/O, {@code SIGRTMAX-2}
 * (62 on Linux), whose handler the JDK's NIO library installs without {@code SA_RESTART} so that
 * socket and pipe calls fail with EINTR rather than resume. Sharing it means a stray wake-up of a JDK channel
 * thread or of ours is harmless to both: each retries. If that handler cannot be found in place
 * ({@link #available()} false), jipc never blocks in the kernel and waits for readiness instead.
 */
public final class KernelBlocking {
    private KernelBlocking() {}

    /** SIGRTMAX - 2 with glibc's SIGRTMAX of 64, the JDK's NIO interrupt signal. */
    static final int WAKE_SIGNAL = 62;

    /** How often the watchdog looks for interrupted threads and closed descriptors. */
    static final long SWEEP_MILLIS = Math.max(1, Long.getLong("jipc.io.wakeSweepMillis", 10));

    /** {@code sa_flags} bit; the same value on x86_64 and aarch64. */
    private static final long SA_RESTART = 0x10000000L;
    /** Offset of {@code sa_flags} in glibc's {@code struct sigaction}: handler (8) + 128-byte mask. */
    private static final long SA_FLAGS_OFFSET = 136;

    // Before AVAILABLE: static fields are initialized in order.
    private static final MethodHandle sigaction = Native.hasSymbol("sigaction")
            ? Native.errnoCall("sigaction", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS))
            : null;

    private static final boolean AVAILABLE = !Boolean.getBoolean("jipc.io.noKernelBlocking") && handlerReady();

    /**
     * Every platform thread that has blocked this way, each once. Threads that have ended are
     * dropped by the watchdog's sweeps, by {@link #wake} and whenever the set has doubled since
     * the last purge, so a program that runs thread after thread keeps it at about its live threads.
     */
    private static final Set<Blocked> THREADS = ConcurrentHashMap.newKeySet();
    /** The set size below which ended threads are left for the watchdog and {@link #wake}. */
    private static final int MIN_PURGE_SIZE = 64;
    private static final AtomicInteger PURGE_AT = new AtomicInteger(MIN_PURGE_SIZE);
    private static final ThreadLocal<Blocked> MINE = ThreadLocal.withInitial(KernelBlocking::register);

    /** Whether platform threads may block in the kernel on sockets and pipes. */
    public static boolean available() {
        return AVAILABLE;
    }

    /** How many threads are registered, live or ended but not yet dropped (for diagnostics and tests). */
    public static int registeredThreads() {
        return THREADS.size();
    }

    private static Blocked register() {
        Blocked b = new Blocked();
        THREADS.add(b);
        int size = THREADS.size();
        int at = PURGE_AT.get();
        if (size >= at && PURGE_AT.compareAndSet(at, Integer.MAX_VALUE)) {
            THREADS.removeIf(t -> !t.thread.isAlive());
            PURGE_AT.set(Math.max(MIN_PURGE_SIZE, 2 * THREADS.size()));
        }
        return b;
    }

    /**
     * One platform thread's registration, made once and reused for each of its blocking calls: a
     * call only sets and clears the descriptor it blocks on, so the hot path allocates nothing.
     *
     * <p>{@code state} says whether the thread is between {@link #enter} and {@link #leave} and
     * whether someone is signalling it right now. A signal is only sent in state {@code SIGNALLING},
     * which only a thread in state {@code IN} can be moved to, and {@link #leave} waits while a
     * signal is being sent: no signal of ours ever reaches a thread after it has left its call.
     * That takes one compare-and-set per call, where a lock would take two and a fence.
     */
    public static final class Blocked {
        private static final int IDLE = 0;
        private static final int IN = 1;
        private static final int SIGNALLING = 2;
        private static final VarHandle STATE =
                VarHandles.field(MethodHandles.lookup(), Blocked.class, "state", int.class);

        private final Thread thread = Thread.currentThread();
        private final int tid = ThreadWake.gettid();
        /** The thread's errno capture, kept here so that a call needs one thread-local lookup, not two. */
        private final MemorySegment callState = Native.callState();
        /** Written by the thread before it sets {@code state} to IN; read by others after reading IN. */
        private FdLifecycle life;
        private volatile int state;
        /** Replaced once an interrupt has used it up (a closed channel takes no more interrupts). */
        private InterruptHook hook = new InterruptHook(this);

        /** Signals the thread if it is in a call (on {@code only}'s descriptor, unless null). */
        private void signalIf(FdLifecycle only) {
            // A failed exchange means the thread is not in a call, or another thread is signalling it
            // this moment; a wake-up that still matters after that one is the watchdog's to repeat.
            if (!STATE.compareAndSet(this, IN, SIGNALLING)) {
                return;
            }
            try {
                if (only == null || life == only) {
                    ThreadWake.signal(tid, WAKE_SIGNAL);
                }
            } finally {
                state = IN;
            }
        }

        private boolean needsWaking() {
            if (state == IDLE) {
                return false;
            }
            FdLifecycle l = life;
            return l != null && (l.isClosed() || thread.isInterrupted());
        }

        /** The owning thread's {@link Native#callState()}. */
        public MemorySegment callState() {
            return callState;
        }

        private boolean blockedOn(FdLifecycle l) {
            return state != IDLE && life == l;
        }
    }

    /**
     * Registers the calling platform thread as about to block on {@code life}'s descriptor. The
     * caller checks for close and interrupt after this, then makes its call, and calls
     * {@link #leave} in a finally block.
     */
    public static Blocked enter(FdLifecycle life) {
        life.markKernelBlocked();
        Blocked b = mine(life);
        b.life = life;
        // The volatile write orders the thread's later look at the descriptor's state after it:
        // either close sees this thread in its call, or this thread sees the descriptor closed.
        b.state = Blocked.IN;
        b.hook.arm();
        return b;
    }

    /**
     * The calling thread's registration. The descriptor remembers the last one used on it, so a
     * thread that keeps using one descriptor finds its own there without a thread-local lookup,
     * whose map, table and entry are further memory to reach after every system call. Read
     * racily, the field can only offer another thread's registration, which the check rejects: its
     * final fields are safely published, and its others are only used by its own thread.
     */
    private static Blocked mine(FdLifecycle life) {
        Blocked b = life.lastBlocked;
        if (b == null || b.thread != Thread.currentThread()) {
            b = MINE.get();
            life.lastBlocked = b;
        }
        return b;
    }

    /**
     * The calling thread's {@link Native#callState()} for a call that never sleeps: taken from its
     * registration when it was the last to block on this descriptor (one memory load, as in
     * {@link #enter}), else from the thread-local; the thread is not registered by this.
     */
    public static MemorySegment callState(FdLifecycle life) {
        Blocked b = life.lastBlocked;
        return b != null && b.thread == Thread.currentThread() ? b.callState : Native.callState();
    }

    /** Ends the registration made by {@link #enter}. */
    public static void leave(Blocked b) {
        if (b.hook.disarm()) {
            b.hook = new InterruptHook(b);
        }
        while (!Blocked.STATE.compareAndSet(b, Blocked.IN, Blocked.IDLE)) {
            Thread.onSpinWait(); // a signal is being sent to this thread: over within one tgkill
        }
        b.life = null;
    }

    /** Signals every thread blocked on {@code life}'s descriptor; called once it is marked closed. */
    static void wake(FdLifecycle life) {
        boolean any = false;
        for (Blocked b : THREADS) {
            if (b.blockedOn(life)) {
                b.signalIf(life);
                any = true;
            } else if (!b.thread.isAlive()) {
                THREADS.remove(b);
            }
        }
        if (any) {
            Watchdog.kick();
        }
    }

    /**
     * The JDK's way for an interrupt to reach a thread blocked in I/O: while armed, the thread is
     * blocked on this channel, and {@link Thread#interrupt()} closes it from the interrupting
     * thread. Closing signals the owner instead of closing anything real.
     */
    private static final class InterruptHook extends AbstractInterruptibleChannel {
        private final Blocked owner;

        InterruptHook(Blocked owner) {
            this.owner = owner;
        }

        void arm() {
            begin();
        }

        /** Whether an interrupt has used this hook up. */
        boolean disarm() {
            try {
                end(true);
            } catch (AsynchronousCloseException e) {
                // ClosedByInterruptException: the interrupt status stays set for the caller to see.
            }
            return !isOpen();
        }

        @Override
        protected void implCloseChannel() {
            owner.signalIf(null);
            Watchdog.kick();
        }
    }

    /** The watchdog thread: started on first use, asleep while no wake-up is pending. */
    private static final class Watchdog {
        private static final Thread THREAD = ServiceThreads.start("jipc-io-wake", Watchdog::run);

        static void kick() {
            LockSupport.unpark(THREAD);
        }

        private static void run() {
            while (true) {
                // A kick that comes during a sweep leaves the permit set, so park returns at once
                // and the next sweep sees it: no pending wake-up is missed.
                if (sweep()) {
                    LockSupport.parkNanos(Watchdog.class, TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS));
                } else {
                    LockSupport.park(Watchdog.class);
                }
            }
        }

        /** Signals whoever needs it and forgets ended threads; whether a wake-up is still pending. */
        private static boolean sweep() {
            boolean pending = false;
            for (Blocked b : THREADS) {
                if (!b.thread.isAlive()) {
                    THREADS.remove(b);
                } else if (b.needsWaking()) {
                    pending = true;
                    b.signalIf(null);
                }
            }
            return pending;
        }
    }

    // ---------------------------------------------------------------- the signal's handler

    /**
     * Whether {@link #WAKE_SIGNAL} has a handler that interrupts socket calls. The JDK installs it
     * when its NIO thread-signalling class is initialized, which happens at the first blocking
     * channel operation; if that has not happened yet, initializing the class does it.
     */
    private static boolean handlerReady() {
        if (sigaction == null || !ThreadWake.available()) {
            return false;
        }
        if (!interruptingHandler()) {
            try {
                Class.forName("sun.nio.ch.NativeThread", true, ClassLoader.getPlatformClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
        return interruptingHandler();
    }

    private static boolean interruptingHandler() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment old = arena.allocate(256, 8);
            int r = (int) sigaction.invokeExact(Native.callState(), WAKE_SIGNAL, MemorySegment.NULL, old);
            long handler = old.get(JAVA_LONG, 0);
            long flags = old.get(JAVA_INT, SA_FLAGS_OFFSET) & 0xffffffffL;
            return r == 0 && handler != 0 && handler != 1 && (flags & SA_RESTART) == 0;
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}
