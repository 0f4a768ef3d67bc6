package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.jipc.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * CPU affinity of threads: {@code sched_getaffinity(2)} and {@code sched_setaffinity(2)}, with a
 * mask of up to {@link #MAX_CPUS} CPUs.
 */
public final class Sched {
    private Sched() {}

    /** CPUs a mask holds: glibc's {@code cpu_set_t} (1024 bits). */
    static final int MAX_CPUS = 1024;
    private static final long MASK_BYTES = MAX_CPUS / 8;

    private static final boolean SYMBOLS = Native.hasSymbol("sched_getaffinity") && Native.hasSymbol("sched_setaffinity");
    private static final MethodHandle getaffinity = SYMBOLS
            ? Native.errnoCall("sched_getaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS))
            : null;
    private static final MethodHandle setaffinity = SYMBOLS
            ? Native.errnoCall("sched_setaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS))
            : null;

    /**
     * The CPUs thread {@code tid} may run on (0: the calling thread; the process id: its first
     * thread), one bit per CPU; null if the kernel does not say.
     */
    public static long[] affinity(int tid) {
        if (!SYMBOLS) {
            return null;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            int r = (int) getaffinity.invokeExact(Native.callState(), tid, MASK_BYTES, mask);
            return r < 0 ? null : mask.toArray(JAVA_LONG);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** Restricts the calling thread to the CPUs of {@code mask}: 0 or {@code -errno}. */
    public static int setAffinity(long[] mask) {
        if (!SYMBOLS) {
            return -Errno.ENOSYS.number();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(MASK_BYTES, 8);
            MemorySegment.copy(mask, 0, m, JAVA_LONG, 0, Math.min(mask.length, (int) (MASK_BYTES / 8)));
            return Native.once(st -> (int) setaffinity.invokeExact(st, 0, MASK_BYTES, m));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}
