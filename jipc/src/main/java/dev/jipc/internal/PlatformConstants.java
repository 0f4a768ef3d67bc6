package dev.jipc.internal;

import dev.jipc.UnsupportedPlatformException;

/**
 * The numbers that differ between operating systems and CPUs: flags, commands, struct sizes.
 *
 * <p>Components are named exactly like the C macros they stand for, so a test can print each one
 * from a tiny C program and compare. {@code SIZEOF_X} means {@code sizeof(struct x)} (or, for a name ending
 * in {@code _T}, {@code sizeof(x_t)} of the typedef) and
 * {@code OFFSETOF_X__F} means {@code offsetof(struct x, f)}. One instance exists per supported
 * OS/CPU pair, in a class of its own ({@link LinuxX86_64}, {@link LinuxAarch64}); a port adds one
 * more. Being a record, its fields are trusted as constant by the JIT once read from
 * {@link #CURRENT}.
 */
@SuppressWarnings("checkstyle:MemberName")
public record PlatformConstants(
        String name,
        // fcntl.h
        int O_RDONLY, int O_WRONLY, int O_RDWR, int O_CREAT, int O_EXCL, int O_NOCTTY, int O_TRUNC,
        int O_APPEND, int O_NONBLOCK, int O_CLOEXEC, int O_PATH, int O_DIRECTORY, int O_NOFOLLOW,
        int F_DUPFD_CLOEXEC, int F_GETFD, int F_SETFD, int FD_CLOEXEC, int F_GETFL, int F_SETFL,
        int F_SETPIPE_SZ, int F_GETPIPE_SZ, int AT_FDCWD,
        // sys/stat.h
        int S_IFMT, int S_IFIFO, int S_IFSOCK, int S_IFREG,
        // sys/epoll.h
        int EPOLLIN, int EPOLLOUT, int EPOLLERR, int EPOLLHUP, int EPOLLRDHUP, int EPOLLONESHOT,
        int EPOLL_CTL_ADD, int EPOLL_CTL_DEL, int EPOLL_CTL_MOD, int EPOLL_CLOEXEC,
        int SIZEOF_EPOLL_EVENT, int OFFSETOF_EPOLL_EVENT__DATA,
        // poll.h
        int POLLIN, int POLLOUT, int POLLERR, int POLLHUP, int POLLNVAL, int SIZEOF_POLLFD,
        // limits.h
        int PIPE_BUF,
        // spawn.h
        int POSIX_SPAWN_SETPGROUP, int POSIX_SPAWN_SETSIGDEF, int POSIX_SPAWN_SETSIGMASK, int POSIX_SPAWN_SETSID,
        int SIZEOF_POSIX_SPAWNATTR_T, int SIZEOF_POSIX_SPAWN_FILE_ACTIONS_T,
        // signal.h
        int SIZEOF_SIGSET_T,
        // sys/wait.h
        int WNOHANG) {

    private static final PlatformConstants DETECTED = detect();

    /**
     * The constants of the running platform.
     *
     * @throws UnsupportedPlatformException on an OS/CPU jipc has no constants for
     */
    public static PlatformConstants current() {
        if (DETECTED == null) {
            throw new UnsupportedPlatformException(
                    "jipc supports Linux on x86_64 and aarch64; this is "
                            + System.getProperty("os.name") + " on " + System.getProperty("os.arch"));
        }
        return DETECTED;
    }


    private static PlatformConstants detect() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(java.util.Locale.ROOT);
        if (!os.equals("linux")) {
            return null;
        }
        return switch (arch) {
            case "amd64", "x86_64" -> LinuxX86_64.CONSTANTS;
            case "aarch64", "arm64" -> LinuxAarch64.CONSTANTS;
            default -> null;
        };
    }
}
