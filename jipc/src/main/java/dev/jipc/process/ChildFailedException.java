package dev.jipc.process;

import java.io.IOException;
import java.util.Objects;

/**
 * A child ended unsuccessfully (a non-zero exit code, or killed by a signal) and the caller had not
 * said that was acceptable: thrown by {@link ReadPipe#close()}, {@link WritePipe#close()},
 * {@link Conversation#close()}, {@link Command#captureText()} and their relatives.
 *
 * <p>This is Perl's {@code close(FH) || die "bad netstat: $! $?"} made the default: a pipe open whose
 * child failed cannot be closed quietly. Code that expects failure asks for the status instead
 * ({@code closeAndWait()}, {@code allowFailure()}, {@link Command#capture()}).
 *
 * <p>The message reads {@code "grep -q x /nope: exit 2; stderr: grep: /nope: No such file or directory"}.
 * Branch on {@link #status()}, never on the text.
 */
public class ChildFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** At most this many characters of stderr are kept: the end, where the reason usually is. */
    public static final int STDERR_TAIL_LIMIT = 4096;

    private final transient Command command;
    private final transient ExitStatus status;
    private final String stderrTail;

    /**
     * @param command the command that failed
     * @param status how it ended
     * @param stderrTail the end of what it wrote to stderr if that was captured, else empty; cut to
     *     the last {@link #STDERR_TAIL_LIMIT} characters
     */
    public ChildFailedException(Command command, ExitStatus status, String stderrTail) {
        super(format(command, status, tail(stderrTail)));
        this.command = Objects.requireNonNull(command, "command");
        this.status = Objects.requireNonNull(status, "status");
        this.stderrTail = tail(stderrTail);
    }

    private static String tail(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= STDERR_TAIL_LIMIT ? s : s.substring(s.length() - STDERR_TAIL_LIMIT);
    }

    private static String format(Command command, ExitStatus status, String tail) {
        String t = tail.strip();
        return command + ": " + status + (t.isEmpty() ? "" : "; stderr: " + t);
    }

    /** The command that failed. */
    public Command command() {
        return command;
    }

    /** How it ended; never a success. */
    public ExitStatus status() {
        return status;
    }

    /** The last part of its stderr, empty when stderr was not captured (inherited, say). */
    public String stderrTail() {
        return stderrTail;
    }
}
