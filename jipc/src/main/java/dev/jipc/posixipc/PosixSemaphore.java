package dev.jipc.posixipc;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import dev.jipc.internal.PlatformConstants;
import dev.jipc.internal.Semaphore;
import dev.jipc.internal.ServiceThreads;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.channels.AsynchronousCloseException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * A named POSIX semaphore ({@code sem_open}, {@code sem_post}, {@code sem_wait}): one counter shared
 * by every process that opens the name.
 *
 * <p><b>Why POSIX rather than SysV.</b> A {@link dev.jipc.sysv.SemaphoreSet SysV set} is an array of
 * counters found by a numeric key, operated on with {@code semop} batches, and must be initialised
 * by a second call after creation (a window other processes can see). A POSIX semaphore is one
 * counter with a name ({@code "/myapp.lock"}, a file in {@code /dev/shm} named {@code sem.myapp.lock})
 * and its initial value is set atomically by the creating {@code sem_open}. Uncontended
 * {@link #post()} and {@link #tryAcquire()} do not even enter the kernel: the counter lives in shared
 * memory and waiters sleep on a futex. {@link #unlink} removes the name at once while processes that
 * have it open keep using it until they close it. What POSIX lacks is SysV's {@code SEM_UNDO}: a
 * process that dies holding the semaphore does not give it back.
 *
 * <p><b>Waiting.</b> {@link #acquire()} never sleeps in the kernel on a virtual thread, which would
 * pin its carrier, and never ignores {@link Thread#interrupt()}. A virtual thread retries
 * {@code sem_trywait}, first back to back for {@value #SPIN_MICROS} µs (yielding between tries), then
 * parked from {@value #FIRST_PARK_MICROS} µs doubling to {@value #MAX_PARK_MILLIS} ms; a platform
 * thread sleeps in {@code sem_timedwait} in slices of {@value #SLICE_MILLIS} ms, so it is woken by the
 * kernel the moment a post arrives. Between tries and slices the thread's interrupt and the deadline
 * are checked: an interrupted wait throws {@link InterruptedIOException} (the interrupt status stays
 * set) and a timed-out one {@link TimedOutException}, in both cases without having decremented the
 * semaphore. A waiter notices an interrupt at most {@value #MAX_PARK_MILLIS} ms late.
 *
 * <p>{@link #close()} ({@code sem_close}) may be called from any thread and is idempotent; a thread
 * waiting at that moment fails with {@link AsynchronousCloseException}, and the handle is released
 * only once no call uses it any more. A semaphore dropped without closing is closed once the garbage
 * collector finds it unreachable.
 */
public final class PosixSemaphore implements AutoCloseable {
    /** The mode of semaphores created without one: read and write for the owner only. */
    public static final int DEFAULT_MODE = 0600;

    /** glibc keeps a semaphore as the file {@code /dev/shm/sem.NAME}: four characters of NAME_MAX are taken. */
    static final int SEM_NAME_MAX = PlatformConstants.current().NAME_MAX() - 4;

    static final long SPIN_MICROS = 50;
    static final long FIRST_PARK_MICROS = 20;
    static final long MAX_PARK_MILLIS = 10;
    static final long SLICE_MILLIS = 10;

    private static final int EAGAIN = Errno.EAGAIN.number();
    private static final int EINTR = Errno.EINTR.number();
    private static final int ETIMEDOUT = Errno.ETIMEDOUT.number();

    private static final Cleaner CLEANER = Cleaner.create(
            r -> ServiceThreads.unstarted("jipc-posix-sem-cleaner", r));

    private final String name;
    private final MemorySegment sem;
    private final Usage usage;
    private final Cleaner.Cleanable cleanable;

    private PosixSemaphore(String name, MemorySegment sem) {
        this.name = name;
        this.sem = sem;
        Usage u = new Usage(() -> Semaphore.semClose(sem));
        this.usage = u;
        this.cleanable = CLEANER.register(this, u::close); // refers to the handle, never to this
    }

    /** Same as {@link #create(String, int, int)} with mode 0600. */
    public static PosixSemaphore create(String name, int initial) throws ErrnoException {
        return create(name, initial, DEFAULT_MODE);
    }

    /**
     * Creates the semaphore {@code name} with value {@code initial} ({@code O_CREAT | O_EXCL}).
     *
     * @param name {@code "/"} followed by 1 to 251 characters (glibc prefixes {@code sem.}), no further {@code '/'}
     * @throws ErrnoException {@code EEXIST} if the name is taken, {@code EINVAL} if {@code initial}
     *     exceeds {@code SEM_VALUE_MAX}
     */
    public static PosixSemaphore create(String name, int initial, int mode) throws ErrnoException {
        PlatformConstants c = PlatformConstants.current();
        return openWith(name, c.O_CREAT() | c.O_EXCL(), mode, initial);
    }

    /** Opens {@code name}, or creates it with value {@code initial} and mode {@code mode} if it does not exist. */
    public static PosixSemaphore createOrOpen(String name, int initial, int mode) throws ErrnoException {
        return openWith(name, PlatformConstants.current().O_CREAT(), mode, initial);
    }

    /** Opens the existing semaphore {@code name}; {@code ENOENT} if there is none. */
    public static PosixSemaphore open(String name) throws ErrnoException {
        return openWith(name, 0, 0, 0);
    }

    private static PosixSemaphore openWith(String name, int flags, int mode, int initial) throws ErrnoException {
        Names.check(name, SEM_NAME_MAX);
        if (initial < 0) {
            throw new IllegalArgumentException("negative initial value " + initial);
        }
        int[] errno = new int[1];
        MemorySegment sem = Semaphore.semOpen(name, flags, mode & 07777, initial, errno);
        if (sem == null) {
            throw new ErrnoException(-errno[0], "sem_open", name);
        }
        return new PosixSemaphore(name, sem);
    }

    /** sem_unlink(3): removes the name; open handles keep working. {@code ENOENT} if there is none. */
    public static void unlink(String name) throws ErrnoException {
        int r = Semaphore.semUnlink(Names.check(name, SEM_NAME_MAX));
        if (r < 0) {
            throw new ErrnoException(-r, "sem_unlink", name);
        }
    }

    /** The name it was created or opened with. */
    public String name() {
        return name;
    }

    /**
     * sem_post(3): increments the value, waking one waiter.
     *
     * @throws ErrnoException {@code EOVERFLOW} at {@code SEM_VALUE_MAX}
     */
    public void post() throws IOException {
        usage.enter();
        try {
            int r = Semaphore.semPost(sem);
            if (r < 0) {
                throw new ErrnoException(-r, "sem_post", name);
            }
        } finally {
            usage.exit();
            Reference.reachabilityFence(this);
        }
    }

    /** Decrements the value if it is above zero, without waiting; whether it did. */
    public boolean tryAcquire() throws IOException {
        usage.enter();
        try {
            return tryOnce();
        } finally {
            usage.exit();
            Reference.reachabilityFence(this);
        }
    }

    private boolean tryOnce() throws ErrnoException {
        while (true) {
            int r = Semaphore.semTrywait(sem);
            if (r == 0) {
                return true;
            }
            if (r == -EAGAIN) {
                return false;
            }
            if (r != -EINTR) {
                throw new ErrnoException(-r, "sem_trywait", name);
            }
        }
    }

    /**
     * Waits until the value is above zero and decrements it (see the class comment on waiting).
     *
     * @throws InterruptedIOException if the thread is interrupted first; nothing was taken
     */
    public void acquire() throws IOException {
        acquire(Long.MAX_VALUE, null);
    }

    /**
     * Like {@link #acquire()}, giving up after {@code timeout}.
     *
     * @throws TimedOutException if the timeout passes first; nothing was taken
     */
    public void acquire(Duration timeout) throws IOException {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout " + timeout);
        }
        long nanos = timeout.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE / 2 : timeout.toNanos();
        acquire(System.nanoTime() + nanos, timeout);
    }

    private void acquire(long deadline, Duration timeout) throws IOException {
        usage.enter();
        try {
            if (tryOnce()) {
                return;
            }
            if (Thread.currentThread().isVirtual()) {
                parkUntilTaken(deadline, timeout);
            } else {
                sleepUntilTaken(deadline, timeout);
            }
        } finally {
            usage.exit();
            Reference.reachabilityFence(this);
        }
    }

    private void checkWait(long now, long deadline, Duration timeout) throws IOException {
        if (usage.isClosed()) {
            throw new AsynchronousCloseException();
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("sem_wait " + name + ": interrupted");
        }
        if (now - deadline >= 0) {
            throw new TimedOutException("sem_wait " + name, timeout == null ? Duration.ZERO : timeout);
        }
    }

    private void parkUntilTaken(long deadline, Duration timeout) throws IOException {
        long start = System.nanoTime();
        long park = 0;
        while (true) {
            long now = System.nanoTime();
            checkWait(now, deadline, timeout);
            if (now - start < SPIN_MICROS * 1000) {
                Thread.yield();
            } else {
                park = park == 0 ? FIRST_PARK_MICROS * 1000 : Math.min(park * 2, MAX_PARK_MILLIS * 1_000_000);
                LockSupport.parkNanos(Math.min(park, deadline - now));
            }
            if (tryOnce()) {
                return;
            }
        }
    }

    private void sleepUntilTaken(long deadline, Duration timeout) throws IOException {
        while (true) {
            long now = System.nanoTime();
            checkWait(now, deadline, timeout);
            long slice = Math.min(SLICE_MILLIS * 1_000_000, deadline - now);
            // sem_timedwait takes an absolute CLOCK_REALTIME time, which Instant.now() reads.
            Instant until = Instant.now().plusNanos(slice);
            int r = Semaphore.semTimedwait(sem, until.getEpochSecond(), until.getNano());
            if (r == 0) {
                return;
            }
            if (r != -ETIMEDOUT && r != -EINTR) {
                throw new ErrnoException(-r, "sem_timedwait", name);
            }
        }
    }

    /** sem_getvalue(3): the current value (0 when some process is waiting, on Linux). */
    public int value() throws IOException {
        usage.enter();
        try {
            int r = Semaphore.semGetvalue(sem);
            if (r < 0) {
                throw new ErrnoException(-r, "sem_getvalue", name);
            }
            return r;
        } finally {
            usage.exit();
            Reference.reachabilityFence(this);
        }
    }

    /** sem_close(3), once no call uses the handle any more (idempotent); the semaphore stays until unlinked. */
    @Override
    public void close() {
        cleanable.clean();
    }

    @Override
    public String toString() {
        return "PosixSemaphore[" + name + "]";
    }
}
