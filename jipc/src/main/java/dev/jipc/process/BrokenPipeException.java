package dev.jipc.process;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import java.util.Optional;

/**
 * A write to a child's stdin failed with {@code EPIPE}: the child closed its input or exited. Where
 * Perl's process would die of SIGPIPE (or, with the signal ignored, see only {@code $!}), jipc throws
 * this, with the child's {@linkplain #childStatus() exit status} when it was known by then, so the
 * usual cause ("the program failed and stopped reading") is in the message:
 * {@code "write to stdin of pid 4242 (/usr/bin/lpr): EPIPE (Broken pipe; the child exited: exit 1)"}.
 *
 * <p>The JVM ignores SIGPIPE, so no write of jipc's ever kills it.
 */
public class BrokenPipeException extends ErrnoException {
    private static final long serialVersionUID = 1L;

    private final transient ExitStatus childStatus;

    /**
     * @param subject the stdin written to, e.g. {@code "stdin of pid 4242 (/usr/bin/lpr)"}
     * @param childStatus how the child ended, or null if it had not been reaped yet
     */
    public BrokenPipeException(String subject, ExitStatus childStatus) {
        super(Errno.EPIPE, "write to", subject,
                childStatus == null ? "the child stopped reading" : "the child exited: " + childStatus);
        this.childStatus = childStatus;
    }

    /** How the child ended, if it had already been reaped when the write failed. */
    public Optional<ExitStatus> childStatus() {
        return Optional.ofNullable(childStatus);
    }
}
