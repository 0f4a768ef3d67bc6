package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings of {@code <unistd.h>}. Every method returns the C result, or {@code -errno} on failure,
 * and retries {@code EINTR} itself so callers never see it.
 */
public final class Unistd {
    private Unistd() {}

    public static final int EINTR = 4;
    /** EAGAIN and EWOULDBLOCK, one number on Linux. */
    public static final int EAGAIN = 11;

    private static final FunctionDescriptor RW = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle read = Native.errnoCall("read", RW);
    private static final MethodHandle write = Native.errnoCall("write", RW);
    private static final MethodHandle readCritical = Native.criticalErrnoCall("read", RW);
    private static final MethodHandle writeCritical = Native.criticalErrnoCall("write", RW);
    private static final MethodHandle close =
            Native.errnoCall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle pipe2 =
            Native.errnoCall("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle getpid = Native.plainCall("getpid", FunctionDescriptor.of(JAVA_INT));
    // Credentials: uid_t and gid_t are unsigned 32-bit on Linux, carried here as Java ints.
    private static final MethodHandle setuid = Native.errnoCall("setuid", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle setgid = Native.errnoCall("setgid", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle getuid = Native.plainCall("getuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle geteuid = Native.plainCall("geteuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle getgid = Native.plainCall("getgid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle getsid =
            Native.errnoCall("getsid", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle alarm = Native.plainCall("alarm", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle execve =
            Native.errnoCall("execve", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));

    /** alarm(2): SIGALRM after {@code seconds} (0 cancels); the seconds left of the previous alarm. */
    public static int alarm(int seconds) {
        try {
            return (int) alarm.invokeExact(seconds);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /**
     * execve(2) with NULL-terminated {@code argv} and {@code envp}: returns only on failure, with
     * {@code -errno}.
     */
    public static int execve(MemorySegment path, MemorySegment argv, MemorySegment envp) {
        return Native.once(st -> (int) execve.invokeExact(st, path, argv, envp));
    }

    /**
     * read(2). With {@code nonBlocking} the call is made as a critical call, which may pass a heap
     * segment without copying; only a descriptor in O_NONBLOCK mode (or a regular file) may use it.
     */
    public static long read(int fd, MemorySegment buf, long count, boolean nonBlocking) {
        MemorySegment st = Native.callState();
        try {
            while (true) {
                long n = nonBlocking
                        ? (long) readCritical.invokeExact(st, fd, buf, count)
                        : (long) read.invokeExact(st, fd, buf, count);
                if (n >= 0) {
                    return n;
                }
                int e = Native.errno(st);
                if (e != EINTR) {
                    return -e;
                }
            }
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /**
     * read(2) that may sleep, on native memory, returning {@code -EINTR} rather than retrying it: a
     * thread woken by a signal ({@link KernelBlocking}) must look at why before it sleeps again.
     * {@code st} is the calling thread's {@link Native#callState()}.
     */
    public static long readOnce(MemorySegment st, int fd, MemorySegment buf, long count) {
        return Native.onceLong(st, s -> (long) read.invokeExact(s, fd, buf, count));
    }

    /** write(2); see {@link #read} for {@code nonBlocking}. */
    public static long write(int fd, MemorySegment buf, long count, boolean nonBlocking) {
        MemorySegment st = Native.callState();
        try {
            while (true) {
                long n = nonBlocking
                        ? (long) writeCritical.invokeExact(st, fd, buf, count)
                        : (long) write.invokeExact(st, fd, buf, count);
                if (n >= 0) {
                    return n;
                }
                int e = Native.errno(st);
                if (e != EINTR) {
                    return -e;
                }
            }
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /**
     * close(2). Not retried on EINTR: on Linux the descriptor is released even then, and a retry
     * could close a descriptor another thread has just been given.
     */
    public static int close(int fd) {
        MemorySegment st = Native.callState();
        try {
            int r = (int) close.invokeExact(st, fd);
            if (r == 0) {
                return 0;
            }
            int e = Native.errno(st);
            return e == EINTR ? 0 : -e;
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** pipe2(2): fills {@code fds} (two ints) with the read and write ends. */
    public static int pipe2(MemorySegment fds, int flags) {
        return Native.once(st -> (int) pipe2.invokeExact(st, fds, flags));
    }

    /**
     * setuid(2). As root it sets the real, effective and saved user ids, so the change cannot be
     * undone; glibc applies it to every thread of the process, as POSIX requires.
     */
    public static int setuid(int uid) {
        return Native.once(st -> (int) setuid.invokeExact(st, uid));
    }

    /** setgid(2); like {@link #setuid} for the group ids. */
    public static int setgid(int gid) {
        return Native.once(st -> (int) setgid.invokeExact(st, gid));
    }

    /** getuid(2): the real user id; never fails. */
    public static int getuid() {
        try {
            return (int) getuid.invokeExact();
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** geteuid(2): the effective user id; never fails. */
    public static int geteuid() {
        try {
            return (int) geteuid.invokeExact();
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** getgid(2): the real group id; never fails. */
    public static int getgid() {
        try {
            return (int) getgid.invokeExact();
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** getsid(2): the session id of {@code pid} (0: this process), or {@code -errno}. */
    public static int getsid(int pid) {
        return Native.once(st -> (int) getsid.invokeExact(st, pid));
    }

    /** getpid(2). */
    public static int getpid() {
        try {
            return (int) getpid.invokeExact();
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}
