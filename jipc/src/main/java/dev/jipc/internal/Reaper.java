package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Waits for the children jipc starts and reaps each one as soon as it exits, without SIGCHLD.
 *
 * <p>Right after a spawn the child's pid is turned into a pidfd ({@code pidfd_open(2)}). Until the
 * child is reaped its pid cannot be reused, so the pidfd is sure to name our child. The pidfd is
 * registered with an epoll instance of the reaper's own, served by one daemon platform thread
 * ({@code jipc-reaper}); it becomes readable when the child exits, and the thread then calls
 * {@code waitpid(pid, WNOHANG)} for exactly that pid, completes the child's future with the raw wait
 * status, and closes the pidfd. It never calls {@code waitpid(-1)}, so the JDK's own children (and
 * anyone else's) are left to their owners.
 *
 * <p><b>Registration on demand.</b> Most children are waited for by the thread that started them
 * within milliseconds (a capture, a {@code system}), and that thread reaps them itself (below). So
 * while the reaper is active, a new child is not put in the epoll set at once but queued, and the
 * reaper, which then ticks every {@value #DEFER_MILLIS} ms, registers those of the queue that are
 * older than that and still not reaped; a child that is waited for in time never costs the two
 * {@code epoll_ctl} calls nor a wake-up of the reaper thread (a second thread to schedule per
 * spawn, on a machine whose CPUs are busy with the child). Whoever needs the reaper
 * sooner registers at once ({@link #watchNow}: an exit future, a virtual thread's wait). An idle
 * reaper (no child queued for {@value #IDLE_TICKS} ticks) sleeps without a timeout; a child spawned
 * then is registered at once, as before, and its exit makes the reaper active again. A child
 * dropped unwaited is thus reaped at most about two ticks after the later of its spawn and its
 * exit.
 *
 * <p>A platform thread that waits for a child does not need the reaper thread: {@link #awaitDirect}
 * waits in {@code ppoll(2)} on the pidfd itself and reaps on the waiting thread, so the kernel wakes
 * the waiter directly, as it would wake a blocking {@code waitpid}. Both paths reap through
 * {@link #tryReap}, which calls {@code waitpid} once per child whichever thread gets there first.
 * While such a waiter is in {@code ppoll}, the pidfd is out of the reaper's epoll set, so the exit
 * wakes only the waiter; the last waiter to leave without the status (time-out, interrupt) puts it
 * back, so a child nobody waits for is always watched.
 *
 * <p>The reaper keeps what it needs ({@link Watched}) in its own table, not the public
 * {@code ChildProcess}: a child whose handle was dropped unwaited is still reaped, so no zombie is
 * left. One thread serves every child, where {@link ProcessBuilder} keeps a thread per running child.
 */
public final class Reaper {
    private static final PlatformConstants C = PlatformConstants.current();
    private static final int MAX_EVENTS = 64;

    private static final class Holder {
        static final Reaper INSTANCE;
        static final UnsupportedOperationException UNSUPPORTED;

        static {
            Reaper r = null;
            UnsupportedOperationException u = null;
            try {
                r = new Reaper();
            } catch (UnsupportedOperationException e) {
                u = e;
            }
            INSTANCE = r;
            UNSUPPORTED = u;
        }
    }

    /**
     * The process-wide reaper, started on first use.
     *
     * @throws UnsupportedOperationException when the kernel has no pidfd_open (Linux before 5.3)
     */
    public static Reaper get() {
        if (Holder.INSTANCE == null) {
            // A fresh exception each time, so every caller gets its own stack.
            throw new UnsupportedOperationException(Holder.UNSUPPORTED.getMessage(), Holder.UNSUPPORTED);
        }
        return Holder.INSTANCE;
    }

    /** One child being watched: its pid, its pidfd, and the future of its raw wait status. */
    public static final class Watched {
        private final int pid;
        private final FdLifecycle pidfd;
        private final CompletableFuture<Integer> status = new CompletableFuture<>();
        /** Platform threads in {@link #awaitDirect} for this child; guarded by {@code this}. */
        private int directWaiters;
        /** Whether the pidfd is in the reaper's epoll set; guarded by {@code this}. */
        private boolean polled;

        private Watched(int pid, FdLifecycle pidfd) {
            this.pid = pid;
            this.pidfd = pidfd;
        }

        /** The child's pid. */
        public int pid() {
            return pid;
        }

        /**
         * Completed with the raw wait status once the child has been reaped (on the reaper thread;
         * keep dependent actions short), or exceptionally if someone else reaped it first.
         */
        public CompletableFuture<Integer> status() {
            return status;
        }

        /**
         * Sends {@code sig} through the pidfd. Returns 0, {@code -ESRCH} once the child has been
         * reaped (the pidfd is closed then, so the signal can never reach a recycled pid), or
         * another {@code -errno}.
         */
        public int signal(int sig) {
            int fd;
            try {
                fd = pidfd.acquire();
            } catch (ClosedChannelException reaped) {
                return -Errno.ESRCH.number();
            }
            try {
                return Libc.pidfdSendSignal(fd, sig);
            } finally {
                pidfd.release();
            }
        }
    }

    /** Longest single {@code ppoll} of a direct wait: how late an interrupt may be noticed. */
    private static final long DIRECT_SLICE_NANOS = 10_000_000L;
    /** How long a new child may go unregistered while the reaper is active (see the class comment). */
    static final int DEFER_MILLIS = 20;
    /**
     * Ticks without a queued child or an exit after which the reaper sleeps without a timeout: a
     * loop of spawns keeps it ticking, a lone spawn costs it a few ticks at most.
     */
    static final int IDLE_TICKS = 5;

    private final int epfd;
    private final ConcurrentHashMap<Integer, Watched> byPidfd = new ConcurrentHashMap<>();
    /** Children not yet in the epoll set, oldest first, each with its spawn time. */
    private final ConcurrentLinkedQueue<Queued> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger unreaped = new AtomicInteger();
    /** Set by the reaper thread before it sleeps without a timeout; a spawn then registers at once. */
    private volatile boolean idle;

    private record Queued(Watched watched, long since) {}

    private Reaper() {
        int probe = Libc.pidfdOpen(Unistd.getpid(), 0);
        if (probe < 0) {
            throw new UnsupportedOperationException("jipc watches children through pidfd_open(2), which needs Linux 5.3"
                    + " or later; it failed here with " + Errno.of(-probe).describe());
        }
        Unistd.close(probe);
        epfd = Epoll.create1(C.EPOLL_CLOEXEC());
        if (epfd < 0) {
            throw new IllegalStateException("epoll_create1: " + Errno.of(-epfd).describe());
        }
        ServiceThreads.start("jipc-reaper", this::loop);
    }

    /**
     * Starts watching {@code pid}, a child this process has just spawned and not yet reaped.
     *
     * @throws ErrnoException if no pidfd can be opened (EMFILE, ...); the child is then still unwatched
     */
    public Watched watch(int pid) throws ErrnoException {
        int fd = Libc.pidfdOpen(pid, 0);
        if (fd < 0) {
            throw new ErrnoException(-fd, "pidfd_open", "pid " + pid);
        }
        Watched w = new Watched(pid, FdLifecycle.open(fd, "pidfd of pid " + pid));
        unreaped.incrementAndGet();
        queued.add(new Queued(w, System.nanoTime()));
        // Read after queueing; the reaper sets the flag before it looks at the queue a last time:
        // one of the two sees the other, so a queued child is never left to an idle reaper.
        if (idle) {
            synchronized (w) {
                int r = register(w);
                if (r < 0) {
                    unreaped.decrementAndGet();
                    w.status.completeExceptionally(new ErrnoException(-r, "epoll_ctl add", w.pidfd.describe()));
                    closeQuietly(w);
                    throw new ErrnoException(-r, "epoll_ctl add", w.pidfd.describe());
                }
            }
        }
        return w;
    }

    /**
     * Puts {@code w} in the epoll set now if it is neither there nor reaped, so the reaper thread
     * completes its status future as soon as it exits; for callers that wait on the future.
     */
    public void watchNow(Watched w) {
        synchronized (w) {
            if (!w.polled && !w.status.isDone() && w.directWaiters == 0) {
                int r = register(w);
                if (r < 0) {
                    logUnwatched(w, r);
                }
            }
        }
    }

    /** Adds {@code w}'s pidfd to the epoll set (under {@code w}'s lock); 0 or {@code -errno}. */
    private int register(Watched w) {
        int fd = w.pidfd.fd();
        byPidfd.put(fd, w);
        int r = poll(fd);
        if (r == 0) {
            w.polled = true;
        } else {
            byPidfd.remove(fd);
        }
        return r;
    }

    private static void logUnwatched(Watched w, int r) {
        System.getLogger(Reaper.class.getName()).log(System.Logger.Level.ERROR,
                "epoll_ctl add " + w.pidfd.describe() + ": " + Errno.of(-r).describe()
                        + "; pid " + w.pid + " is reaped only when waited for");
    }

    /** Adds {@code pidfd} to the reaper's epoll set; 0 or {@code -errno}. */
    private int poll(int pidfd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ev = arena.allocate(C.SIZEOF_EPOLL_EVENT(), 8);
            ev.set(JAVA_INT, 0, C.EPOLLIN());
            ev.set(JAVA_INT, C.OFFSETOF_EPOLL_EVENT__DATA(), pidfd);
            return Epoll.ctl(epfd, C.EPOLL_CTL_ADD(), pidfd, ev);
        }
    }

    /** How many children are being watched right now, that is not yet reaped (exited ones leave at once). */
    public int watching() {
        return unreaped.get();
    }

    /**
     * Registers the queued children older than {@value #DEFER_MILLIS} ms that are still unreaped
     * and not being waited for directly; drops those reaped meanwhile. Returns whether any child is
     * still queued.
     */
    private boolean registerDue() {
        long now = System.nanoTime();
        Queued q;
        while ((q = queued.peek()) != null) {
            Watched w = q.watched();
            synchronized (w) {
                if (w.status.isDone() || w.polled) {
                    queued.poll();
                    continue;
                }
                if (now - q.since() < DEFER_MILLIS * 1_000_000L) {
                    return true; // the rest are younger still
                }
                queued.poll();
                if (w.directWaiters == 0) {
                    int r = register(w);
                    if (r < 0) {
                        logUnwatched(w, r);
                    }
                }
                // else: the last direct waiter to leave without the status registers it
            }
        }
        return false;
    }

    private void loop() {
        int size = C.SIZEOF_EPOLL_EVENT();
        MemorySegment events = Arena.global().allocate((long) size * MAX_EVENTS, 8);
        int quiet = 0;
        while (true) {
            int timeout = DEFER_MILLIS;
            if (quiet >= IDLE_TICKS) {
                idle = true;
                if (queued.isEmpty()) {
                    timeout = -1;
                } else {
                    idle = false;
                }
            }
            int n = Epoll.await(epfd, events, MAX_EVENTS, timeout);
            idle = false;
            quiet = registerDue() || n > 0 ? 0 : quiet + 1;
            if (n < 0) {
                // Cannot happen with a valid epoll descriptor; say so rather than spin silently.
                System.getLogger(Reaper.class.getName()).log(System.Logger.Level.ERROR,
                        "epoll_wait: " + Errno.of(-n).describe());
                continue;
            }
            for (int i = 0; i < n; i++) {
                int fd = events.get(JAVA_INT, (long) i * size + C.OFFSETOF_EPOLL_EVENT__DATA());
                Watched w = byPidfd.get(fd);
                if (w != null) {
                    try {
                        reap(fd, w);
                    } catch (RuntimeException | Error e) {
                        // Keep serving every other child; this one's waiters learn what happened.
                        w.status.completeExceptionally(e);
                    }
                }
            }
        }
    }

    private void reap(int fd, Watched w) {
        tryReap(w); // if not yet, the pidfd reports it again, epoll being level-triggered
    }

    /**
     * Reaps {@code w} if it has exited: one {@code waitpid(pid, WNOHANG)}, under the child's own lock
     * so the reaper thread and a direct waiter never both call it. Returns whether the status is known.
     */
    public boolean tryReap(Watched w) {
        synchronized (w) {
            if (w.status.isDone()) {
                return true;
            }
            long r = Wait.waitpid(w.pid, C.WNOHANG());
            if (r == 0) {
                return false;
            }
            finish(w, r);
            return true;
        }
    }

    /**
     * For platform threads: waits for {@code w} to exit in {@code ppoll(2)} on its pidfd, in slices
     * of at most 10 ms, and reaps it on this thread. Returns once the status is known, the
     * {@link System#nanoTime()} deadline ({@code Long.MAX_VALUE} for none) passes, or the thread is
     * interrupted; the caller then reads the status future as usual.
     */
    public void awaitDirect(Watched w, long deadline) {
        // No waitpid before the first ppoll: a child waited for is usually still running, and for
        // one that has exited the ppoll returns at once.
        if (w.status.isDone()) {
            return;
        }
        // While a platform thread waits in ppoll, the reaper thread need not be woken by this exit as
        // well (a second wake-up, and a second thread contending for the child's lock): the first
        // direct waiter takes the pidfd out of the epoll set, and the last one to leave without the
        // status puts it back, so a child nobody is waiting for is always watched by the reaper.
        synchronized (w) {
            if (w.directWaiters++ == 0 && w.polled && !w.status.isDone()) {
                if (Epoll.ctl(epfd, C.EPOLL_CTL_DEL(), w.pidfd.fd(), MemorySegment.NULL) == 0) {
                    w.polled = false;
                    byPidfd.remove(w.pidfd.fd());
                }
            }
        }
        try {
            awaitDirectly(w, deadline);
        } finally {
            synchronized (w) {
                // A child still queued is left to the queue; one taken out of the set, or whose
                // registration fell due while it was waited for, goes (back) into the set.
                if (--w.directWaiters == 0 && !w.polled && !w.status.isDone() && !isQueued(w)) {
                    int r = register(w);
                    if (r < 0) {
                        logUnwatched(w, r);
                    }
                }
            }
        }
    }

    private boolean isQueued(Watched w) {
        for (Queued q : queued) {
            if (q.watched() == w) {
                return true;
            }
        }
        return false;
    }

    /** The waiting loop of {@link #awaitDirect}: ppoll on the pidfd, then look (one waitpid) whether it exited. */
    private void awaitDirectly(Watched w, long deadline) {
        do {
            if (Thread.currentThread().isInterrupted()) {
                tryReap(w); // an exit that already happened is still reported
                return;
            }
            long slice = DIRECT_SLICE_NANOS;
            if (deadline != Long.MAX_VALUE) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    tryReap(w);
                    return;
                }
                slice = Math.min(slice, left);
            }
            int fd;
            try {
                fd = w.pidfd.acquire();
            } catch (ClosedChannelException reaped) {
                return; // the reaper thread got there first; the future is complete
            }
            try {
                Poll.awaitOne(fd, C.POLLIN(), slice);
            } finally {
                w.pidfd.release();
            }
        } while (!tryReap(w));
    }

    private void finish(Watched w, long r) {
        int fd = w.pidfd.fd();
        byPidfd.remove(fd);
        unreaped.decrementAndGet();
        if (w.polled) { // (finish runs under the child's lock)
            Epoll.ctl(epfd, C.EPOLL_CTL_DEL(), fd, MemorySegment.NULL);
            w.polled = false;
        }
        closeQuietly(w);
        if (r < 0) {
            w.status.completeExceptionally(new ErrnoException((int) -r, "waitpid", "pid " + w.pid,
                    "reaped elsewhere, by a waitpid(-1) or with SIGCHLD ignored?"));
        } else {
            w.status.complete((int) r);
        }
    }

    private static void closeQuietly(Watched w) {
        try {
            w.pidfd.close();
        } catch (IOException e) {
            System.getLogger(Reaper.class.getName()).log(System.Logger.Level.WARNING, "closing " + w.pidfd.describe(), e);
        }
    }
}
