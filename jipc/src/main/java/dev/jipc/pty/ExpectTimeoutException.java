package dev.jipc.pty;

import dev.jipc.TimedOutException;
import java.time.Duration;

/**
 * The timeout of {@link Expect#expect} passed before any expectation matched, and
 * {@link Expectation#timeout()} was not among them. Carries the output read so far, which stays in
 * the match buffer, so a later {@code expect} can still match it.
 */
public class ExpectTimeoutException extends TimedOutException {
    private static final long serialVersionUID = 1L;

    private final String before;

    /**
     * @param waitedFor what the call was waiting for
     * @param timeout the timeout that passed
     * @param before the output read so far that matched nothing
     */
    public ExpectTimeoutException(String waitedFor, Duration timeout, String before) {
        super("expect " + waitedFor + " (output so far: " + Expect.quote(Expect.tail(before)) + ")", timeout);
        this.before = before;
    }

    /** The output read so far that no expectation matched. */
    public String before() {
        return before;
    }
}
