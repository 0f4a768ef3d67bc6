package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Bindings of glibc's own entry points ({@code <gnu/libc-version.h>}) and of the newer Linux calls
 * that older glibc releases do not wrap ({@code pidfd_open}, {@code close_range}); results as in
 * {@link Unistd}.
 *
 * <p>A wrapper missing from libc is reached through {@code syscall(2)} instead, so a new kernel under
 * an old glibc still works; a kernel without the call answers {@code -ENOSYS}.
 */
public final class Libc {
    private Libc() {}

    // Syscalls numbered 424 and up have the same number on every Linux architecture
    // (the table was unified in Linux 5.1), so these need no per-arch constants.
    private static final long SYS_PIDFD_OPEN = 434;
    private static final long SYS_CLOSE_RANGE = 436;
    private static final long SYS_PIDFD_SEND_SIGNAL = 424;

    private static final MethodHandle gnu_get_libc_version = Native.hasSymbol("gnu_get_libc_version")
            ? Native.plainCall("gnu_get_libc_version", FunctionDescriptor.of(ADDRESS))
            : null;
    private static final MethodHandle pidfd_open = Native.hasSymbol("pidfd_open")
            ? Native.errnoCall("pidfd_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT))
            : null;
    private static final MethodHandle pidfd_send_signal = Native.hasSymbol("pidfd_send_signal")
            ? Native.errnoCall("pidfd_send_signal",
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT))
            : null;
    private static final MethodHandle close_range = Native.hasSymbol("close_range")
            ? Native.errnoCall("close_range", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT))
            : null;
    private static final MethodHandle getpagesize = Native.plainCall("getpagesize", FunctionDescriptor.of(JAVA_INT));
    // long syscall(long number, ...): every argument after the number is variadic.
    private static final MethodHandle syscall4 = Native.variadicErrnoCall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), 1);
    private static final MethodHandle syscall3 = Native.variadicErrnoCall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), 1);

    /** The glibc release ({@code "2.36"}), or empty on a C library that is not glibc. */
    @SuppressWarnings("restricted") // a NUL-terminated static string; 64 bytes bound the read
    public static Optional<String> gnuGetLibcVersion() {
        if (gnu_get_libc_version == null) {
            return Optional.empty();
        }
        try {
            MemorySegment s = (MemorySegment) gnu_get_libc_version.invokeExact();
            return Optional.of(s.reinterpret(64).getString(0));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** getpagesize(2): the size of a memory page in bytes (4096 on x86_64, 4096 to 65536 on aarch64). */
    public static int getpagesize() {
        try {
            return (int) getpagesize.invokeExact();
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** Whether libc itself exports {@code pidfd_open} (glibc 2.36+); otherwise the syscall is used. */
    public static boolean hasPidfdOpenWrapper() {
        return pidfd_open != null;
    }

    /** Whether libc itself exports {@code close_range} (glibc 2.34+); otherwise the syscall is used. */
    public static boolean hasCloseRangeWrapper() {
        return close_range != null;
    }

    /** pidfd_open(2): a descriptor referring to process {@code pid}, or {@code -errno}. */
    public static int pidfdOpen(int pid, int flags) {
        MemorySegment st = Native.callState();
        try {
            int r = pidfd_open != null
                    ? (int) pidfd_open.invokeExact(st, pid, flags)
                    : (int) (long) syscall3.invokeExact(st, SYS_PIDFD_OPEN, (long) pid, (long) flags, 0L);
            return r >= 0 ? r : -Native.errno(st);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /**
     * close_range(2): closes (or with flags, marks) every descriptor from {@code first} to
     * {@code last}, both unsigned; 0 or {@code -errno} ({@code -ENOSYS} before Linux 5.9).
     */
    public static int closeRange(int first, int last, int flags) {
        MemorySegment st = Native.callState();
        try {
            int r = close_range != null
                    ? (int) close_range.invokeExact(st, first, last, flags)
                    : (int) (long) syscall3.invokeExact(st, SYS_CLOSE_RANGE,
                            Integer.toUnsignedLong(first), Integer.toUnsignedLong(last), (long) flags);
            return r == 0 ? 0 : -Native.errno(st);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /**
     * pidfd_send_signal(2) with no siginfo and no flags: signals the process {@code pidfd} refers
     * to, which cannot be a recycled pid. 0 or {@code -errno} ({@code ESRCH} once the process has
     * been reaped; an exited but unreaped child still takes the signal, harmlessly).
     */
    public static int pidfdSendSignal(int pidfd, int sig) {
        MemorySegment st = Native.callState();
        try {
            int r = pidfd_send_signal != null
                    ? (int) pidfd_send_signal.invokeExact(st, pidfd, sig, MemorySegment.NULL, 0)
                    : (int) (long) syscall4.invokeExact(st, SYS_PIDFD_SEND_SIGNAL, (long) pidfd, (long) sig, 0L, 0L);
            return r == 0 ? 0 : -Native.errno(st);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}
