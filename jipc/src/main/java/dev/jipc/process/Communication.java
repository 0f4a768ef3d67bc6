package dev.jipc.process;

import dev.jipc.TimedOutException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;

/**
 * One exchange with a child: send it some input, collect its stdout and stderr, learn how it ended
 * (perlipc's open3, Python's {@code communicate}). {@link Command#capture()},
 * {@link Command#communicate(byte[], Duration)} and friends are shortcuts for the common cases; this
 * class adds the options.
 *
 * <pre>{@code
 * Captured r = Communication.of(Command.of("sort"))
 *         .input(data)
 *         .timeout(Duration.ofSeconds(30))
 *         .run();
 * }</pre>
 *
 * <h2>Never a deadlock</h2>
 * Writing all the input first and then reading (the naive way, and what a {@link Process} invites)
 * hangs as soon as the child's output fills its pipe before it has read all its input: it waits for
 * us to read, we wait for it to read. Here one poll loop on the calling thread does all three at once
 * (see perlipc "Avoiding Pipe Deadlocks"): stdin is written whenever it has room, stdout and stderr
 * are read whenever they have data, at any size, with no helper threads. A child that stops reading
 * its input ({@code EPIPE}) is not an error by itself; its exit status says whether it failed.
 *
 * <h2>Descriptors</h2>
 * Stdout is always piped. Stderr is piped unless the command set it (say {@link Redirect#toFd(int)
 * toFd(1)} for {@code 2>&1}, or {@link Redirect#inherit()}); then {@link Captured#stderr()} is empty.
 * Stdin is piped when there is input, else it is what the command set or, by default, the null
 * device: a capture never reads the terminal by accident.
 *
 * <h2>Time</h2>
 * With a {@link #timeout(Duration)}, a child still running when it passes is stopped with the
 * {@link #cancelPolicy(CancelPolicy) cancel policy} (SIGTERM, grace, SIGKILL) and
 * {@link CommunicationTimeoutException} is thrown with the partial output. A child that exits while
 * a process it left behind still holds its stdout or stderr gets {@link CancelPolicy#pipeGrace()} for
 * the pipes to close, then {@link PipesHeldException}: bounded, reported, never a hang.
 */
public final class Communication {
    private final Command command;
    private byte[] input;
    private Duration timeout;
    private CancelPolicy policy = CancelPolicy.DEFAULT;
    private OutputStream stdoutSink;
    private OutputStream stderrSink;

    private Communication(Command command) {
        this.command = Objects.requireNonNull(command, "command");
    }

    /** An exchange with {@code command}, no input and no timeout yet. */
    public static Communication of(Command command) {
        return new Communication(command);
    }

    /** The bytes to write to the child's stdin, which is then closed (not copied: do not change them). */
    public Communication input(byte[] bytes) {
        this.input = Objects.requireNonNull(bytes, "input");
        return this;
    }

    /** The text to write to the child's stdin, UTF-8. */
    public Communication input(String text) {
        return input(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Gives up, and cancels the child, after {@code d} in all. */
    public Communication timeout(Duration d) {
        this.timeout = Objects.requireNonNull(d, "timeout");
        return this;
    }

    /** How the child is stopped on timeout, and how long pipes may stay open after it exits. */
    public Communication cancelPolicy(CancelPolicy p) {
        this.policy = Objects.requireNonNull(p, "policy");
        return this;
    }

    /**
     * Streams stdout into {@code sink} instead of collecting it ({@link Captured#stdout()} is then
     * empty): for outputs too large to hold. The sink is not closed.
     */
    public Communication stdoutTo(OutputStream sink) {
        this.stdoutSink = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /** Streams stderr into {@code sink} instead of collecting it. */
    public Communication stderrTo(OutputStream sink) {
        this.stderrSink = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /**
     * Starts the child, exchanges, waits, and returns the status and output; a failed status is
     * returned, not thrown (see {@link Captured#orThrow(Command)}).
     *
     * @throws dev.jipc.ErrnoException if the child cannot be started
     * @throws CommunicationTimeoutException if the timeout passed (the child has been stopped)
     * @throws PipesHeldException if the child exited but another process kept its pipes open
     */
    public Captured run() throws IOException {
        Command c = command.stdout(Redirect.pipe());
        if (!command.redirects().containsKey(2)) {
            c = c.stderr(Redirect.pipe());
        }
        if (input != null) {
            c = c.stdin(Redirect.pipe());
        } else if (!command.redirects().containsKey(0)) {
            c = c.stdin(Redirect.nullDevice());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Communicator.Outcome o;
        try (ChildProcess child = c.start()) {
            o = Communicator.run(child, input, stdoutSink != null ? stdoutSink : out,
                    stderrSink != null ? stderrSink : err, timeout, policy);
        }
        if (o.timedOut()) {
            throw new CommunicationTimeoutException(c, timeout, out.toByteArray(), err.toByteArray(), o.cancellation());
        }
        Captured captured = new Captured(o.status(), out.toByteArray(), err.toByteArray());
        if (o.pipesHeld()) {
            throw new PipesHeldException(c, policy.pipeGrace(), captured);
        }
        return captured;
    }

    /** {@link Command#run(Duration)}: inherited stdio, a timeout, cancellation. */
    static ExitStatus runWithTimeout(Command command, Duration timeout, CancelPolicy policy) throws IOException {
        for (Redirect r : command.redirects().values()) {
            if (r instanceof Redirect.Piped) {
                throw new IllegalStateException("run() cannot use Redirect.pipe(): nobody would read it; use start()");
            }
        }
        try (ChildProcess child = command.start()) {
            try {
                return child.waitFor(timeout);
            } catch (TimedOutException e) {
                Cancellation c = policy.cancel(child);
                throw new CommunicationTimeoutException(command, timeout, new byte[0], new byte[0], c);
            }
        }
    }
}
