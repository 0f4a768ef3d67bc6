package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings of {@code <string.h>}: glibc's {@code memcpy}, for bulk copies out of and into memory the
 * kernel shares between processes.
 *
 * <p>Why not {@link MemorySegment#copy}: between two native segments the JDK copies with its own
 * routine, which on the machines measured moved a 64 KiB piece out of a SysV attachment at about
 * half of glibc's speed (glibc picks the widest vector copy the CPU has and {@code rep movsb} where
 * that is faster). Into or out of a heap array the JDK's copy is as fast; glibc's is used there too
 * so one path serves both. {@code memcpy} never blocks and never fails, so it is a critical call
 * (the JVM passes heap arrays in place) without errno capture.
 */
public final class Cstring {
    private Cstring() {}

    /** Below this many bytes the JDK's copy wins: a downcall costs more than it saves. */
    public static final long MEMCPY_THRESHOLD = 4096;

    private static final MethodHandle memcpy = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("memcpy").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG), Linker.Option.critical(true));

    /**
     * Copies {@code length} bytes from {@code src} at {@code srcOffset} to {@code dst} at
     * {@code dstOffset}; the ranges must not overlap. Bounds, read-only destinations and closed
     * arenas are checked as {@link MemorySegment#copy} checks them.
     */
    public static void copy(MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset, long length) {
        MemorySegment from = src.asSlice(srcOffset, length);
        MemorySegment to = dst.asSlice(dstOffset, length);
        if (length < MEMCPY_THRESHOLD) {
            MemorySegment.copy(from, 0, to, 0, length);
            return;
        }
        if (to.isReadOnly()) {
            throw new IllegalArgumentException("read-only segment " + dst);
        }
        try {
            MemorySegment ignored = (MemorySegment) memcpy.invokeExact(to, from, length);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}
