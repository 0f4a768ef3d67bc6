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
        return Native.once(st -> (int) epoll_create1.invokeExact(st, flags));
    }

    /** epoll_ctl(2); {@code event} is a {@code struct epoll_event} or NULL for EPOLL_CTL_DEL. */
    public static int ctl(int epfd, int op, int fd, MemorySegment event) {
        return Native.once(st -> (int) epoll_ctl.invokeExact(st, epfd, op, fd, event));
    }

    /** epoll_wait(2), retried on EINTR with the same timeout. */
    public static int await(int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        return Native.retrying(st -> (int) epoll_wait.invokeExact(st, epfd, events, maxEvents, timeoutMillis));
    }
}
