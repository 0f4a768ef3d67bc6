package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Bindings of {@code <sys/signalfd.h>}; results as in {@link Unistd}. */
public final class Signalfd {
    private Signalfd() {}

    // linux/signalfd.h: the record layout is part of the kernel ABI, the same on every architecture.
    /** {@code sizeof(struct signalfd_siginfo)}. */
    public static final int SIZEOF_SIGNALFD_SIGINFO = 128;
    /** {@code offsetof(struct signalfd_siginfo, ssi_signo)}. */
    public static final int OFFSETOF_SIGNALFD_SIGINFO__SSI_SIGNO = 0;

    private static final MethodHandle signalfd =
            Native.errnoCall("signalfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    /**
     * signalfd(2): a new descriptor reading the signals of {@code mask} when {@code fd} is -1, else
     * replaces the mask of {@code fd}. SFD_NONBLOCK and SFD_CLOEXEC are O_NONBLOCK and O_CLOEXEC.
     */
    public static int signalfd(int fd, MemorySegment mask, int flags) {
        return Native.once(st -> (int) signalfd.invokeExact(st, fd, mask, flags));
    }
}
