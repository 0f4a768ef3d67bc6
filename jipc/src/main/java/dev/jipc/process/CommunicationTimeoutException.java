package dev.jipc.process;

import dev.jipc.TimedOutException;
import java.time.Duration;

/**
 * A child did not finish within the timeout given to {@link Command#capture(Duration)},
 * {@link Command#communicate(byte[], Duration)} or {@link Command#run(Duration)}. It has been
 * cancelled by then (see {@link CancelPolicy}); the exception says {@linkplain #cancellation() how},
 * and carries what the child had written so far, as Python's {@code TimeoutExpired} does.
 */
public class CommunicationTimeoutException extends TimedOutException {
    private static final long serialVersionUID = 1L;

    private final transient byte[] partialStdout;
    private final transient byte[] partialStderr;
    private final transient Cancellation cancellation;

    /**
     * @param command the command that timed out
     * @param timeout the timeout that passed
     * @param partialStdout what it wrote to stdout before it was stopped
     * @param partialStderr what it wrote to stderr before it was stopped
     * @param cancellation how it was stopped
     */
    public CommunicationTimeoutException(Command command, Duration timeout, byte[] partialStdout,
            byte[] partialStderr, Cancellation cancellation) {
        super(command + " (" + cancellation + ")", timeout);
        this.partialStdout = partialStdout;
        this.partialStderr = partialStderr;
        this.cancellation = cancellation;
    }

    /** What the child wrote to stdout before it was stopped (not a copy). */
    public byte[] partialStdout() {
        return partialStdout;
    }

    /** What the child wrote to stderr before it was stopped (not a copy). */
    public byte[] partialStderr() {
        return partialStderr;
    }

    /** How the child was stopped, and its exit status. */
    public Cancellation cancellation() {
        return cancellation;
    }
}
