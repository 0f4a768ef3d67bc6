package dev.jipc.process;

import dev.jipc.io.Fd;
import dev.jipc.io.Pipe;
import dev.jipc.internal.FdAccess;
import dev.jipc.signal.Signal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Commands connected stdout to stdin, {@code a | b | c}, without a shell: each stage is started
 * with {@link Command#start()}, and between two stages there is an OS pipe whose ends go straight to
 * the two children. No Java thread copies anything: the data flows from child to child through the
 * kernel, as in a shell pipeline, and a stage that stops reading sends SIGPIPE up the line as usual.
 *
 * <pre>{@code
 * PipelineResult r = Pipeline.of(
 *         Command.of("grep", "-v", "^#", "/etc/services"),
 *         Command.of("sort", "-u"),
 *         Command.of("head", "-3"))
 *     .stdout(Redirect.write(Path.of("top3.txt")))
 *     .run();
 * if (!r.success()) System.err.println(r);     // "killed by SIGPIPE | exit 0 | exit 0"
 * }</pre>
 *
 * <p>The first stage's stdin and the last stage's stdout are what each command says (inherited by
 * default) unless set here: any {@link Redirect}, including {@link Redirect#pipe()} to feed or read
 * the pipeline from Java ({@link PipelineProcess#stdin()}, {@link PipelineProcess#stdout()}). Each
 * stage keeps its own stderr and other descriptors. Only the pipes between stages, and what this
 * class is told, are changed.
 *
 * <p>{@link CommandString} turns a typed string such as {@code "grep -v '^#'"} into a stage, with
 * documented rules and no shell.
 */
public final class Pipeline {
    private final List<Command> stages;
    private final Redirect stdin;
    private final Redirect stdout;

    private Pipeline(List<Command> stages, Redirect stdin, Redirect stdout) {
        this.stages = stages;
        this.stdin = stdin;
        this.stdout = stdout;
    }

    /** The stages, in order; at least one. */
    public static Pipeline of(Command... stages) {
        return of(List.of(stages));
    }

    /** The stages, in order (copied); at least one. */
    public static Pipeline of(List<Command> stages) {
        List<Command> copy = List.copyOf(stages);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one stage");
        }
        return new Pipeline(copy, null, null);
    }

    /** Where the first stage reads from. */
    public Pipeline stdin(Redirect r) {
        return new Pipeline(stages, Objects.requireNonNull(r, "stdin"), stdout);
    }

    /** Where the last stage writes to. */
    public Pipeline stdout(Redirect r) {
        return new Pipeline(stages, stdin, Objects.requireNonNull(r, "stdout"));
    }

    /** The stages. */
    public List<Command> commands() {
        return stages;
    }

    /**
     * Starts every stage and returns at once.
     *
     * @throws dev.jipc.ErrnoException if a stage cannot be started; the stages already started are
     *     killed (SIGKILL) and reaped first, so nothing is left half-connected
     */
    public PipelineProcess start() throws IOException {
        List<ChildProcess> started = new ArrayList<>();
        List<Command> actual = new ArrayList<>();
        Fd previous = null;
        boolean ok = false;
        try {
            for (int i = 0; i < stages.size(); i++) {
                Command c = stages.get(i);
                if (i == 0) {
                    if (stdin != null) {
                        c = c.stdin(stdin);
                    }
                } else {
                    c = c.stdin(Redirect.from(previous));
                }
                Pipe link = null;
                if (i < stages.size() - 1) {
                    // Both ends go to children only, which expect ordinary blocking descriptors.
                    link = FdAccess.get().pipeForChildren(true, true);
                    c = c.stdout(Redirect.from(link.writer()));
                } else if (stdout != null) {
                    c = c.stdout(stdout);
                }
                try {
                    started.add(c.start());
                    actual.add(c);
                } finally {
                    // Our copies must go at once: a writer end left open here would keep the next
                    // stage from ever seeing end of file.
                    if (previous != null) {
                        previous.close();
                        previous = null;
                    }
                    if (link != null) {
                        link.writer().close();
                        previous = link.reader();
                    }
                }
            }
            ok = true;
            return new PipelineProcess(actual, started);
        } finally {
            if (previous != null) {
                previous.close();
            }
            if (!ok) {
                for (ChildProcess p : started) {
                    p.signal(Signal.SIGKILL);
                    p.close();
                    p.waitFor();
                }
            }
        }
    }

    /**
     * Starts every stage and waits for all of them.
     *
     * @throws IllegalStateException if an end is {@link Redirect#pipe()}: nobody would serve it
     */
    public PipelineResult run() throws IOException {
        if (stdin instanceof Redirect.Piped || stdout instanceof Redirect.Piped) {
            throw new IllegalStateException("run() cannot use Redirect.pipe() at the ends; use start()");
        }
        try (PipelineProcess p = start()) {
            return p.waitFor();
        }
    }

    /** {@code "grep -v '^#' | sort -u"}. */
    @Override
    public String toString() {
        return String.join(" | ", stages.stream().map(Command::toString).toList());
    }
}
