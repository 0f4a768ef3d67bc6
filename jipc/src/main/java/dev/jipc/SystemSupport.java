package dev.jipc;

import dev.jipc.internal.Epoll;
import dev.jipc.internal.KernelBlocking;
import dev.jipc.internal.Libc;
import dev.jipc.internal.Native;
import dev.jipc.internal.PipeSizes;
import dev.jipc.internal.PlatformConstants;
import dev.jipc.internal.Stdlib;
import dev.jipc.internal.Terminals;
import dev.jipc.internal.Unistd;
import dev.jipc.io.Pipe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the running system offers jipc: kernel, C library, CPU, and one {@link Facility} per kernel
 * or libc feature that some part of jipc relies on, each saying whether it is there and, if not,
 * what works less well.
 *
 * <pre>{@code
 * SystemSupport s = SystemSupport.probe();
 * System.out.println(s.kernelRelease() + " glibc " + s.glibcVersion().orElse("none"));
 * for (SystemSupport.Facility f : s.facilities()) { ... }
 * }</pre>
 *
 * <p>Every facility is probed with a real, harmless call (open and close a pidfd on this process,
 * {@code close_range} over a range no descriptor can occupy, resize a fresh pipe) rather than by
 * comparing version numbers, because distributions backport features and containers filter system
 * calls. Probing never throws: a probe that fails reports the facility as missing, with the reason.
 * This is what {@code jipc doctor} prints.
 *
 * @param kernelRelease the kernel release, as {@code uname -r} prints it
 * @param glibcVersion the glibc release, as {@code getconf GNU_LIBC_VERSION} prints it without the
 *     {@code "glibc "} prefix; empty on another C library
 * @param architecture the CPU architecture as the JVM names it ({@code amd64}, {@code aarch64})
 * @param platform the name of the platform-constants set jipc selected ({@code linux-x86_64})
 * @param facilities every probed facility, in a stable order
 */
public record SystemSupport(
        String kernelRelease,
        Optional<String> glibcVersion,
        String architecture,
        String platform,
        List<Facility> facilities) {

    /** Facility name: epoll, which every wait for a descriptor parks on. */
    public static final String EPOLL = "epoll";
    /** Facility name: pidfd_open (Linux 5.3), to watch a child without pid-reuse races. */
    public static final String PIDFD = "pidfd";
    /** Facility name: close_range (Linux 5.9), to close inherited descriptors in one call. */
    public static final String CLOSE_RANGE = "close_range";
    /** Facility name: Unix sockets in the abstract namespace (Linux only). */
    public static final String ABSTRACT_UNIX_SOCKETS = "abstract Unix sockets";
    /** Facility name: resizing pipes with F_SETPIPE_SZ, and the pipe-max-size ceiling. */
    public static final String PIPE_RESIZE = "F_SETPIPE_SZ";
    /** Facility name: the per-user pipe memory quota, {@code /proc/sys/fs/pipe-user-pages-soft}. */
    public static final String PIPE_QUOTA = "pipe-user-pages-soft";
    /** Facility name: SysV shared memory and its limits (shmmax, shmall, shmmni). */
    public static final String SYSV_SHM = "SysV shared memory";
    /** Facility name: SysV semaphores and their limits ({@code /proc/sys/kernel/sem}). */
    public static final String SYSV_SEM = "SysV semaphores";
    /** Facility name: SysV message queues and their limits (msgmax, msgmnb, msgmni). */
    public static final String SYSV_MSG = "SysV message queues";
    /** Facility name: posix_spawn and the glibc extensions jipc uses with it. */
    public static final String POSIX_SPAWN = "posix_spawn";
    /** Facility name: {@code /proc/self/fd}, a mounted /proc. */
    public static final String PROC_SELF_FD = "/proc/self/fd";
    /** Facility name: the open-file limit RLIMIT_NOFILE, from {@code /proc/self/limits}. */
    public static final String OPEN_FILE_LIMIT = "open file limit";
    /** Facility name: pseudo-terminals ({@code /dev/ptmx} and a mounted devpts), for {@code dev.jipc.pty}. */
    public static final String PSEUDO_TERMINALS = "pseudo-terminals";
    /**
     * Facility name: a platform thread blocked in a socket call can be woken by a signal (the JDK's
     * I/O signal, SIGRTMAX-2, with a handler that interrupts system calls), so it may sleep in the
     * kernel as a C program does.
     */
    public static final String SOCKET_WAKE_SIGNAL = "socket wake-up signal";

    /** Copies the facility list. */
    public SystemSupport {
        Objects.requireNonNull(kernelRelease, "kernelRelease");
        Objects.requireNonNull(glibcVersion, "glibcVersion");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(platform, "platform");
        facilities = List.copyOf(facilities);
    }

    /**
     * One kernel or libc feature jipc uses.
     *
     * @param name a short stable name, one of the constants of {@link SystemSupport}
     * @param supported whether it is there and works for this process
     * @param detail what was found when supported (a version, a limit); when not, why and what jipc
     *     does instead or what will not work
     */
    public record Facility(String name, boolean supported, String detail) {
        /** Checks that name and detail are present. */
        public Facility {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The facility called {@code name}, if it was probed. */
    public Optional<Facility> facility(String name) {
        return facilities.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * Probes the running system now.
     *
     * @throws UnsupportedPlatformException on an OS/CPU jipc has no constants for
     */
    public static SystemSupport probe() {
        PlatformConstants c = PlatformConstants.current();
        List<Facility> all = new ArrayList<>();
        all.add(epoll(c));
        all.add(pidfd());
        all.add(closeRange());
        all.add(new Facility(ABSTRACT_UNIX_SOCKETS, true,
                "Linux names Unix sockets outside the file system; nothing to clean up after a crash"));
        all.add(pipeResize());
        all.add(pipeQuota());
        all.add(sysvShm());
        all.add(sysvSem());
        all.add(sysvMsg());
        all.add(posixSpawn());
        all.add(procSelfFd());
        all.add(openFileLimit());
        all.add(pseudoTerminals(c));
        all.add(KernelBlocking.available()
                ? new Facility(SOCKET_WAKE_SIGNAL, true, "SIGRTMAX-2 (the JDK's I/O signal) interrupts system calls:"
                        + " platform threads block in recv/send, close and interrupt wake them")
                : new Facility(SOCKET_WAKE_SIGNAL, false, "no interrupting handler for SIGRTMAX-2: platform threads"
                        + " wait for sockets on the poller instead (read, EAGAIN, ppoll, read), which costs more calls"));
        return new SystemSupport(
                System.getProperty("os.version", "unknown"),
                Libc.gnuGetLibcVersion(),
                System.getProperty("os.arch", "unknown"),
                c.name(),
                all);
    }

    // ---------------------------------------------------------------- probes

    /** Opens a pty pair's controller side, unlocks it and names its terminal side, then closes it. */
    private static Facility pseudoTerminals(PlatformConstants c) {
        int fd = Stdlib.posixOpenpt(c.O_RDWR() | c.O_NOCTTY() | c.O_CLOEXEC());
        if (fd < 0) {
            return new Facility(PSEUDO_TERMINALS, false, "posix_openpt: " + Errno.of(-fd).describe()
                    + "; Pty and Expect.spawn will fail (no /dev/ptmx or devpts in this container?)");
        }
        try {
            int r = Stdlib.grantpt(fd);
            if (r == 0) {
                r = Stdlib.unlockpt(fd);
            }
            if (r < 0) {
                return new Facility(PSEUDO_TERMINALS, false, "grantpt/unlockpt: " + Errno.of(-r).describe());
            }
            String path = Terminals.terminalPath(fd, "pty controller");
            return new Facility(PSEUDO_TERMINALS, true, "posix_openpt gives terminals such as " + path);
        } catch (ErrnoException e) {
            return new Facility(PSEUDO_TERMINALS, false, e.getMessage());
        } finally {
            Unistd.close(fd);
        }
    }

    private static Facility epoll(PlatformConstants c) {
        int fd = Epoll.create1(c.EPOLL_CLOEXEC());
        if (fd < 0) {
            return new Facility(EPOLL, false, "epoll_create1: " + Errno.of(-fd).describe()
                    + "; jipc cannot wait for descriptors without it");
        }
        Unistd.close(fd);
        return new Facility(EPOLL, true, "readiness waits park threads on one epoll instance");
    }

    private static Facility pidfd() {
        int fd = Libc.pidfdOpen(Unistd.getpid(), 0);
        if (fd < 0) {
            return new Facility(PIDFD, false, "pidfd_open: " + Errno.of(-fd).describe()
                    + " (needs Linux 5.3); child exits are noticed by a reaper thread instead, with a pid-reuse window");
        }
        Unistd.close(fd);
        return new Facility(PIDFD, true, "pidfd_open " + (Libc.hasPidfdOpenWrapper() ? "via glibc" : "via syscall(2)")
                + "; children are watched without pid reuse races");
    }

    private static Facility closeRange() {
        // No descriptor can be numbered this high (fs.nr_open is far below it), so this closes nothing.
        int r = Libc.closeRange(Integer.MAX_VALUE - 1, Integer.MAX_VALUE - 1, 0);
        if (r < 0) {
            return new Facility(CLOSE_RANGE, false, "close_range: " + Errno.of(-r).describe()
                    + " (needs Linux 5.9); closing inherited descriptors in a child walks them one by one");
        }
        return new Facility(CLOSE_RANGE, true, "close_range " + (Libc.hasCloseRangeWrapper() ? "via glibc" : "via syscall(2)"));
    }

    private static Facility pipeResize() {
        int max = PipeSizes.maxSize();
        try (Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT)) {
            int before = p.writer().pipeSize();
            int granted = p.writer().setPipeSize(Pipe.DEFAULT_SIZE);
            return new Facility(PIPE_RESIZE, true, "pipes start at " + kib(before) + "; jipc asks for "
                    + kib(Pipe.DEFAULT_SIZE) + ", granted " + kib(granted) + "; pipe-max-size " + kib(max));
        } catch (ErrnoException e) {
            return new Facility(PIPE_RESIZE, false, e.getMessage()
                    + "; pipes keep the kernel's size, bulk transfers are slower (pipe-max-size " + kib(max) + ")");
        } catch (IOException e) {
            return new Facility(PIPE_RESIZE, false, "cannot test: " + e.getMessage());
        }
    }

    private static Facility pipeQuota() {
        Optional<String> soft = readProcSys("fs/pipe-user-pages-soft");
        if (soft.isEmpty()) {
            return new Facility(PIPE_QUOTA, false, "/proc/sys/fs/pipe-user-pages-soft unreadable; quota unknown");
        }
        long pages = parseLong(soft.get());
        if (pages < 0) {
            return new Facility(PIPE_QUOTA, false, "/proc/sys/fs/pipe-user-pages-soft reads " + soft.get() + "; quota unknown");
        }
        if (pages == 0) {
            return new Facility(PIPE_QUOTA, true, "no soft limit on pipe memory per user");
        }
        long bytes = pages * Libc.getpagesize();
        return new Facility(PIPE_QUOTA, true, pages + " pages (" + kib(bytes) + ") per user, room for about "
                + bytes / Pipe.DEFAULT_SIZE + " pipes of " + kib(Pipe.DEFAULT_SIZE)
                + "; past it new pipes get the minimum size and resizing is refused");
    }

    private static Facility sysvShm() {
        return limits(SYSV_SHM, "shmmax", "shmall", "shmmni");
    }

    private static Facility sysvSem() {
        Optional<String> sem = readProcSys("kernel/sem");
        if (sem.isEmpty()) {
            return new Facility(SYSV_SEM, false, "/proc/sys/kernel/sem unreadable: no SysV IPC in this kernel or namespace");
        }
        String[] v = sem.get().trim().split("\\s+");
        if (v.length != 4) {
            return new Facility(SYSV_SEM, true, "sem " + sem.get().trim());
        }
        return new Facility(SYSV_SEM, true,
                "semmsl " + v[0] + " (per set), semmns " + v[1] + " (system), semopm " + v[2] + " (per semop), semmni " + v[3] + " (sets)");
    }

    private static Facility sysvMsg() {
        return limits(SYSV_MSG, "msgmax", "msgmnb", "msgmni");
    }

    private static Facility limits(String name, String... keys) {
        StringBuilder detail = new StringBuilder();
        for (String key : keys) {
            Optional<String> v = readProcSys("kernel/" + key);
            if (v.isEmpty()) {
                return new Facility(name, false, "/proc/sys/kernel/" + key + " unreadable: no SysV IPC in this kernel or namespace");
            }
            detail.append(detail.isEmpty() ? "" : ", ").append(key).append(' ').append(v.get().trim());
        }
        return new Facility(name, true, detail.toString());
    }

    private static Facility posixSpawn() {
        if (!Native.hasSymbol("posix_spawn")) {
            return new Facility(POSIX_SPAWN, false, "libc lacks posix_spawn; processes cannot be started");
        }
        return new Facility(POSIX_SPAWN, true, "posix_spawn"
                + "; addchdir_np " + yesNo(Native.hasSymbol("posix_spawn_file_actions_addchdir_np"))
                + ", addclosefrom_np " + yesNo(Native.hasSymbol("posix_spawn_file_actions_addclosefrom_np"))
                + ", pidfd_spawn " + yesNo(Native.hasSymbol("pidfd_spawn")) + " (glibc 2.39+)");
    }

    private static Facility procSelfFd() {
        if (!Files.isDirectory(Path.of("/proc/self/fd"))) {
            return new Facility(PROC_SELF_FD, false,
                    "/proc is not mounted; fifo opens and descriptor leak checks need it");
        }
        return new Facility(PROC_SELF_FD, true, "fifo opens reopen through it; leak checks count it");
    }

    private static Facility openFileLimit() {
        try (InputStream in = Files.newInputStream(Path.of("/proc/self/limits"))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("Max open files")) {
                    String[] v = line.substring("Max open files".length()).trim().split("\\s+");
                    return new Facility(OPEN_FILE_LIMIT, true, "soft " + v[0] + ", hard " + v[1] + " (RLIMIT_NOFILE)");
                }
            }
            return new Facility(OPEN_FILE_LIMIT, false, "/proc/self/limits has no open-files line");
        } catch (IOException | RuntimeException e) {
            return new Facility(OPEN_FILE_LIMIT, false, "/proc/self/limits unreadable: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Reads a /proc/sys file with one roomy read; their size is 0, so size-based readers misbehave. */
    private static Optional<String> readProcSys(String name) {
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys", name))) {
            return Optional.of(new String(in.readNBytes(256), StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String kib(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
