package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings of {@code poll(2)} and {@code ppoll(2)} from {@code <poll.h>}. {@link #poll} is called
 * with a zero timeout, to read the readiness of many descriptors at once without blocking;
 * {@link #awaitOne} is the {@link Poller}'s short direct wait of a platform thread on one descriptor.
 */
public final class Poll {
    private Poll() {}

    private static final MethodHandle poll =
            Native.errnoCall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle ppoll =
            Native.errnoCall("ppoll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));

    // One struct pollfd (8 bytes) and one struct timespec (16 bytes) per thread.
    private static final ThreadLocal<MemorySegment> SCRATCH =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(24, 8));

    /** poll(2) on an array of {@code struct pollfd}. */
    public static int poll(MemorySegment fds, long nfds, int timeoutMillis) {
        return Native.retrying(st -> (int) poll.invokeExact(st, fds, nfds, timeoutMillis));
    }

    /**
     * Blocks the calling thread in {@code ppoll(2)} until {@code fd} reports one of {@code events}
     * (or an error or hang-up), or {@code nanos} pass. Only for platform threads: it holds the thread
     * in the kernel, where neither an interrupt nor a close elsewhere reaches it, so keep it short.
     * An EINTR is not retried (the caller re-checks and waits again).
     *
     * @return the poll result: 1 when something is reported, 0 on time-out, or -errno
     */
    public static int awaitOne(int fd, int events, long nanos) {
        MemorySegment s = SCRATCH.get();
        s.set(JAVA_INT, 0, fd);
        s.set(JAVA_SHORT, 4, (short) events);
        s.set(JAVA_SHORT, 6, (short) 0);
        s.set(JAVA_LONG, 8, nanos / 1_000_000_000L);
        s.set(JAVA_LONG, 16, nanos % 1_000_000_000L);
        return Native.once(st -> (int) ppoll.invokeExact(st, s, 1L, s.asSlice(8, 16), MemorySegment.NULL));
    }
}
