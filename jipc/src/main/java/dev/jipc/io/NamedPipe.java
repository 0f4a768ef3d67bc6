package dev.jipc.io;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import dev.jipc.internal.BlockingOpen;
import dev.jipc.internal.Descriptors;
import dev.jipc.internal.Fcntl;
import dev.jipc.internal.PipeSizes;
import dev.jipc.internal.PlatformConstants;
import dev.jipc.internal.Unistd;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A named pipe (fifo): a pipe that unrelated processes meet at through a path.
 *
 * <pre>{@code
 * NamedPipe fifo = NamedPipe.at(Path.of("/tmp/jobs")).createOrReuse();
 * try (Fd in = fifo.openReader(Duration.ofSeconds(30))) {   // waits for a writer
 *     ...
 * }
 * }</pre>
 *
 * <h2>Opening waits for the other side</h2>
 * Like {@code open(2)} on a fifo, {@link #openReader} returns once some process has the fifo open
 * for writing, and {@link #openWriter} once one has it open for reading. Unlike {@code open(2)} the
 * wait has an optional timeout ({@link TimedOutException}), can be interrupted
 * ({@link InterruptedIOException}), and parks a virtual thread instead of blocking its carrier.
 * A writer that must not wait at all asks with {@link Duration#ZERO}: no reader gives
 * {@code ENXIO}. Cancelling a wait briefly opens the fifo from the other side to release the stuck
 * open; another process waiting on the same fifo at that moment sees that open too (a reader gets
 * end of file, a writer a reader that is already gone).
 *
 * <h2>Defaults</h2>
 * Fifos are created with mode 0600 (only you) unless permissions are given; the permissions are set
 * exactly, whatever the umask. Opened ends are close-on-exec and non-blocking, and ask for a
 * {@link Pipe#DEFAULT_SIZE} pipe buffer within the ration {@link Pipe} describes, quietly keeping
 * the kernel's when that is refused; {@link #withPipeSize} chooses a size instead.
 */
public final class NamedPipe {
    private static final PlatformConstants C = PlatformConstants.current();
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    /** Marks "no size chosen": the end gets {@link Pipe#DEFAULT_SIZE} within its ration (see {@link Pipe}). */
    private static final int RATIONED_DEFAULT = -1;

    private final Path path;
    private final Set<PosixFilePermission> permissions;
    private final int pipeSize;

    private NamedPipe(Path path, Set<PosixFilePermission> permissions, int pipeSize) {
        this.path = path;
        this.permissions = permissions;
        this.pipeSize = pipeSize;
    }

    /** The fifo at {@code path}; nothing is created or opened yet. */
    public static NamedPipe at(Path path) {
        return new NamedPipe(Objects.requireNonNull(path, "path"), OWNER_ONLY, RATIONED_DEFAULT);
    }

    /** The same fifo, created with these permissions instead of 0600. */
    public NamedPipe withPermissions(Set<PosixFilePermission> perms) {
        return new NamedPipe(path, Set.copyOf(perms), pipeSize);
    }

    /**
     * The same fifo, whose ends ask for {@code bytes} of pipe capacity when opened
     * ({@link Pipe#KERNEL_DEFAULT} keeps the kernel's 64 KiB).
     */
    public NamedPipe withPipeSize(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative pipe size: " + bytes);
        }
        return new NamedPipe(path, permissions, bytes);
    }

    /** The path. */
    public Path path() {
        return path;
    }

    /** Whether {@code path} names a fifo (following symbolic links): the {@code -p} file test. */
    public static boolean isFifo(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return (mode & C.S_IFMT()) == C.S_IFIFO();
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Whether this fifo exists as a fifo. */
    public boolean exists() {
        return isFifo(path);
    }

    /**
     * Creates the fifo; fails if anything exists at the path.
     *
     * @throws ErrnoException EEXIST if the path exists, ENOENT if its directory does not, EACCES ...
     */
    public NamedPipe create() throws IOException {
        mkfifo();
        return this;
    }

    /**
     * Creates the fifo, or uses the fifo already there (its permissions untouched).
     *
     * @throws ErrnoException EEXIST if something that is not a fifo is in the way
     */
    public NamedPipe createOrReuse() throws IOException {
        try {
            mkfifo();
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EEXIST) {
                throw e;
            }
            if (!isFifo(path)) {
                throw new ErrnoException(Errno.EEXIST, "mkfifo", path.toString(), "something that is not a fifo is in the way");
            }
        }
        return this;
    }

    private void mkfifo() throws IOException {
        String p = path.toString();
        int r = Fcntl.mkfifo(p, 0600);
        if (r < 0) {
            throw new ErrnoException(-r, "mkfifo", p);
        }
        if (!permissions.equals(OWNER_ONLY) || umaskNarrowed()) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private boolean umaskNarrowed() throws IOException {
        return !Files.getPosixFilePermissions(path).equals(OWNER_ONLY);
    }

    /** Removes the fifo if it exists; returns whether it did. */
    public boolean delete() throws IOException {
        return Files.deleteIfExists(path);
    }

    /** Opens for reading, waiting as long as it takes for a writer. */
    public Fd openReader() throws IOException {
        return open(false, Fd.NO_DEADLINE, null);
    }

    /** Opens for reading, waiting at most {@code timeout} for a writer. */
    public Fd openReader(Duration timeout) throws IOException {
        return open(false, Fd.deadline(timeout), timeout);
    }

    /** Opens for writing, waiting as long as it takes for a reader. */
    public Fd openWriter() throws IOException {
        return open(true, Fd.NO_DEADLINE, null);
    }

    /**
     * Opens for writing, waiting at most {@code timeout} for a reader; with {@link Duration#ZERO}
     * it does not wait and fails with {@code ENXIO} when there is no reader.
     */
    public Fd openWriter(Duration timeout) throws IOException {
        return open(true, Fd.deadline(timeout), timeout);
    }

    private Fd open(boolean forWriting, long deadline, Duration timeout) throws IOException {
        String call = "open fifo";
        String subject = path.toString();
        String side = forWriting ? "for writing" : "for reading";
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException(call + " " + subject + " " + side + ": interrupted");
        }
        int pathFd = Fcntl.open(subject, C.O_PATH() | C.O_CLOEXEC(), 0);
        if (pathFd < 0) {
            throw new ErrnoException(-pathFd, call, subject);
        }
        String handle = "/proc/self/fd/" + pathFd;
        int fd;
        boolean handed = false;
        try {
            if (!isFifo(Path.of(handle))) {
                throw new ErrnoException(Errno.EINVAL, call, subject, "not a fifo");
            }
            int access = forWriting ? C.O_WRONLY() : C.O_RDONLY();
            int other = forWriting ? C.O_RDONLY() : C.O_WRONLY();
            fd = forWriting ? Fcntl.open(handle, access | C.O_NONBLOCK() | C.O_CLOEXEC(), 0) : -Errno.ENXIO.number();
            if (fd == -Errno.ENXIO.number() && (timeout == null || !timeout.isZero())) {
                BlockingOpen op = new BlockingOpen(pathFd, access | C.O_CLOEXEC(), other | C.O_NONBLOCK() | C.O_CLOEXEC());
                handed = true;
                switch (op.await(deadline)) {
                    case BlockingOpen.Outcome.Completed c -> fd = c.result();
                    case BlockingOpen.Outcome.TimedOut t -> throw new TimedOutException(call + " " + subject + " " + side, timeout);
                    case BlockingOpen.Outcome.Interrupted i ->
                            throw new InterruptedIOException(call + " " + subject + " " + side + ": interrupted");
                }
            }
        } finally {
            if (!handed) {
                Unistd.close(pathFd);
            }
        }
        if (fd < 0) {
            throw new ErrnoException(-fd, call, subject, fd == -Errno.ENXIO.number() ? "no reader" : null);
        }
        try {
            Descriptors.setNonBlocking(fd, true, subject);
        } catch (IOException e) {
            Unistd.close(fd);
            throw e;
        }
        Fd result = Fd.ofNew(fd, "fifo " + subject + (forWriting ? " (writer)" : " (reader)"));
        if (pipeSize == RATIONED_DEFAULT) {
            result.applyDefaultPipeSize();
        } else if (pipeSize > 0 && pipeSize != PipeSizes.KERNEL_DEFAULT) {
            result.trySetPipeSize(pipeSize);
        }
        return result;
    }

    @Override
    public String toString() {
        return "fifo " + path + " " + PosixFilePermissions.toString(permissions);
    }
}
