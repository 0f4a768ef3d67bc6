package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.jipc.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Descriptor-flag helpers shared by everything that creates or adopts a descriptor. */
public final class Descriptors {
    private Descriptors() {}

    private static final PlatformConstants C = PlatformConstants.current();

    /** Sets close-on-exec on {@code fd}. */
    public static void setCloseOnExec(int fd, String subject) throws ErrnoException {
        int flags = check(Fcntl.fcntl(fd, C.F_GETFD(), 0), "fcntl F_GETFD", subject);
        if ((flags & C.FD_CLOEXEC()) == 0) {
            check(Fcntl.fcntl(fd, C.F_SETFD(), flags | C.FD_CLOEXEC()), "fcntl F_SETFD", subject);
        }
    }

    /** Whether O_NONBLOCK is set on the open file description of {@code fd}. */
    public static boolean isNonBlocking(int fd, String subject) throws ErrnoException {
        return (check(Fcntl.fcntl(fd, C.F_GETFL(), 0), "fcntl F_GETFL", subject) & C.O_NONBLOCK()) != 0;
    }

    /** Whether {@code fd} is a socket (its SO_TYPE can be read). */
    public static boolean isSocket(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(4, 4);
            MemorySegment len = arena.allocate(4, 4);
            len.set(JAVA_INT, 0, 4);
            return Socket.getsockopt(fd, C.SOL_SOCKET(), C.SO_TYPE(), value, len) == 0;
        }
    }

    /** Sets or clears O_NONBLOCK on the open file description of {@code fd}. */
    public static void setNonBlocking(int fd, boolean on, String subject) throws ErrnoException {
        int flags = check(Fcntl.fcntl(fd, C.F_GETFL(), 0), "fcntl F_GETFL", subject);
        int wanted = on ? flags | C.O_NONBLOCK() : flags & ~C.O_NONBLOCK();
        if (wanted != flags) {
            check(Fcntl.fcntl(fd, C.F_SETFL(), wanted), "fcntl F_SETFL", subject);
        }
    }

    /** Turns a {@code -errno} result into an {@link ErrnoException}; passes other results through. */
    public static int check(int result, String call, String subject) throws ErrnoException {
        if (result < 0) {
            throw new ErrnoException(-result, call, subject);
        }
        return result;
    }
}
