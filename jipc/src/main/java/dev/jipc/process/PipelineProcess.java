package dev.jipc.process;

import dev.jipc.TimedOutException;
import dev.jipc.io.Fd;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A started {@link Pipeline}: one {@link ChildProcess} per stage, and our ends of the pipeline's
 * first stdin and last stdout when those were {@link Redirect#pipe()}.
 */
public final class PipelineProcess implements AutoCloseable {
    private final List<Command> commands;
    private final List<ChildProcess> stages;

    PipelineProcess(List<Command> commands, List<ChildProcess> stages) {
        this.commands = List.copyOf(commands);
        this.stages = List.copyOf(stages);
    }

    /** The running stages, in order. */
    public List<ChildProcess> stages() {
        return stages;
    }

    /** Our end of the first stage's stdin. @throws IllegalStateException unless it was piped */
    public Fd stdin() {
        return stages.getFirst().stdin();
    }

    /** Our end of the last stage's stdout. @throws IllegalStateException unless it was piped */
    public Fd stdout() {
        return stages.getLast().stdout();
    }

    /** Waits for every stage. */
    public PipelineResult waitFor() throws IOException {
        List<ExitStatus> statuses = new ArrayList<>();
        for (ChildProcess p : stages) {
            statuses.add(p.waitFor());
        }
        return new PipelineResult(commands, statuses);
    }

    /**
     * Waits for every stage, {@code timeout} in all.
     *
     * @throws TimedOutException if some stage is still running then (nothing is stopped)
     */
    public PipelineResult waitFor(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ExitStatus> statuses = new ArrayList<>();
        for (ChildProcess p : stages) {
            statuses.add(p.waitFor(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
        }
        return new PipelineResult(commands, statuses);
    }

    /** Stops every stage with {@code policy}, first to last, and returns each outcome. */
    public List<Cancellation> cancel(CancelPolicy policy) throws IOException {
        List<Cancellation> out = new ArrayList<>();
        for (ChildProcess p : stages) {
            out.add(policy.cancel(p));
        }
        return out;
    }

    /** Closes our pipe ends (if any); neither kills nor waits. */
    @Override
    public void close() throws IOException {
        for (ChildProcess p : stages) {
            p.close();
        }
    }

    @Override
    public String toString() {
        return stages.toString();
    }
}
