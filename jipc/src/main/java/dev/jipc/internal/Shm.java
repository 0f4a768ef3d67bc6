package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings of {@code <sys/shm.h>}; results as in {@link Unistd}. None of these calls sleep.
 */
public final class Shm {
    private Shm() {}

    private static final MethodHandle shmget =
            Native.errnoCall("shmget", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle shmat =
            Native.errnoCall("shmat", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle shmdt =
            Native.errnoCall("shmdt", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle shmctl =
            Native.errnoCall("shmctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));

    /** What {@code shmctl(IPC_STAT)} reports. Times are seconds since the epoch, 0 for never. */
    public record Stat(Ipc.Perm perm, long size, long atime, long dtime, long ctime, int cpid, int lpid, long nattch) {}

    /** shmget(2): the segment id, or {@code -errno}. */
    public static int shmget(int key, long size, int flags) {
        return Native.once(st -> (int) shmget.invokeExact(st, key, size, flags));
    }

    /** shmctl(2) with a command that takes no buffer (IPC_RMID): 0 or {@code -errno}. */
    public static int shmctl(int id, int cmd) {
        return Native.once(st -> (int) shmctl.invokeExact(st, id, cmd, MemorySegment.NULL));
    }

    /** shmctl(IPC_STAT) into a fresh buffer; {@code errno} receives {@code -errno} on failure. */
    public static Stat stat(int id, int[] errno) {
        PlatformConstants c = PlatformConstants.current();
        MemorySegment st = Native.callState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ds = arena.allocate(c.SIZEOF_SHMID_DS(), 8);
            int r = (int) shmctl.invokeExact(st, id, c.IPC_STAT(), ds);
            if (r < 0) {
                errno[0] = -Native.errno(st);
                return null;
            }
            return new Stat(Ipc.perm(ds), ds.get(JAVA_LONG, c.OFFSETOF_SHMID_DS__SHM_SEGSZ()),
                    ds.get(JAVA_LONG, c.OFFSETOF_SHMID_DS__SHM_ATIME()), ds.get(JAVA_LONG, c.OFFSETOF_SHMID_DS__SHM_DTIME()),
                    ds.get(JAVA_LONG, c.OFFSETOF_SHMID_DS__SHM_CTIME()), ds.get(JAVA_INT, c.OFFSETOF_SHMID_DS__SHM_CPID()),
                    ds.get(JAVA_INT, c.OFFSETOF_SHMID_DS__SHM_LPID()), ds.get(JAVA_LONG, c.OFFSETOF_SHMID_DS__SHM_NATTCH()));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /**
     * shmat(2) of {@code size} bytes of segment {@code id}; {@code errno} receives {@code -errno} and
     * the result is null on failure.
     */
    @SuppressWarnings("restricted") // the kernel mapped exactly size bytes at this address
    public static MappedMemory attach(int id, long size, boolean readOnly, int[] errno) {
        PlatformConstants c = PlatformConstants.current();
        MemorySegment st = Native.callState();
        try {
            MemorySegment at = (MemorySegment) shmat.invokeExact(st, id, MemorySegment.NULL, readOnly ? c.SHM_RDONLY() : 0);
            if (at.address() == -1L) {
                errno[0] = -Native.errno(st);
                return null;
            }
            Arena arena = Arena.ofShared();
            MemorySegment memory = at.reinterpret(size, arena, Shm::detach);
            return new MappedMemory(arena, readOnly ? memory.asReadOnly() : memory);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    private static void detach(MemorySegment at) {
        try {
            int ignored = (int) shmdt.invokeExact(Native.callState(), at);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}
