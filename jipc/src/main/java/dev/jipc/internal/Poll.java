package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Binding of {@code poll(2)} from {@code <poll.h>}. jipc only calls it with a zero timeout, to
 * read the readiness of many descriptors at once without blocking; waiting is the Poller's job.
 */
public final class Poll {
    private Poll() {}

    private static final MethodHandle poll =
            Native.errnoCall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    /** poll(2) on an array of {@code struct pollfd}. */
    public static int poll(MemorySegment fds, long nfds, int timeoutMillis) {
        MemorySegment st = Native.callState();
        try {
            while (true) {
                int r = (int) poll.invokeExact(st, fds, nfds, timeoutMillis);
                if (r >= 0) {
                    return r;
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
