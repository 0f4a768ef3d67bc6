package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Replaces the running program by another with {@code execve(2)}, preparing the process state that an
 * exec inherits: the calling thread's signal mask is set to the signals asked for (usually none),
 * and every descriptor from 3 up is marked close-on-exec except the ones kept, whose close-on-exec flag is cleared.
 *
 * <p>Marking instead of closing keeps the JVM intact if the exec fails: the other threads may still
 * be using those descriptors. Marking uses {@code close_range(3, ~0, CLOSE_RANGE_CLOEXEC)} (Linux
 * 5.11+), falling back to one {@code fcntl} per entry of {@code /proc/self/fd}.
 */
public final class Exec {
    private Exec() {}

    /** CLOSE_RANGE_CLOEXEC of {@code <linux/close_range.h>}, the same on every architecture. */
    static final int CLOSE_RANGE_CLOEXEC = 1 << 2;

    /**
     * Prepares and execs {@code path}; returns only on failure, with {@code -errno} of the step that
     * failed, the signal mask restored.
     */
    public static int execve(String path, List<String> argv, List<String> envp, int[] keep, int[] blocked)
            throws IOException {
        PlatformConstants c = PlatformConstants.current();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cpath = arena.allocateFrom(path);
            MemorySegment cargv = strings(arena, argv);
            MemorySegment cenvp = strings(arena, envp);

            int r = markAllCloseOnExec(c);
            if (r < 0) {
                return r;
            }
            for (int fd : keep) {
                r = Fcntl.fcntl(fd, c.F_SETFD(), 0);
                if (r < 0) {
                    return r;
                }
            }
            MemorySegment empty = arena.allocate(c.SIZEOF_SIGSET_T());
            MemorySegment old = arena.allocate(c.SIZEOF_SIGSET_T());
            Spawn.sigemptyset(empty);
            for (int sig : blocked) {
                Csignal.sigaddset(empty, sig);
            }
            r = Csignal.pthreadSigmask(Csignal.SIG_SETMASK, empty, old);
            if (r < 0) {
                return r;
            }
            r = Unistd.execve(cpath, cargv, cenvp);
            Csignal.pthreadSigmask(Csignal.SIG_SETMASK, old, MemorySegment.NULL);
            return r;
        }
    }

    private static int markAllCloseOnExec(PlatformConstants c) throws IOException {
        if (Libc.closeRange(3, -1, CLOSE_RANGE_CLOEXEC) == 0) {
            return 0;
        }
        // Older kernel: ENOSYS (no close_range) or EINVAL (no CLOSE_RANGE_CLOEXEC).
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) fds::iterator) {
                int fd = Integer.parseInt(p.getFileName().toString());
                if (fd > 2) {
                    int flags = Fcntl.fcntl(fd, c.F_GETFD(), 0);
                    if (flags >= 0) {
                        Fcntl.fcntl(fd, c.F_SETFD(), flags | c.FD_CLOEXEC());
                    }
                }
            }
        }
        return 0;
    }

    private static MemorySegment strings(Arena arena, List<String> list) {
        MemorySegment array = arena.allocate(ADDRESS, list.size() + 1L);
        for (int i = 0; i < list.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(list.get(i)));
        }
        array.setAtIndex(ADDRESS, list.size(), MemorySegment.NULL);
        return array;
    }
}
