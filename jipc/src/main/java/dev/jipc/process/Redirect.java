package dev.jipc.process;

import dev.jipc.io.Fd;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one of a child's descriptors (stdin, stdout, stderr or any fd N) comes from.
 *
 * <p>A closed set of values, each a record, so code can switch over them and a {@link Command} can
 * be compared and printed. Compared with {@link ProcessBuilder.Redirect}, a redirect here can also
 * be an existing descriptor ({@link #from(Fd)}: an accepted socket as a server child's stdin and
 * stdout, the read end of another pipe) and can target any descriptor number, not only 0, 1 and 2
 * ({@link Command#fd(int, Redirect)}).
 *
 * <p>Files are opened by the parent, before the child is started, close-on-exec, and then
 * {@code dup2}'d onto the target in the child: a file that cannot be opened fails
 * {@link Command#start()} with an error naming the file and the descriptor, and no child is started.
 * New files get mode 0666 less the umask, as a shell's {@code >} does.
 */
public sealed interface Redirect {

    /** The child shares the parent's descriptor (no action); the default for 0, 1 and 2. */
    record Inherit() implements Redirect {}

    /** {@code /dev/null}: reads see end of file, writes vanish. */
    record NullDevice() implements Redirect {}

    /** A file opened for reading ({@code < file}). @param path the file */
    record ReadFile(Path path) implements Redirect {
        /** Checks the path. */
        public ReadFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * A file opened for writing, created if missing ({@code > file}, or {@code >> file} with
     * {@code append}).
     *
     * @param path the file
     * @param append whether to append instead of truncating
     */
    record WriteFile(Path path, boolean append) implements Redirect {
        /** Checks the path. */
        public WriteFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * An open descriptor of the caller's, duplicated onto the target in the child. The caller keeps
     * ownership and may close its copy as soon as {@link Command#start()} has returned.
     *
     * @param fd the descriptor
     */
    record FromFd(Fd fd) implements Redirect {
        /** Checks the descriptor. */
        public FromFd {
            Objects.requireNonNull(fd, "fd");
        }
    }

    /** Which way a {@link Piped} redirect carries data. */
    enum Direction {
        /** By target: into the child for fd 0, out of the child for every other fd. */
        BY_TARGET,
        /** The child reads, we write. */
        TO_CHILD,
        /** The child writes, we read. */
        FROM_CHILD
    }

    /**
     * A new pipe: the child gets one end, and the other, ours, is available from
     * {@link ChildProcess#stdin()}, {@link ChildProcess#stdout()}, {@link ChildProcess#stderr()} or
     * {@link ChildProcess#pipe(int)}. Our end is non-blocking (reads park the thread, see
     * {@link Fd}); the child's end is an ordinary blocking descriptor.
     *
     * @param direction which way the data flows
     */
    record Piped(Direction direction) implements Redirect {
        /** Checks the direction. */
        public Piped {
            Objects.requireNonNull(direction, "direction");
        }
    }

    /**
     * The same open file as another of the child's descriptors, after that one has been set up:
     * {@code stderr(toFd(1))} is the shell's {@code 2>&1}.
     *
     * @param fd the child's descriptor to copy
     */
    record ToFd(int fd) implements Redirect {
        /** Checks the number. */
        public ToFd {
            if (fd < 0) {
                throw new IllegalArgumentException("negative descriptor: " + fd);
            }
        }
    }

    /** The parent's descriptor, shared. */
    static Redirect inherit() {
        return new Inherit();
    }

    /** {@code /dev/null}. */
    static Redirect nullDevice() {
        return new NullDevice();
    }

    /** {@code < path}. */
    static Redirect read(Path path) {
        return new ReadFile(path);
    }

    /** {@code > path}: created or truncated. */
    static Redirect write(Path path) {
        return new WriteFile(path, false);
    }

    /** {@code >> path}: created or appended to. */
    static Redirect append(Path path) {
        return new WriteFile(path, true);
    }

    /** That descriptor, {@code dup2}'d onto the target in the child; the caller keeps ownership. */
    static Redirect from(Fd fd) {
        return new FromFd(fd);
    }

    /** A new pipe, its direction given by the target: into the child for stdin, out of it otherwise. */
    static Redirect pipe() {
        return new Piped(Direction.BY_TARGET);
    }

    /** A new pipe the child reads from, whatever the target (for fd 3, 4, ... used as input). */
    static Redirect pipeToChild() {
        return new Piped(Direction.TO_CHILD);
    }

    /** A new pipe the child writes to, whatever the target. */
    static Redirect pipeFromChild() {
        return new Piped(Direction.FROM_CHILD);
    }

    /** A copy of the child's descriptor {@code fd}: {@code stderr(toFd(1))} is {@code 2>&1}. */
    static Redirect toFd(int fd) {
        return new ToFd(fd);
    }
}
