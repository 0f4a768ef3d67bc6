package dev.jipc.process;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How {@link Detached#start(Command, DetachOptions)} sets up a child that is to outlive us: its
 * working directory ({@code /} unless told), where its output goes ({@code /dev/null} unless a log
 * file is given) and, optionally, its file-creation mask.
 *
 * <p>An immutable value: each method returns a new one, so options can be kept in a constant.
 */
public final class DetachOptions {
    private static final DetachOptions DEFAULTS = new DetachOptions(Path.of("/"), null, -1);

    private final Path directory;
    private final Path log;
    private final int umask; // -1: inherited

    private DetachOptions(Path directory, Path log, int umask) {
        this.directory = directory;
        this.log = log;
        this.umask = umask;
    }

    /**
     * perlipc's well-behaved daemon: working directory {@code /} (so it keeps no file system from
     * being unmounted), stdin, stdout and stderr on {@code /dev/null}, umask inherited.
     */
    public static DetachOptions defaults() {
        return DEFAULTS;
    }

    /** The same options with the child working in {@code dir} instead of {@code /}. */
    public DetachOptions directory(Path dir) {
        Objects.requireNonNull(dir, "directory");
        return new DetachOptions(dir.toAbsolutePath(), log, umask);
    }

    /**
     * The same options with the child's stdout and stderr appended to {@code file} (created if
     * missing, mode 0666 less the umask) instead of {@code /dev/null}. A relative path is taken
     * from the JVM's working directory now, not from the child's.
     */
    public DetachOptions log(Path file) {
        Objects.requireNonNull(file, "log");
        return new DetachOptions(directory, file.toAbsolutePath(), umask);
    }

    /**
     * The same options with the child's umask set to {@code mask} (0 to 0777, usually written in
     * octal: {@code 0027}). posix_spawn cannot set a umask, and changing the JVM's own would race
     * with every other thread creating files, so the program is started through
     * {@code /bin/sh -c 'umask "$1" && shift && exec "$@"'} with the resolved program and its arguments
     * as positional parameters: the shell interprets none of them, and then replaces itself with
     * the program (same pid). The program is looked up on {@code PATH} beforehand, so a missing one
     * is still an error at start. A command with {@link Command#arg0(String)} cannot be combined
     * with a umask, since {@code sh}'s {@code exec} cannot set {@code argv[0]}.
     */
    public DetachOptions umask(int mask) {
        if (mask < 0 || mask > 0777) {
            throw new IllegalArgumentException("umask out of range 0..0777: " + Integer.toOctalString(mask));
        }
        return new DetachOptions(directory, log, mask);
    }

    /** The child's working directory (absolute). */
    public Path directory() {
        return directory;
    }

    /** The file stdout and stderr are appended to, if any; otherwise they go to {@code /dev/null}. */
    public Optional<Path> log() {
        return Optional.ofNullable(log);
    }

    /** The umask the child gets, if set; otherwise it inherits the JVM's. */
    public OptionalInt umask() {
        return umask < 0 ? OptionalInt.empty() : OptionalInt.of(umask);
    }

    @Override
    public String toString() {
        return "DetachOptions[directory=" + directory + ", log=" + (log == null ? "/dev/null" : log)
                + ", umask=" + (umask < 0 ? "inherited" : String.format("%04o", umask)) + "]";
    }
}
