package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Bindings of {@code <fcntl.h>} and {@code mkfifo} of {@code <sys/stat.h>}; results as in {@link Unistd}. */
public final class Fcntl {
    private Fcntl() {}

    // open and fcntl are variadic in C: the third argument is passed as a variadic int.
    private static final MethodHandle open = Native.variadicErrnoCall("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 2);
    private static final MethodHandle fcntl = Native.variadicErrnoCall("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), 2);
    private static final MethodHandle mkfifo = Native.errnoCall("mkfifo",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    /** open(2); the path is converted to a C string here. */
    public static int open(String path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(path);
            MemorySegment st = Native.callState();
            while (true) {
                int r = (int) open.invokeExact(st, p, flags, mode);
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

    /** fcntl(2) with an int argument (0 where the command takes none). */
    public static int fcntl(int fd, int cmd, int arg) {
        return Native.retrying(st -> (int) fcntl.invokeExact(st, fd, cmd, arg));
    }

    /** mkfifo(3) with the given permission bits (still masked by the umask). */
    public static int mkfifo(String path, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(path);
            MemorySegment st = Native.callState();
            int r = (int) mkfifo.invokeExact(st, p, mode);
            return r == 0 ? 0 : -Native.errno(st);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}
