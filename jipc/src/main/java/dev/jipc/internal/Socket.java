package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings of {@code <sys/socket.h>}. Every method returns the C result or {@code -errno}; calls
 * that can be interrupted without effect retry EINTR themselves. {@code connect} does not: an
 * interrupted connect goes on in the background, so its caller waits for writability instead.
 *
 * <p>{@link #send}, {@link #sendto}, {@link #recv} and {@link #recvfrom} are critical calls (heap
 * arrays are passed without a copy), which is safe only because jipc makes them with
 * {@code MSG_DONTWAIT} (or on a non-blocking socket): they never sleep in the kernel. The calls that
 * may sleep, {@link #sendBlocking} and {@link #recvBlocking}, are ordinary downcalls on native memory.
 */
public final class Socket {
    private Socket() {}

    private static final MethodHandle socket =
            Native.errnoCall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle socketpair =
            Native.errnoCall("socketpair", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final FunctionDescriptor FD_ADDR_LEN = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle bind = Native.errnoCall("bind", FD_ADDR_LEN);
    private static final MethodHandle connect = Native.errnoCall("connect", FD_ADDR_LEN);
    private static final MethodHandle listen =
            Native.errnoCall("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle accept4 =
            Native.errnoCall("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle shutdown =
            Native.errnoCall("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle getsockopt = Native.errnoCall("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle setsockopt = Native.errnoCall("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final FunctionDescriptor FD_ADDR_LENP = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle getsockname = Native.errnoCall("getsockname", FD_ADDR_LENP);
    private static final MethodHandle getpeername = Native.errnoCall("getpeername", FD_ADDR_LENP);
    private static final FunctionDescriptor SEND =
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle send = Native.criticalErrnoCall("send", SEND);
    private static final MethodHandle sendBlocking = Native.errnoCall("send", SEND);
    private static final MethodHandle recvBlocking = Native.errnoCall("recv", SEND);
    private static final MethodHandle sendto = Native.criticalErrnoCall("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle recvfrom = Native.criticalErrnoCall("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    private static final FunctionDescriptor MSG = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle sendmsg = Native.errnoCall("sendmsg", MSG);
    private static final MethodHandle recvmsg = Native.errnoCall("recvmsg", MSG);

    /** socket(2). */
    public static int socket(int domain, int type, int protocol) {
        return Native.once(st -> (int) socket.invokeExact(st, domain, type, protocol));
    }

    /** socketpair(2): fills {@code fds} (two ints). */
    public static int socketpair(int domain, int type, int protocol, MemorySegment fds) {
        return Native.once(st -> (int) socketpair.invokeExact(st, domain, type, protocol, fds));
    }

    /** bind(2). */
    public static int bind(int fd, MemorySegment addr, int len) {
        return Native.once(st -> (int) bind.invokeExact(st, fd, addr, len));
    }

    /** connect(2), not retried: an EINTR means the connection is still being made. */
    public static int connect(int fd, MemorySegment addr, int len) {
        return Native.once(st -> (int) connect.invokeExact(st, fd, addr, len));
    }

    /** listen(2). */
    public static int listen(int fd, int backlog) {
        return Native.once(st -> (int) listen.invokeExact(st, fd, backlog));
    }

    /** accept4(2); {@code addr} and {@code len} may be NULL. */
    public static int accept4(int fd, MemorySegment addr, MemorySegment len, int flags) {
        return Native.retrying(st -> (int) accept4.invokeExact(st, fd, addr, len, flags));
    }

    /** shutdown(2). */
    public static int shutdown(int fd, int how) {
        return Native.once(st -> (int) shutdown.invokeExact(st, fd, how));
    }

    /** getsockopt(2); {@code len} holds the socklen_t in and out. */
    public static int getsockopt(int fd, int level, int name, MemorySegment value, MemorySegment len) {
        return Native.once(st -> (int) getsockopt.invokeExact(st, fd, level, name, value, len));
    }

    /** setsockopt(2). */
    public static int setsockopt(int fd, int level, int name, MemorySegment value, int len) {
        return Native.once(st -> (int) setsockopt.invokeExact(st, fd, level, name, value, len));
    }

    /** getsockname(2). */
    public static int getsockname(int fd, MemorySegment addr, MemorySegment len) {
        return Native.once(st -> (int) getsockname.invokeExact(st, fd, addr, len));
    }

    /** getpeername(2). */
    public static int getpeername(int fd, MemorySegment addr, MemorySegment len) {
        return Native.once(st -> (int) getpeername.invokeExact(st, fd, addr, len));
    }

    /** send(2) as a critical call; only with {@code MSG_DONTWAIT} or on a non-blocking socket. Retries EINTR. */
    public static long send(int fd, MemorySegment buf, long len, int flags) {
        return send(Native.callState(), fd, buf, len, flags);
    }

    /** Like {@link #send(int, MemorySegment, long, int)} with the calling thread's {@link Native#callState()} at hand. */
    public static long send(MemorySegment st, int fd, MemorySegment buf, long len, int flags) {
        // Spelled out rather than through Native.retryingLong: the per-call hot path of stream sockets.
        try {
            while (true) {
                long n = (long) send.invokeExact(st, fd, buf, len, flags);
                if (n >= 0) {
                    return n;
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

    /**
     * send(2) that may block: not a critical call (native memory only), and not retried on EINTR,
     * which is how a blocked thread is woken ({@link KernelBlocking}). {@code st} is the calling
     * thread's {@link Native#callState()}.
     */
    public static long sendBlocking(MemorySegment st, int fd, MemorySegment buf, long len, int flags) {
        return Native.onceLong(st, s -> (long) sendBlocking.invokeExact(s, fd, buf, len, flags));
    }

    /** recv(2) that may block; like {@link #sendBlocking}, native memory only and EINTR returned. */
    public static long recvBlocking(MemorySegment st, int fd, MemorySegment buf, long len, int flags) {
        return Native.onceLong(st, s -> (long) recvBlocking.invokeExact(s, fd, buf, len, flags));
    }

    /** recv(2) as a critical call, with {@code MSG_DONTWAIT} among the flags (or on a non-blocking socket). */
    public static long recv(int fd, MemorySegment buf, long len, int flags) {
        return recvfrom(fd, buf, len, flags, MemorySegment.NULL, MemorySegment.NULL);
    }

    /** sendto(2) as a critical call (non-blocking sockets only); {@code addr} may be NULL when connected. */
    public static long sendto(int fd, MemorySegment buf, long len, int flags, MemorySegment addr, int addrLen) {
        return Native.retryingLong(st -> (long) sendto.invokeExact(st, fd, buf, len, flags, addr, addrLen));
    }

    /** recvfrom(2) as a critical call (non-blocking sockets only); {@code addr} and {@code addrLen} may be NULL. */
    public static long recvfrom(int fd, MemorySegment buf, long len, int flags, MemorySegment addr, MemorySegment addrLen) {
        return Native.retryingLong(st -> (long) recvfrom.invokeExact(st, fd, buf, len, flags, addr, addrLen));
    }

    /** sendmsg(2). Retries EINTR. */
    public static long sendmsg(int fd, MemorySegment msg, int flags) {
        return Native.retryingLong(st -> (long) sendmsg.invokeExact(st, fd, msg, flags));
    }

    /** recvmsg(2). Retries EINTR. */
    public static long recvmsg(int fd, MemorySegment msg, int flags) {
        return Native.retryingLong(st -> (long) recvmsg.invokeExact(st, fd, msg, flags));
    }
}
