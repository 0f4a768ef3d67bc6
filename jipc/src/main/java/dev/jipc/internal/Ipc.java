package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings of {@code <sys/ipc.h>}: {@code ftok}, and the reading of the {@code struct ipc_perm} that
 * starts every SysV {@code *id_ds} struct. Results as in {@link Unistd}.
 */
public final class Ipc {
    private Ipc() {}

    private static final MethodHandle ftok =
            Native.errnoCall("ftok", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    /** The permission fields of a {@code struct ipc_perm}: owner, creator and mode bits. */
    public record Perm(int key, int uid, int gid, int cuid, int cgid, int mode) {}

    /** ftok(3): the key for {@code path} and {@code projId}, or {@code -errno} when {@code -1}. */
    public static long ftok(String path, int projId) {
        MemorySegment st = Native.callState();
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) ftok.invokeExact(st, arena.allocateFrom(path), projId);
            return r == -1 ? -Native.errno(st) : Integer.toUnsignedLong(r);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** Reads the {@code struct ipc_perm} at the start of {@code ds}. */
    static Perm perm(MemorySegment ds) {
        PlatformConstants c = PlatformConstants.current();
        return new Perm(ds.get(JAVA_INT, 0), ds.get(JAVA_INT, c.OFFSETOF_IPC_PERM__UID()),
                ds.get(JAVA_INT, c.OFFSETOF_IPC_PERM__GID()), ds.get(JAVA_INT, c.OFFSETOF_IPC_PERM__CUID()),
                ds.get(JAVA_INT, c.OFFSETOF_IPC_PERM__CGID()), ds.get(JAVA_INT, c.OFFSETOF_IPC_PERM__MODE()));
    }
}
