package dev.jipc.process;

import dev.jipc.io.LineReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A command opened for reading: perlipc's {@code open(my $fh, "-|", @cmd)}. We read the child's
 * stdout as lines or as a stream, as it is produced, never all of it in memory.
 *
 * <pre>{@code
 * try (ReadPipe netstat = Command.of("netstat", "-an").stderr(Redirect.toFd(1)).openForReading()) {
 *     for (String line; (line = netstat.readLine()) != null; ) {
 *         if (!line.matches("^(tcp|udp).*")) System.out.println(line);
 *     }
 * }   // close() waits for netstat and throws ChildFailedException if it failed
 * }</pre>
 *
 * <h2>Closing reports the child's status</h2>
 * {@link #close()} closes our end, waits for the child, and throws {@link ChildFailedException}
 * unless it exited 0: Perl's {@code close(FH) || die "bad netstat: $! $?"} as the default, so a
 * failure is never silent in a try-with-resources block. {@link #closeAndWait()} returns the status
 * instead, and {@link #allowFailure()} makes {@code close()} accept any status.
 *
 * <p>Closing before end of file closes the pipe under a child that may still be writing: it dies of
 * SIGPIPE, exactly as in Perl and the shell, and that is reported. Stop early on purpose with
 * {@code closeAndWait()} or {@code allowFailure()}.
 *
 * <h2>Stderr</h2>
 * The child's stderr is whatever the command says: inherited by default, as with Perl. Set it to
 * {@link Redirect#pipe()} and it is drained in the background, and its last
 * {@value ChildFailedException#STDERR_TAIL_LIMIT} bytes go into the {@link ChildFailedException};
 * {@link Redirect#toFd(int) toFd(1)} merges it into what we read ({@code 2>&1}).
 *
 * <h2>Compared with Runtime.exec</h2>
 * A {@link Process}'s {@code getInputStream()} reads the same bytes, but nothing ties the child's exit
 * status to closing the stream: code that reads to the end and forgets {@code waitFor()} never learns
 * that the command failed. A spawn failure is reported here at open, as {@link dev.jipc.ErrnoException}
 * (the perlipc "bogus command" case can never become a later SIGPIPE).
 */
public final class ReadPipe implements Closeable {
    private final ChildProcess child;
    private final LineReader reader;
    private final PipeEnding ending;

    private ReadPipe(Command command, ChildProcess child) {
        this.child = child;
        this.reader = LineReader.of(child.stdout());
        this.ending = new PipeEnding(command, child);
    }

    /**
     * Starts {@code command} with its stdout piped to us.
     *
     * @throws dev.jipc.ErrnoException if it cannot be started (unknown program, ...)
     */
    public static ReadPipe open(Command command) throws IOException {
        Objects.requireNonNull(command, "command");
        Command c = command.stdout(Redirect.pipe());
        return new ReadPipe(c, c.start());
    }

    /** Makes {@link #close()} accept any exit status; returns this. */
    public ReadPipe allowFailure() {
        ending.allowFailure();
        return this;
    }

    /** The running child, for its pid, signals, or more pipes. */
    public ChildProcess process() {
        return child;
    }

    /**
     * The next line of the child's output, without its terminator, or null at end of file.
     *
     * @throws java.nio.channels.ClosedChannelException after {@link #close()}
     */
    public String readLine() throws IOException {
        return reader.readLine();
    }

    /** {@link #readLine()} giving up after {@code timeout} with {@link dev.jipc.TimedOutException}; nothing is lost. */
    public String readLine(Duration timeout) throws IOException {
        return reader.readLine(timeout);
    }

    /**
     * The remaining lines as a lazy stream; an I/O error surfaces as {@link UncheckedIOException}.
     * Closing the stream does not close this pipe.
     */
    public Stream<String> lines() {
        Iterator<String> it = new Iterator<>() {
            String next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = reader.readLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return next != null;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String s = next;
                next = null;
                return s;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** The output as bytes; shares the buffer with {@link #readLine()}, so the two may be mixed. */
    public InputStream inputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] b = new byte[1];
                return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : reader.read(b, off, len);
            }
        };
    }

    /**
     * Closes our end, waits for the child and returns how it ended, whatever that was. Calling it
     * again (or after {@link #close()}) returns the same status.
     */
    public ExitStatus closeAndWait() throws IOException {
        return ending.closeAndWait(reader);
    }

    /**
     * Closes our end and waits for the child; idempotent.
     *
     * @throws ChildFailedException the first time, if the child did not exit 0 and
     *     {@link #allowFailure()} was not called
     */
    @Override
    public void close() throws IOException {
        if (ending.isClosed()) {
            return;
        }
        ending.judge(closeAndWait());
    }

    /** Stops the child with {@code policy} (see {@link CancelPolicy}) and closes; never throws for its status. */
    public Cancellation cancel(CancelPolicy policy) throws IOException {
        Cancellation c = policy.cancel(child);
        ending.closeAndWait(reader);
        return c;
    }

    /** {@link #cancel(CancelPolicy)} with {@link CancelPolicy#DEFAULT}. */
    public Cancellation cancel() throws IOException {
        return cancel(CancelPolicy.DEFAULT);
    }

    @Override
    public String toString() {
        return "ReadPipe[" + child + "]";
    }
}
