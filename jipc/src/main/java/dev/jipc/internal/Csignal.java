package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
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

    /** {@code how} for {@link #pthreadSigmask}: add to the mask (0 on every Linux architecture). */
    public static final int SIG_BLOCK = 0;
    /** {@code how} for {@link #pthreadSigmask}: take out of the mask (1 on every Linux architecture). */
    public static final int SIG_UNBLOCK = 1;
    /** {@code how} for {@link #pthreadSigmask}: replace the mask (2 on every Linux architecture). */
    public static final int SIG_SETMASK = 2;

    private static final MethodHandle sigaddset =
            Native.errnoCall("sigaddset", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    /** sigaddset(3) on a {@code sigset_t} of {@link PlatformConstants#SIZEOF_SIGSET_T()} bytes. */
    public static int sigaddset(MemorySegment set, int sig) {
        return Native.once(st -> (int) sigaddset.invokeExact(st, set, sig));
    }

    private static final MethodHandle pthread_sigmask = Native.plainCall("pthread_sigmask",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    /**
     * pthread_sigmask(3): changes the calling thread's signal mask (which an exec carries into the
     * new program). Returns 0 or {@code -errno}; {@code oldset} may be NULL.
     */
    public static int pthreadSigmask(int how, MemorySegment set, MemorySegment oldset) {
        try {
            int r = (int) pthread_sigmask.invokeExact(how, set, oldset);
            return r == 0 ? 0 : -r;
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    private static final MethodHandle signal = Native.errnoCall("signal", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));

    /**
     * signal(2) with SIG_DFL, the one use jipc has for it: gives {@code sig} its default action
     * again. Never installs a function: Java code must not run in signal context. 0 or {@code -errno}.
     */
    public static int setDefault(int sig) {
        MemorySegment st = Native.callState();
        try {
            MemorySegment r = (MemorySegment) signal.invokeExact(st, sig, MemorySegment.NULL);
            return r.address() == -1L ? -Native.errno(st) : 0;
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** kill(2): {@code pid} may be negative to address a process group. */
    public static int kill(int pid, int sig) {
        return Native.once(st -> (int) kill.invokeExact(st, pid, sig));
    }
}
