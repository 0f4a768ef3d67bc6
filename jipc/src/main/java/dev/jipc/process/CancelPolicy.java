package dev.jipc.process;

import dev.jipc.TimedOutException;
import dev.jipc.io.Fd;
import dev.jipc.signal.Signal;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a child is stopped when a timeout passes or the caller cancels: first {@link #signal()}
 * (SIGTERM by default), then SIGKILL if it is still alive after {@link #grace()}, then our pipe ends
 * are drained for at most {@link #pipeGrace()} and closed.
 *
 * <p>{@link Process#destroy()} sends SIGTERM and leaves the rest to the caller; Python's
 * {@code run(timeout=...)} goes straight to SIGKILL. This is the escalation a careful caller
 * writes by hand, with the outcome reported as a {@link Cancellation}.
 *
 * @param signal the first signal sent
 * @param grace how long the child gets to exit after it before SIGKILL
 * @param pipeGrace how long, once the child is gone, our read ends may take to reach end of file
 *     before they are reported as {@linkplain Cancellation#pipesHeld() held} and closed
 */
public record CancelPolicy(Signal signal, Duration grace, Duration pipeGrace) {
    /** SIGTERM, 2 s grace, 2 s for the pipes. */
    public static final CancelPolicy DEFAULT = new CancelPolicy(Signal.SIGTERM, Duration.ofSeconds(2), Duration.ofSeconds(2));

    /** Checks the components. */
    public CancelPolicy {
        Objects.requireNonNull(signal, "signal");
        if (signal == Signal.UNKNOWN) {
            throw new IllegalArgumentException("cannot send Signal.UNKNOWN");
        }
        if (grace.isNegative() || pipeGrace.isNegative()) {
            throw new IllegalArgumentException("negative grace period");
        }
    }

    /** The same policy with another first signal. */
    public CancelPolicy withSignal(Signal s) {
        return new CancelPolicy(s, grace, pipeGrace);
    }

    /** The same policy with another grace period before SIGKILL. */
    public CancelPolicy withGrace(Duration d) {
        return new CancelPolicy(signal, d, pipeGrace);
    }

    /** The same policy with another bound on waiting for the pipes once the child is gone. */
    public CancelPolicy withPipeGrace(Duration d) {
        return new CancelPolicy(signal, grace, d);
    }

    /**
     * Cancels {@code child}: signal, grace, SIGKILL, then whatever is still unread in its stdout,
     * stderr and other pipes from the child is discarded until end of file or {@link #pipeGrace()},
     * and all our pipe ends are closed.
     */
    public Cancellation cancel(ChildProcess child) throws IOException {
        Cancellation.Ending ending = stop(child);
        List<Fd> readers = new ArrayList<>();
        for (int n = 0; n < 64; n++) {
            if (child.isPiped(n) && n != 0 && !child.pipe(n).isClosed()) {
                readers.add(child.pipe(n));
            }
        }
        boolean held = Drain.discardUntilEof(readers, pipeGrace);
        child.close();
        return new Cancellation(ending, child.waitFor(), held);
    }

    /** Signals and kills as needed; on return the child has been reaped. */
    Cancellation.Ending stop(ChildProcess child) throws IOException {
        if (!child.isAlive() || !child.signal(signal)) {
            child.waitFor();
            return Cancellation.Ending.EXITED;
        }
        try {
            child.waitFor(grace);
            return Cancellation.Ending.TERMINATED;
        } catch (TimedOutException e) {
            child.signal(Signal.SIGKILL);
            child.waitFor();
            return Cancellation.Ending.KILLED;
        }
    }
}
