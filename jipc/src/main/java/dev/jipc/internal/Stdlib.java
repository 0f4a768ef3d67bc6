package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings of the pseudo-terminal functions of {@code <stdlib.h>}: {@code posix_openpt},
 * {@code grantpt}, {@code unlockpt}, {@code ptsname_r}. Results as in {@link Unistd}.
 *
 * <p>{@code ptsname_r} returns the error number itself (like the {@code posix_spawn} family) rather
 * than setting errno; it is negated here like every other failure. It fails with ENOTTY on any
 * descriptor that is not a pseudo-terminal's controller side, which is how jipc tells one.
 */
public final class Stdlib {
    private Stdlib() {}

    private static final MethodHandle posix_openpt =
            Native.errnoCall("posix_openpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle grantpt =
            Native.errnoCall("grantpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle unlockpt =
            Native.errnoCall("unlockpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle ptsname_r =
            Native.plainCall("ptsname_r", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));

    /** posix_openpt(3): opens a new controller side with {@code flags} (O_RDWR, O_NOCTTY, O_CLOEXEC, O_NONBLOCK). */
    public static int posixOpenpt(int flags) {
        return Native.retrying(st -> (int) posix_openpt.invokeExact(st, flags));
    }

    /** grantpt(3). */
    public static int grantpt(int fd) {
        return Native.once(st -> (int) grantpt.invokeExact(st, fd));
    }

    /** unlockpt(3): lets the terminal side be opened. */
    public static int unlockpt(int fd) {
        return Native.once(st -> (int) unlockpt.invokeExact(st, fd));
    }

    /** ptsname_r(3): the terminal side's path as a C string in {@code buf}; 0 or {@code -errno}. */
    public static int ptsnameR(int fd, MemorySegment buf) {
        try {
            int r = (int) ptsname_r.invokeExact(fd, buf, buf.byteSize());
            return r == 0 ? 0 : -r;
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}
