package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Bindings of {@code <grp.h>}: the supplementary group list; results as in {@link Unistd}. */
public final class Grp {
    private Grp() {}

    private static final MethodHandle setgroups =
            Native.errnoCall("setgroups", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));

    /**
     * setgroups(2): replaces the supplementary groups with {@code gids} (empty: none). Needs
     * CAP_SETGID; glibc applies it to every thread of the process.
     */
    public static int setgroups(int[] gids) {
        MemorySegment st = Native.callState();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment list = gids.length == 0 ? MemorySegment.NULL : arena.allocateFrom(JAVA_INT, gids);
            int r = (int) setgroups.invokeExact(st, (long) gids.length, list);
            return r == 0 ? 0 : -Native.errno(st);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}
