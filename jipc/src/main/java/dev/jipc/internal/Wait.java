package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Bindings of {@code <sys/wait.h>}; results as in {@link Unistd}. */
public final class Wait {
    private Wait() {}

    private static final MethodHandle waitpid =
            Native.errnoCall("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    /**
     * waitpid(2) for one given pid (never -1 or a group: jipc only waits for children it started),
     * retried on EINTR. Returns the pid with its wait status, or {@code 0} with WNOHANG when it has
     * not changed state yet, as {@code pid << 32 | status} in one long; {@code -errno} (negative) on
     * failure.
     */
    public static long waitpid(int pid, int options) {
        if (pid <= 0) {
            throw new IllegalArgumentException("waitpid only for one child, not " + pid);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment st = Native.callState();
            while (true) {
                int r = (int) waitpid.invokeExact(st, pid, status, options);
                if (r >= 0) {
                    return ((long) r << 32) | Integer.toUnsignedLong(status.get(JAVA_INT, 0));
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
}
