package dev.jipc.sysv;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import dev.jipc.internal.PlatformConstants;
import dev.jipc.internal.Sem;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.time.Instant;

/**
 * A SysV semaphore set ({@code semget}, {@code semop}/{@code semtimedop}, {@code semctl}).
 *
 * <p>{@link #op} applies its operations atomically: all of them or none. It waits while they cannot
 * all proceed, and how it waits depends on the thread:
 * <ul>
 *   <li>a <b>platform thread</b> sleeps in the kernel in one {@code semtimedop} (limited by the
 *       timeout, if any), so it wakes as fast as C would and is counted by
 *       {@link #waitingForIncrease}/{@link #waitingForZero}; an interrupt reaches it within about
 *       10 ms through a no-op signal sent by a watchdog thread (see docs/architecture.md). Where that
 *       signal is not available it sleeps in {@code semtimedop} slices of {@value #SLICE_MILLIS} ms
 *       instead, checking its interrupt and deadline between slices;
 *   <li>a <b>virtual thread</b> never sleeps in the kernel (that would pin its carrier): it retries
 *       with {@code IPC_NOWAIT} and parks in between, spinning briefly first, then backing off up
 *       to 10 ms. Such a waiter is not counted by {@code GETNCNT}/{@code GETZCNT}, and a
 *       {@code semop} from another process may overtake it.
 * </ul>
 * Either way an interrupt ends the wait with {@link InterruptedIOException} (the thread stays
 * interrupted) and nothing applied, a timeout with {@link TimedOutException}, and removal of the set
 * with {@code EIDRM}.
 *
 * <p>A {@link SemOp#noWait() NOWAIT} operation makes the whole call non-blocking: {@code op} returns
 * false if the set could not proceed at once. (The kernel is finer: it only fails if the first
 * operation that cannot proceed is a NOWAIT one; jipc treats any.)
 *
 * <p>Other failures: {@code ENOENT} opening a missing key, {@code EEXIST} on an exclusive create,
 * {@code EACCES}, {@code EINVAL} for a bad count, {@code ERANGE} for a value above 32767
 * ({@code SEMVMX}) or an addition that would pass it, {@code EFBIG} for an index outside the set.
 */
public final class SemaphoreSet {
    /** The mode of sets created without one. */
    public static final int DEFAULT_MODE = 0600;
    static final long SLICE_MILLIS = 20;

    private final int id;
    private final IpcKey key;

    private SemaphoreSet(int id, IpcKey key) {
        this.id = id;
        this.key = key;
    }

    /** Creates a set of {@code count} semaphores (all zero) with mode 0600, or opens the existing one. */
    public static SemaphoreSet create(IpcKey key, int count) throws ErrnoException {
        return create(key, count, DEFAULT_MODE);
    }

    /** Creates a set of {@code count} semaphores with {@code mode}, or opens the existing one. */
    public static SemaphoreSet create(IpcKey key, int count, int mode) throws ErrnoException {
        return get(key, count, PlatformConstants.current().IPC_CREAT() | (mode & 0777));
    }

    /** Creates a set, failing with {@code EEXIST} if one has this key already. */
    public static SemaphoreSet createExclusive(IpcKey key, int count, int mode) throws ErrnoException {
        PlatformConstants c = PlatformConstants.current();
        return get(key, count, c.IPC_CREAT() | c.IPC_EXCL() | (mode & 0777));
    }

    /** Opens the existing set of {@code key} (Perl's {@code semget($IPC_KEY, 0, 0)}). */
    public static SemaphoreSet open(IpcKey key) throws ErrnoException {
        return get(key, 0, 0);
    }

    /** The set with this id. */
    public static SemaphoreSet ofId(int id) {
        return new SemaphoreSet(id, null);
    }

    private static SemaphoreSet get(IpcKey key, int count, int flags) throws ErrnoException {
        int id = Sem.semget(key.value(), count, flags);
        if (id < 0) {
            throw new ErrnoException(-id, "semget", "key " + key);
        }
        return new SemaphoreSet(id, key);
    }

    /** The set's id. */
    public int id() {
        return id;
    }

    /** The key it was created or opened with, or null if made {@link #ofId by id}. */
    public IpcKey key() {
        return key;
    }

    /** How many semaphores the set has. */
    public int size() throws ErrnoException {
        return (int) stat().count();
    }

    /**
     * Applies {@code ops} atomically, waiting as long as it takes (see the class comment).
     *
     * @return true once applied; false only if an operation asked {@code NOWAIT} and the set could not
     *         proceed at once
     * @throws InterruptedIOException if the thread was interrupted while waiting; nothing was applied
     * @throws ErrnoException {@code EIDRM} if the set was removed meanwhile, and the errors of semop(2)
     */
    public boolean op(SemOp... ops) throws IOException {
        return op(null, ops);
    }

    /**
     * Like {@link #op(SemOp...)}, waiting at most {@code timeout} (C's {@code semtimedop}).
     *
     * @throws TimedOutException if the time passed; nothing was applied
     */
    public boolean op(Duration timeout, SemOp... ops) throws IOException {
        if (ops.length == 0) {
            throw new IllegalArgumentException("no semaphore operations");
        }
        PlatformConstants c = PlatformConstants.current();
        boolean anyNoWait = false;
        short[] sops = new short[ops.length * 3];
        for (int i = 0; i < ops.length; i++) {
            SemOp o = ops[i];
            anyNoWait |= o.noWait();
            sops[3 * i] = (short) o.semaphore();
            sops[3 * i + 1] = (short) o.delta();
            sops[3 * i + 2] = (short) (o.undo() ? c.SEM_UNDO() : 0);
        }
        String what = "semop id " + id;
        long deadline = Waits.deadline(timeout);
        int eagain = Errno.EAGAIN.number();
        long r;
        if (anyNoWait) {
            r = Sem.semopNoWait(id, withNoWait(sops, c));
            if (r == -eagain) {
                return false;
            }
        } else if (Waits.mayBlock()) {
            r = sleeping(sops, deadline, timeout, what, c);
        } else if (Thread.currentThread().isVirtual()) {
            short[] noWait = withNoWait(sops, c);
            r = Waits.await(() -> Sem.semopNoWait(id, noWait), eagain, eagain, deadline, timeout, what);
        } else {
            r = Sem.semopNoWait(id, withNoWait(sops, c));
            while (r == -eagain) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException(what + ": interrupted");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimedOutException(what, timeout);
                }
                r = Sem.semtimedop(id, sops, Math.min(left, SLICE_MILLIS * 1_000_000));
                // A set removed between two slices answers EINVAL: for a waiter that is EIDRM.
                if (r == -Errno.EINVAL.number()) {
                    r = -Errno.EIDRM.number();
                }
            }
        }
        if (r < 0) {
            throw new ErrnoException((int) -r, "semop", "id " + id);
        }
        return true;
    }

    private static short[] withNoWait(short[] sops, PlatformConstants c) {
        short[] noWait = sops.clone();
        for (int i = 2; i < noWait.length; i += 3) {
            noWait[i] |= (short) c.IPC_NOWAIT();
        }
        return noWait;
    }

    /**
     * A platform thread's wait: one semtimedop that sleeps in the kernel (no limit, or what is left
     * of the timeout), its operations and timeout in the thread's native buffer; the watchdog ends
     * it with EINTR on interrupt (see {@code Waits}).
     */
    private long sleeping(short[] sops, long deadline, Duration timeout, String what, PlatformConstants c)
            throws InterruptedIOException, TimedOutException {
        MemorySegment scratch = Waits.scratch(16 + sops.length * 2L);
        MemorySegment ts = scratch.asSlice(0, 16);
        MemorySegment buf = scratch.asSlice(16, sops.length * 2L);
        MemorySegment.copy(sops, 0, buf, ValueLayout.JAVA_SHORT, 0, sops.length);
        long nsops = sops.length / 3;
        int eagain = Errno.EAGAIN.number();
        long r = Waits.blocking(() -> {
            if (timeout == null) {
                return Sem.semtimedopBlocking(id, buf, nsops, MemorySegment.NULL);
            }
            long left = Math.max(0, deadline - System.nanoTime());
            ts.set(ValueLayout.JAVA_LONG, 0, left / 1_000_000_000L);
            ts.set(ValueLayout.JAVA_LONG, 8, left % 1_000_000_000L);
            return Sem.semtimedopBlocking(id, buf, nsops, ts);
        }, () -> Sem.semopNoWait(id, withNoWait(sops, c)), eagain, deadline, timeout, what);
        if (r == -eagain) { // only semtimedop's timeout answers EAGAIN here: the operations had no NOWAIT
            throw new TimedOutException(what, timeout);
        }
        return r;
    }

    /** The value of semaphore {@code n} ({@code GETVAL}). */
    public int get(int n) throws ErrnoException {
        return ctl(n, PlatformConstants.current().GETVAL(), 0, "GETVAL");
    }

    /** Sets semaphore {@code n} to {@code value} ({@code SETVAL}); {@code ERANGE} above 32767. */
    public void set(int n, int value) throws ErrnoException {
        ctl(n, PlatformConstants.current().SETVAL(), value, "SETVAL");
    }

    /** Every semaphore's value ({@code GETALL}). */
    public int[] getAll() throws ErrnoException {
        int[] values = new int[size()];
        int r = Sem.getAll(id, values);
        if (r < 0) {
            throw new ErrnoException(-r, "semctl GETALL", "id " + id);
        }
        return values;
    }

    /** Sets every semaphore ({@code SETALL}); {@code values} has one per semaphore of the set. */
    public void setAll(int... values) throws ErrnoException {
        int[] copy = values.clone();
        for (int v : copy) {
            if (v < 0 || v > 0xffff) {
                throw new ErrnoException(Errno.ERANGE, "semctl SETALL", "id " + id, "value " + v);
            }
        }
        int r = Sem.setAll(id, copy);
        if (r < 0) {
            throw new ErrnoException(-r, "semctl SETALL", "id " + id);
        }
    }

    /** How many threads wait in the kernel for semaphore {@code n} to increase ({@code GETNCNT}). */
    public int waitingForIncrease(int n) throws ErrnoException {
        return ctl(n, PlatformConstants.current().GETNCNT(), 0, "GETNCNT");
    }

    /** How many threads wait in the kernel for semaphore {@code n} to become zero ({@code GETZCNT}). */
    public int waitingForZero(int n) throws ErrnoException {
        return ctl(n, PlatformConstants.current().GETZCNT(), 0, "GETZCNT");
    }

    /** The process that last operated on semaphore {@code n} ({@code GETPID}), 0 if none. */
    public int lastPid(int n) throws ErrnoException {
        return ctl(n, PlatformConstants.current().GETPID(), 0, "GETPID");
    }

    private int ctl(int n, int cmd, int value, String name) throws ErrnoException {
        int r = Sem.semctl(id, n, cmd, value);
        if (r < 0) {
            throw new ErrnoException(-r, "semctl " + name, "id " + id + " semaphore " + n);
        }
        return r;
    }

    /**
     * What the kernel knows of the set.
     *
     * @param permissions owner and mode
     * @param count how many semaphores it has
     * @param lastOp when semop last succeeded on it, or null if never
     * @param lastChange when it was created or last changed by semctl
     */
    public record Stat(IpcPermissions permissions, long count, Instant lastOp, Instant lastChange) {}

    /** semctl(IPC_STAT). */
    public Stat stat() throws ErrnoException {
        int[] errno = new int[1];
        Sem.Stat s = Sem.stat(id, errno);
        if (s == null) {
            throw new ErrnoException(-errno[0], "semctl IPC_STAT", "id " + id);
        }
        return new Stat(IpcPermissions.of(s.perm()), s.nsems(), SharedMemory.time(s.otime()),
                SharedMemory.time(s.ctime()));
    }

    /** semctl(IPC_RMID): removes the set at once, waking every waiter with {@code EIDRM}. */
    public void remove() throws ErrnoException {
        ctl(0, PlatformConstants.current().IPC_RMID(), 0, "IPC_RMID");
    }

    @Override
    public String toString() {
        return "SemaphoreSet[id " + id + (key == null ? "" : ", key " + key) + "]";
    }
}
