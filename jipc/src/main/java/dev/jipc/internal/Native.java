package dev.jipc.internal;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * Builds the downcall handles of the binding classes and holds the per-thread errno capture.
 *
 * <p>Each binding class keeps one {@code static final MethodHandle} per C function, made here. A
 * handle made by {@link #errnoCall} takes the capture segment of {@link #callState()} as its first
 * argument; the linker stores {@code errno} in it right after the call, before any other native code
 * of this thread can overwrite it. The segment is per thread (virtual threads included), never
 * shared, so two threads failing at once each read their own errno.
 */
public final class Native {
    private Native() {}

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CAPTURE.byteOffset(groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    /** The calling thread's errno capture segment; pass it as the first argument of errno handles. */
    public static MemorySegment callState() {
        return STATE.get();
    }

    /** The errno the last errno-capturing call of this thread left in {@code state}. */
    public static int errno(MemorySegment state) {
        return state.get(JAVA_INT, ERRNO_OFFSET);
    }

    /** A downcall of an errno handle returning int, given this thread's capture segment. */
    @FunctionalInterface
    public interface IntCall {
        /** Invokes the handle with {@code state} as its capture segment. */
        int call(MemorySegment state) throws Throwable;
    }

    /** A downcall of an errno handle returning long (ssize_t, a pointer-sized value). */
    @FunctionalInterface
    public interface LongCall {
        /** Invokes the handle with {@code state} as its capture segment. */
        long call(MemorySegment state) throws Throwable;
    }

    private static final int EINTR = 4;

    /** One call: its result when {@code >= 0}, else {@code -errno}. */
    public static int once(IntCall call) {
        return (int) onceLong(call::call);
    }

    /** Like {@link #once(IntCall)} for a long result. */
    public static long onceLong(LongCall call) {
        return onceLong(callState(), call);
    }

    /** Like {@link #onceLong(LongCall)} with the calling thread's {@link #callState()} already at hand. */
    public static long onceLong(MemorySegment st, LongCall call) {
        try {
            long r = call.call(st);
            return r >= 0 ? r : -errno(st);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** Like {@link #once(IntCall)}, calling again while the call fails with EINTR. */
    public static int retrying(IntCall call) {
        return (int) retryingLong(call::call);
    }

    /** Like {@link #retrying(IntCall)} for a long result. */
    public static long retryingLong(LongCall call) {
        MemorySegment st = callState();
        try {
            while (true) {
                long r = call.call(st);
                if (r >= 0) {
                    return r;
                }
                int e = errno(st);
                if (e != EINTR) {
                    return -e;
                }
            }
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** A handle to a libc function that sets errno; its first parameter is the capture segment. */
    static MethodHandle errnoCall(String name, FunctionDescriptor descriptor) {
        PlatformConstants.current();
        return LINKER.downcallHandle(symbol(name), descriptor, CAPTURE_ERRNO);
    }

    /** Like {@link #errnoCall} for a variadic C function whose variadic part starts at {@code index}. */
    static MethodHandle variadicErrnoCall(String name, FunctionDescriptor descriptor, int index) {
        PlatformConstants.current();
        return LINKER.downcallHandle(symbol(name), descriptor, CAPTURE_ERRNO, Linker.Option.firstVariadicArg(index));
    }

    /**
     * Like {@link #errnoCall} for calls that never block (non-blocking read/write): the JVM may pass
     * heap arrays straight to C, saving a copy. Never use it for a call that can sleep, since the
     * garbage collector waits for it.
     */
    static MethodHandle criticalErrnoCall(String name, FunctionDescriptor descriptor) {
        PlatformConstants.current();
        return LINKER.downcallHandle(symbol(name), descriptor, CAPTURE_ERRNO, Linker.Option.critical(true));
    }

    /** A handle to a libc function whose failures are not reported through errno. */
    static MethodHandle plainCall(String name, FunctionDescriptor descriptor) {
        PlatformConstants.current();
        return LINKER.downcallHandle(symbol(name), descriptor);
    }

    /** Whether libc exports {@code name} (older glibc lacks some wrappers). */
    public static boolean hasSymbol(String name) {
        return LIBC.find(name).isPresent();
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no function " + name));
    }

    /** Rethrows what a downcall threw; downcalls only throw on linker bugs, never on C errors. */
    static AssertionError fail(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new AssertionError("unexpected exception from a downcall", t);
    }
}
