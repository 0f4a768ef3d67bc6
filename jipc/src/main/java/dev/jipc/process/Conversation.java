package dev.jipc.process;

import dev.jipc.io.LineReader;
import dev.jipc.io.LineWriter;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * A line-by-line conversation with a child over its stdin and stdout: perlipc's {@code open2}.
 *
 * <pre>{@code
 * try (Conversation bc = Conversation.start(Command.of("bc", "-q"))) {
 *     String answer = bc.ask("2^10");        // "1024"
 * }
 * }</pre>
 *
 * <p>Each {@link #send(String)} writes one line and flushes it at once (the {@code $| = 1} of the
 * perlipc example); {@link #receive()} reads one line of the reply.
 *
 * <h2>The buffering trap</h2>
 * This only works with a child that answers each line as soon as it has read it. Most programs
 * buffer their stdout in blocks when it is a pipe rather than a terminal (C stdio does so
 * automatically), so the reply sits in the <em>child's</em> buffer, the child waits for more input,
 * we wait for the reply: a deadlock no flushing on our side can fix. perlipc's advice holds: use
 * programs that flush per line ({@code cat -u}, {@code bc}, {@code sed -u}, {@code grep
 * --line-buffered}, your own programs), use {@link #receive(Duration)} so a stuck conversation
 * times out instead of hanging, and for programs you cannot change, give them a pseudo-terminal
 * (jipc's pty support) so they believe they talk to a person. For one-shot exchanges (all input,
 * then all output) use {@link Communication} instead, which has no such trap.
 *
 * <p>Stderr is whatever the command says (inherited by default); set it to {@link Redirect#pipe()}
 * to have its tail in a {@link ChildFailedException}. {@link #close()} closes the child's stdin,
 * waits, and throws if it failed, like {@link ReadPipe}.
 */
public final class Conversation implements Closeable {
    private final ChildProcess child;
    private final LineWriter to;
    private final LineReader from;
    private final PipeEnding ending;

    private Conversation(Command command, ChildProcess child) {
        this.child = child;
        this.to = LineWriter.lf(child.stdin()).autoFlush(true);
        this.from = LineReader.of(child.stdout());
        this.ending = new PipeEnding(command, child);
    }

    /**
     * Starts {@code command} with its stdin and stdout piped to us.
     *
     * @throws dev.jipc.ErrnoException if it cannot be started
     */
    public static Conversation start(Command command) throws IOException {
        Objects.requireNonNull(command, "command");
        Command c = command.stdin(Redirect.pipe()).stdout(Redirect.pipe());
        return new Conversation(c, c.start());
    }

    /** Makes {@link #close()} accept any exit status; returns this. */
    public Conversation allowFailure() {
        ending.allowFailure();
        return this;
    }

    /** The running child. */
    public ChildProcess process() {
        return child;
    }

    /** Sends one line (a line feed is added) and flushes it. @throws BrokenPipeException if the child stopped reading */
    public void send(String line) throws IOException {
        try {
            to.writeLine(line);
        } catch (IOException e) {
            throw ending.translate(e);
        }
    }

    /** The next line from the child, or null once it has closed its stdout. */
    public String receive() throws IOException {
        return from.readLine();
    }

    /** {@link #receive()} giving up after {@code timeout} with {@link dev.jipc.TimedOutException}; nothing is lost. */
    public String receive(Duration timeout) throws IOException {
        return from.readLine(timeout);
    }

    /** {@link #send(String)} then {@link #receive()}. */
    public String ask(String line) throws IOException {
        send(line);
        return receive();
    }

    /** {@link #send(String)} then {@link #receive(Duration)}. */
    public String ask(String line, Duration timeout) throws IOException {
        send(line);
        return receive(timeout);
    }

    /** Closes the child's stdin so it sees end of file; replies can still be read. */
    public void closeInput() throws IOException {
        try {
            to.close();
        } catch (IOException e) {
            throw ending.translate(e);
        }
    }

    /** Closes both pipes, waits, and returns how the child ended, whatever that was. */
    public ExitStatus closeAndWait() throws IOException {
        return ending.closeAndWait(() -> {
            try {
                to.close();
            } catch (IOException e) {
                // the child stopped reading; its status tells the story
            }
            from.close();
        });
    }

    /**
     * {@link #closeAndWait()}, then, the first time, throws if the child failed.
     *
     * @throws ChildFailedException unless it exited 0 or {@link #allowFailure()} was called
     */
    @Override
    public void close() throws IOException {
        if (ending.isClosed()) {
            return;
        }
        ending.judge(closeAndWait());
    }

    /** Stops the child with {@code policy} and closes. */
    public Cancellation cancel(CancelPolicy policy) throws IOException {
        Cancellation c = policy.cancel(child);
        closeAndWait();
        return c;
    }

    @Override
    public String toString() {
        return "Conversation[" + child + "]";
    }
}
