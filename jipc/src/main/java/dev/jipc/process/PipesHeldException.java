package dev.jipc.process;

import java.io.IOException;
import java.time.Duration;

/**
 * The child exited, but its stdout or stderr did not reach end of file within the
 * {@linkplain CancelPolicy#pipeGrace() pipe grace}: some other process, typically a background job
 * it started ({@code sh -c 'server & echo started'}), still holds the pipe. Reading "to the end"
 * would wait for that process, perhaps forever; jipc stops waiting, closes its ends, and reports this
 * with everything read until then, instead of hanging (Go's {@code ErrWaitDelay}).
 *
 * <p>The process holding the pipe is not touched: it is not our child. Start the command with
 * {@link Command#newProcessGroup()} to be able to reach it with {@link ChildProcess#signalGroup}.
 */
public class PipesHeldException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Captured captured;

    /**
     * @param command the command
     * @param waited how long we waited for end of file after the child exited
     * @param captured the child's status and what had been read
     */
    public PipesHeldException(Command command, Duration waited, Captured captured) {
        super(command + ": " + captured.status() + ", but its output pipes were still held open by another process "
                + waited.toMillis() + " ms later (a background grandchild?); stopped reading");
        this.captured = captured;
    }

    /** The child's status and the output read before we stopped waiting. */
    public Captured captured() {
        return captured;
    }
}
