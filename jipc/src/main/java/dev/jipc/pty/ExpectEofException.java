package dev.jipc.pty;

import dev.jipc.process.ExitStatus;
import java.io.EOFException;
import java.util.Optional;

/**
 * The program's output ended while {@link Expect#expect} waited for something else, and
 * {@link Expectation#eof()} was not among the expectations. Carries the output that was left and,
 * when known, how the program ended: often the explanation ("command not found", a traceback).
 */
public class ExpectEofException extends EOFException {
    private static final long serialVersionUID = 1L;

    private final String before;
    private final transient ExitStatus exitStatus;

    /**
     * @param waitedFor what the call was waiting for, for the message
     * @param before the output read that matched nothing
     * @param exitStatus how the program ended, or {@code null} if unknown
     */
    public ExpectEofException(String waitedFor, String before, ExitStatus exitStatus) {
        super("end of output while expecting " + waitedFor
                + (exitStatus == null ? "" : " (program: " + exitStatus + ")")
                + "; last output: " + Expect.quote(Expect.tail(before)));
        this.before = before;
        this.exitStatus = exitStatus;
    }

    /** The output read that no expectation matched. */
    public String before() {
        return before;
    }

    /** How the program ended, when known. */
    public Optional<ExitStatus> exitStatus() {
        return Optional.ofNullable(exitStatus);
    }
}
