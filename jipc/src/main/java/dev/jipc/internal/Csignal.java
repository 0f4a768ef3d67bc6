package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings of {@code <signal.h>} (named after the header, as {@code Signal} is the public value
 * type); results as in {@link Unistd}. The signal-set helpers used for spawning live in {@link Spawn}.
 */
public final class Csignal {
    private Csignal() {}

    private static final MethodHandle kill =
            Native.errnoCall("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    /** kill(2): {@code pid} may be negative to address a process group. */
    public static int kill(int pid, int sig) {
        MemorySegment st = Native.callState();
        try {
            int r = (int) kill.invokeExact(st, pid, sig);
            return r == 0 ? 0 : -Native.errno(st);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}
