package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings of {@code <sys/sem.h>}; results as in {@link Unistd}.
 *
 * <p>Operations are passed as a {@code short[]} of {@code struct sembuf} triples
 * ({@code sem_num, sem_op, sem_flg}, six bytes each, no padding). {@link #semopNoWait} may only be
 * given operations that all carry {@code IPC_NOWAIT}: it never sleeps, so it is a critical call that
 * reads the Java array in place. {@link #semtimedop} sleeps up to its timeout and copies;
 * {@link #semtimedopBlocking} sleeps on operations the caller put in native memory.
 */
public final class Sem {
    private Sem() {}

    private static final MethodHandle semget =
            Native.errnoCall("semget", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle semop =
            Native.criticalErrnoCall("semop", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle semtimedop =
            Native.errnoCall("semtimedop", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
    // int semctl(int semid, int semnum, int cmd, ...): the optional fourth argument is a union semun,
    // passed as a value (an int) or a pointer; one handle per shape.
    private static final MethodHandle semctl = Native.variadicErrnoCall("semctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), 3);
    private static final MethodHandle semctlPointer = Native.variadicErrnoCall("semctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), 3);

    /** What {@code semctl(IPC_STAT)} reports. Times are seconds since the epoch, 0 for never. */
    public record Stat(Ipc.Perm perm, long otime, long ctime, long nsems) {}

    /** semget(2): the set id, or {@code -errno}. */
    public static int semget(int key, int nsems, int flags) {
        return Native.once(st -> (int) semget.invokeExact(st, key, nsems, flags));
    }

    /** semop(2) of operations that all carry IPC_NOWAIT: 0, or {@code -errno} (EAGAIN when it would wait). */
    public static int semopNoWait(int id, short[] sops) {
        MemorySegment st = Native.callState();
        MemorySegment buf = MemorySegment.ofArray(sops);
        try {
            while (true) {
                int r = (int) semop.invokeExact(st, id, buf, (long) (sops.length / 3));
                if (r == 0) {
                    return 0;
                }
                int e = Native.errno(st);
                if (e != Unistd.EINTR) {
                    return -e;
                }
            }
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /**
     * semtimedop(2) waiting at most {@code timeoutNanos}: 0, or {@code -errno} ({@code -EAGAIN} when
     * the time passed). An EINTR ends the call early with {@code -EAGAIN} too: callers loop anyway.
     */
    public static int semtimedop(int id, short[] sops, long timeoutNanos) {
        MemorySegment st = Native.callState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate((long) sops.length * 2, 8);
            MemorySegment.copy(sops, 0, buf, JAVA_SHORT, 0, sops.length);
            MemorySegment ts = arena.allocate(16, 8);
            ts.set(JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
            ts.set(JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
            int r = (int) semtimedop.invokeExact(st, id, buf, (long) (sops.length / 3), ts);
            if (r == 0) {
                return 0;
            }
            int e = Native.errno(st);
            return e == Unistd.EINTR ? -Unistd.EAGAIN : -e;
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /**
     * semtimedop(2) that sleeps in the kernel, of {@code nsops} operations already in native memory,
     * waiting at most the {@code struct timespec} at {@code timeout} ({@link MemorySegment#NULL}: no
     * limit): 0, or {@code -errno}, {@code -EINTR} included (the caller decides), {@code -EAGAIN} when
     * the time passed.
     */
    public static int semtimedopBlocking(int id, MemorySegment sops, long nsops, MemorySegment timeout) {
        return Native.once(st -> (int) semtimedop.invokeExact(st, id, sops, nsops, timeout));
    }

    /** semctl(2) with an int argument or none (GETVAL, SETVAL, GETPID, GETNCNT, GETZCNT, IPC_RMID). */
    public static int semctl(int id, int semnum, int cmd, int value) {
        return Native.once(st -> (int) semctl.invokeExact(st, id, semnum, cmd, (long) value));
    }

    /** semctl(GETALL) into {@code values} (one per semaphore): 0 or {@code -errno}. */
    public static int getAll(int id, int[] values) {
        return array(id, PlatformConstants.current().GETALL(), values);
    }

    /** semctl(SETALL) from {@code values}: 0 or {@code -errno}. */
    public static int setAll(int id, int[] values) {
        return array(id, PlatformConstants.current().SETALL(), values);
    }

    private static int array(int id, int cmd, int[] values) {
        MemorySegment st = Native.callState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Math.max(2L, values.length * 2L), 8);
            for (int i = 0; i < values.length; i++) {
                buf.setAtIndex(JAVA_SHORT, i, (short) values[i]);
            }
            int r = (int) semctlPointer.invokeExact(st, id, 0, cmd, buf);
            if (r < 0) {
                return -Native.errno(st);
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = Short.toUnsignedInt(buf.getAtIndex(JAVA_SHORT, i));
            }
            return 0;
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** semctl(IPC_STAT); {@code errno} receives {@code -errno} and the result is null on failure. */
    public static Stat stat(int id, int[] errno) {
        PlatformConstants c = PlatformConstants.current();
        MemorySegment st = Native.callState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ds = arena.allocate(c.SIZEOF_SEMID_DS(), 8);
            int r = (int) semctlPointer.invokeExact(st, id, 0, c.IPC_STAT(), ds);
            if (r < 0) {
                errno[0] = -Native.errno(st);
                return null;
            }
            return new Stat(Ipc.perm(ds), ds.get(JAVA_LONG, c.OFFSETOF_SEMID_DS__SEM_OTIME()),
                    ds.get(JAVA_LONG, c.OFFSETOF_SEMID_DS__SEM_CTIME()), ds.get(JAVA_LONG, c.OFFSETOF_SEMID_DS__SEM_NSEMS()));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}
