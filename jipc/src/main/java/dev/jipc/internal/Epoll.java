package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Bindings of {@code <sys/epoll.h>}; results as in {@link Unistd}. */
public final class Epoll {
    private Epoll() {}

    private static final MethodHandle epoll_create1 =
            Native.errnoCall("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle epoll_ctl =
            Native.errnoCall("epoll_ctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle epoll_wait =
            Native.errnoCall("epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    /** epoll_create1(2). */
    public static int create1(int flags) {
        MemorySegment st = Native.callState();
        try {
            int r = (int) epoll_create1.invokeExact(st, flags);
            return r >= 0 ? r : -Native.errno(st);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** epoll_ctl(2); {@code event} is a {@code struct epoll_event} or NULL for EPOLL_CTL_DEL. */
    public static int ctl(int epfd, int op, int fd, MemorySegment event) {
        MemorySegment st = Native.callState();
        try {
            int r = (int) epoll_ctl.invokeExact(st, epfd, op, fd, event);
            return r == 0 ? 0 : -Native.errno(st);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** epoll_wait(2), retried on EINTR with the same timeout. */
    public static int await(int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        MemorySegment st = Native.callState();
        try {
            while (true) {
                int r = (int) epoll_wait.invokeExact(st, epfd, events, maxEvents, timeoutMillis);
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
