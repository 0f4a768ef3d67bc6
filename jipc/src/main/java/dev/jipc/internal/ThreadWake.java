package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Waking one thread out of a system call that has no timeout ({@code msgrcv}, {@code msgsnd}): a
 * {@code tgkill(2)} of {@code SIGPIPE} to that thread.
 *
 * <p>HotSpot installs a handler for {@code SIGPIPE} that does nothing (so that a write to a closed
 * pipe fails with {@code EPIPE} instead of ending the JVM). A signal caught by a handler makes a
 * blocked {@code msgrcv}/{@code msgsnd}/{@code semop} fail with {@code EINTR}, whatever
 * {@code SA_RESTART} says (signal(7): SysV IPC calls are never restarted); the handler itself has no
 * effect. {@link #available()} checks that such a handler is in place (not {@code SIG_DFL}, which
 * would end the process, nor {@code SIG_IGN}, which would not interrupt) before jipc relies on it.
 */
public final class ThreadWake {
    private ThreadWake() {}

    /** SIGPIPE: 13 on every Linux architecture. */
    public static final int SIGPIPE = 13;

    private static final boolean SYMBOLS =
            Native.hasSymbol("gettid") && Native.hasSymbol("tgkill") && Native.hasSymbol("sigaction");
    private static final MethodHandle gettid =
            SYMBOLS ? Native.plainCall("gettid", FunctionDescriptor.of(JAVA_INT)) : null;
    private static final MethodHandle tgkill =
            SYMBOLS ? Native.errnoCall("tgkill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT)) : null;
    private static final MethodHandle sigaction =
            SYMBOLS ? Native.errnoCall("sigaction", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS)) : null;

    private static final boolean AVAILABLE = SYMBOLS && handlerInstalled(SIGPIPE);

    /** Whether a thread can be woken this way: the functions exist and SIGPIPE has a (no-op) handler. */
    public static boolean available() {
        return AVAILABLE;
    }

    /** The calling thread's kernel thread id. */
    public static int gettid() {
        try {
            return (int) gettid.invokeExact();
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** tgkill(2) of {@link #SIGPIPE} to thread {@code tid} of this process: 0 or {@code -errno}. */
    public static int wake(int tid) {
        return signal(tid, SIGPIPE);
    }

    /** tgkill(2) of {@code sig} to thread {@code tid} of this process: 0 or {@code -errno}. */
    static int signal(int tid, int sig) {
        return Native.once(st -> (int) tgkill.invokeExact(st, Unistd.getpid(), tid, sig));
    }

    /** Whether {@code sig}'s disposition is a handler (the first field of struct sigaction, on x86_64 and aarch64). */
    private static boolean handlerInstalled(int sig) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment old = arena.allocate(256, 8);
            int r = (int) sigaction.invokeExact(Native.callState(), sig, MemorySegment.NULL, old);
            long handler = old.get(JAVA_LONG, 0);
            return r == 0 && handler != 0 && handler != 1;
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}
