package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Parks threads until a descriptor is ready, on two epoll instances (one for reading, one for
 * writing), each served by one daemon platform thread.
 *
 * <p>A waiting thread, virtual or platform, adds itself to the waiters of its descriptor, arms a
 * one-shot epoll registration and parks. When epoll reports the descriptor, the poller thread
 * unparks every waiter of it; each one retries its call and, if the call would still block, waits
 * again. Wake-ups may be spurious (a stale event, a close elsewhere): callers always retry the
 * system call, so a spurious wake-up costs a syscall, never correctness. Since the registration is
 * armed after the waiter is listed and epoll re-checks readiness on every arm, no wake-up is lost.
 *
 * <p>Parking a virtual thread unmounts it, so thousands of them can wait on thousands of pipes
 * while their carriers keep running other work.
 *
 * <h2>Direct wait of platform threads</h2>
 * Going through the poller thread costs two wake-ups per wait (the kernel wakes the poller thread,
 * which unparks the waiter), and in a bulk transfer the reader of a pipe waits for every chunk the
 * writer puts in, and the writer for every chunk taken out. So a platform thread waiting on one
 * descriptor first waits in {@code ppoll(2)} itself, in slices of at most {@link #DIRECT_WAIT_NANOS}
 * (2 ms unless {@code -Djipc.poller.directWaitMicros=N}; 0 turns direct waiting off), for up to
 * {@link #DIRECT_BUDGET_NANOS} in all (50 ms unless {@code -Djipc.poller.directBudgetMicros=N}):
 * the kernel then wakes it straight away, as it wakes a thread blocked in {@code read(2)}. Only if
 * nothing happens within the budget does the thread register with the poller and park, so a thread
 * waiting on a quiet descriptor stops polling after a few dozen slices. A child that takes a few
 * milliseconds to start and write (an exec on a loaded machine) is thus still waited for directly.
 * An interrupt or a close that comes during the direct wait is noticed when the slice ends, so
 * either may take up to one slice to wake the thread. Virtual threads never wait in the kernel:
 * they always park.
 */
public final class Poller {
    /** Direction: wait until readable (or hung up, or in error). */
    public static final int READ = 0;
    /** Direction: wait until writable (or in error). */
    public static final int WRITE = 1;

    private static final int MAX_EVENTS = 256;

    /** One {@code struct epoll_event} per thread for arming registrations (16 bytes covers both layouts). */
    private static final ThreadLocal<MemorySegment> EVENT =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(16, 8));

    /** How long a platform thread waits in {@code ppoll(2)} itself before parking on the poller. */
    static final long DIRECT_WAIT_NANOS = Math.max(0, Long.getLong("jipc.poller.directWaitMicros", 2000)) * 1000;

    /** How long in all a platform thread waits in {@code ppoll(2)}, slice after slice, before parking. */
    static final long DIRECT_BUDGET_NANOS =
            Math.max(DIRECT_WAIT_NANOS, Math.max(0, Long.getLong("jipc.poller.directBudgetMicros", 50_000)) * 1000);


    private static final class Holder {
        static final Poller INSTANCE = new Poller();
    }

    /** The process-wide poller, started on first use. */
    public static Poller get() {
        return Holder.INSTANCE;
    }

    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        volatile boolean fired;

        void fire() {
            fired = true;
            LockSupport.unpark(thread);
        }
    }

    private final PlatformConstants c = PlatformConstants.current();
    private final Direction[] directions = {new Direction("read", c.EPOLLIN() | c.EPOLLRDHUP()), new Direction("write", c.EPOLLOUT())};

    private final class Direction {
        final int epfd;
        final int interest;
        final ConcurrentHashMap<Integer, Waiter[]> waiters = new ConcurrentHashMap<>();
        final Set<Integer> registered = ConcurrentHashMap.newKeySet();

        Direction(String name, int interest) {
            this.interest = interest | c.EPOLLONESHOT();
            int fd = Epoll.create1(c.EPOLL_CLOEXEC());
            if (fd < 0) {
                throw new IllegalStateException("epoll_create1: " + dev.jipc.Errno.of(-fd).describe());
            }
            this.epfd = fd;
            ServiceThreads.start("jipc-poller-" + name, this::loop);
        }

        void add(int fd, Waiter w) {
            waiters.compute(fd, (k, ws) -> {
                if (ws == null) {
                    return new Waiter[] {w};
                }
                Waiter[] n = Arrays.copyOf(ws, ws.length + 1);
                n[ws.length] = w;
                return n;
            });
        }

        void remove(int fd, Waiter w) {
            waiters.computeIfPresent(fd, (k, ws) -> {
                int i = Arrays.asList(ws).indexOf(w);
                if (i < 0) {
                    return ws;
                }
                if (ws.length == 1) {
                    return null;
                }
                Waiter[] n = new Waiter[ws.length - 1];
                System.arraycopy(ws, 0, n, 0, i);
                System.arraycopy(ws, i + 1, n, i, ws.length - i - 1);
                return n;
            });
        }

        void wakeAll(int fd) {
            Waiter[] ws = waiters.remove(fd);
            if (ws != null) {
                for (Waiter w : ws) {
                    w.fire();
                }
            }
        }

        /** Arms the one-shot registration; returns 0, or -errno when the fd cannot be polled. */
        int arm(int fd) {
            // The event struct is only read during epoll_ctl, so one per thread serves every arm
            // (virtual threads included: a segment is not tied to a carrier).
            MemorySegment ev = EVENT.get();
            ev.set(JAVA_INT, 0, interest);
            ev.set(JAVA_INT, c.OFFSETOF_EPOLL_EVENT__DATA(), fd);
            boolean known = registered.contains(fd);
            int r = Epoll.ctl(epfd, known ? c.EPOLL_CTL_MOD() : c.EPOLL_CTL_ADD(), fd, ev);
            if (r == -dev.jipc.Errno.EEXIST.number() || r == -dev.jipc.Errno.ENOENT.number()) {
                r = Epoll.ctl(epfd, known ? c.EPOLL_CTL_ADD() : c.EPOLL_CTL_MOD(), fd, ev);
            }
            if (r == 0) {
                registered.add(fd);
            }
            return r;
        }

        void forget(int fd) {
            if (registered.remove(fd)) {
                Epoll.ctl(epfd, c.EPOLL_CTL_DEL(), fd, MemorySegment.NULL);
            }
        }

        private void loop() {
            int size = c.SIZEOF_EPOLL_EVENT();
            int dataOffset = c.OFFSETOF_EPOLL_EVENT__DATA();
            MemorySegment events = Arena.global().allocate((long) size * MAX_EVENTS, 8);
            while (true) {
                int n = Epoll.await(epfd, events, MAX_EVENTS, -1);
                if (n < 0) {
                    System.getLogger(Poller.class.getName()).log(System.Logger.Level.ERROR,
                            "epoll_wait failed: " + dev.jipc.Errno.of(-n).describe());
                    return;
                }
                for (int i = 0; i < n; i++) {
                    wakeAll(events.get(JAVA_INT, (long) i * size + dataOffset));
                }
            }
        }
    }

    private Poller() {}

    /**
     * Parks the calling thread until {@code fd} may be ready in {@code direction}, the deadline
     * passes, the thread is interrupted, or {@link #wakeAll} is called for the descriptor.
     *
     * <p>{@code closed} closes the race with {@link #wakeAll}: a close that marks the descriptor
     * closed and then wakes its waiters may run just before this thread is listed as a waiter, so
     * the wake-up finds nobody. Once listed, this method asks {@code closed} and does not park if
     * it says yes; whichever side comes second sees the other.
     *
     * @param deadline a {@link System#nanoTime()} value, or {@code Long.MAX_VALUE} for none
     * @param closed whether the descriptor has been closed meanwhile (read after listing)
     * @return false only when the deadline passed first; the caller checks interruption and
     *     closing itself
     */
    public boolean await(int fd, int direction, long deadline, BooleanSupplier closed) {
        if (DIRECT_WAIT_NANOS > 0 && !Thread.currentThread().isVirtual()) {
            int events = direction == READ ? c.POLLIN() : c.POLLOUT();
            long start = System.nanoTime();
            long budgetEnd = start + DIRECT_BUDGET_NANOS;
            long now = start;
            do {
                long wait = Math.min(DIRECT_WAIT_NANOS, budgetEnd - now);
                if (deadline != Long.MAX_VALUE) {
                    long left = deadline - now;
                    if (left <= 0) {
                        return false;
                    }
                    wait = Math.min(wait, left);
                }
                if (Poll.awaitOne(fd, events, wait) != 0) {
                    return true; // ready, hung up, in error, or EINTR: the caller retries its call
                }
                if (closed.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    return true;
                }
                now = System.nanoTime();
            } while (now - budgetEnd < 0);
        }
        return awaitAny(new int[] {fd}, new int[] {direction}, deadline, closed);
    }

    /**
     * Parks until any of the descriptors may be ready in its direction (same contract as
     * {@link #await}; {@code closed} says whether any of them was closed). Descriptors epoll
     * cannot watch (regular files) count as ready at once.
     */
    public boolean awaitAny(int[] fds, int[] dirs, long deadline, BooleanSupplier closed) {
        Waiter w = new Waiter();
        int armed = 0;
        try {
            for (; armed < fds.length; armed++) {
                Direction d = directions[dirs[armed]];
                d.add(fds[armed], w);
                if (d.arm(fds[armed]) != 0) {
                    // EPERM (always-ready file) or EBADF: let the caller's syscall tell what it is.
                    w.fired = true;
                    armed++;
                    break;
                }
            }
            if (closed.getAsBoolean()) {
                w.fired = true;
            }
            while (!w.fired) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                if (deadline == Long.MAX_VALUE) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    LockSupport.parkNanos(this, left);
                }
            }
            return true;
        } finally {
            for (int i = 0; i < armed; i++) {
                directions[dirs[i]].remove(fds[i], w);
            }
        }
    }

    /** Wakes every thread waiting on {@code fd}, in both directions; used when it is being closed. */
    public void wakeAll(int fd) {
        directions[READ].wakeAll(fd);
        directions[WRITE].wakeAll(fd);
    }

    /** Drops the epoll registrations of {@code fd}; must be called before the fd is closed. */
    public void forget(int fd) {
        directions[READ].forget(fd);
        directions[WRITE].forget(fd);
    }
}
