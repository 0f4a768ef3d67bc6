package dev.jipc.process;

import dev.jipc.io.LineWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A command opened for writing: perlipc's {@code open(my $fh, "|-", @cmd)}, the spooler. What we
 * write becomes the child's stdin; its stdout and stderr are whatever the command says (inherited by
 * default).
 *
 * <pre>{@code
 * try (WritePipe lpr = Command.of("lpr", "-h").openForWriting()) {
 *     lpr.writeLine("stuff");
 * }   // close() flushes, sends end of file, waits, and throws ChildFailedException if lpr failed
 * }</pre>
 *
 * <h2>A child that stops reading</h2>
 * Writing to a child that has closed its stdin or exited fails with {@link BrokenPipeException}
 * ({@code EPIPE}), carrying the child's exit status when it is known; the JVM never gets SIGPIPE, so
 * perlipc's {@code local $SIG{PIPE} = sub { die "spooler pipe broke" }} is simply the exception. At
 * {@link #close()} the status decides: a child that exited 0 without reading everything is its own
 * business (as in Python's {@code communicate}); one that failed is a {@link ChildFailedException}.
 *
 * <h2>The bogus command</h2>
 * In Perl, {@code open(SPOOLER, "| bogus")} succeeds (the fork did) and the first print dies of
 * SIGPIPE. Here the exec is part of the spawn, so an unknown program is an
 * {@link dev.jipc.ErrnoException} (ENOENT) from {@link #open(Command)}, before anything is written.
 *
 * <p>Output is buffered (8 KiB); {@link #flush()} sends it, as does {@link #close()}.
 */
public final class WritePipe implements Closeable, Flushable {
    private final ChildProcess child;
    private final LineWriter writer;
    private final PipeEnding ending;

    private WritePipe(Command command, ChildProcess child) {
        this.child = child;
        this.writer = LineWriter.lf(child.stdin());
        this.ending = new PipeEnding(command, child);
    }

    /**
     * Starts {@code command} with its stdin piped from us.
     *
     * @throws dev.jipc.ErrnoException if it cannot be started (unknown program, ...)
     */
    public static WritePipe open(Command command) throws IOException {
        Objects.requireNonNull(command, "command");
        Command c = command.stdin(Redirect.pipe());
        return new WritePipe(c, c.start());
    }

    /** Makes {@link #close()} accept any exit status; returns this. */
    public WritePipe allowFailure() {
        ending.allowFailure();
        return this;
    }

    /** The running child. */
    public ChildProcess process() {
        return child;
    }

    /** Writes {@code line} and a line feed (buffered). @throws BrokenPipeException if the child stopped reading */
    public void writeLine(String line) throws IOException {
        try {
            writer.writeLine(line);
        } catch (IOException e) {
            throw ending.translate(e);
        }
    }

    /** Writes text exactly as given, UTF-8 (buffered). */
    public void write(String text) throws IOException {
        try {
            writer.write(text);
        } catch (IOException e) {
            throw ending.translate(e);
        }
    }

    /** Writes bytes (buffered). */
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            writer.write(b, off, len);
        } catch (IOException e) {
            throw ending.translate(e);
        }
    }

    /** Sends everything buffered to the child. */
    @Override
    public void flush() throws IOException {
        try {
            writer.flush();
        } catch (IOException e) {
            throw ending.translate(e);
        }
    }

    /** A byte view; closing it does not close this pipe. */
    public OutputStream outputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                WritePipe.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                WritePipe.this.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                WritePipe.this.flush();
            }
        };
    }

    /**
     * Flushes, closes the child's stdin (it sees end of file), waits, and returns how it ended,
     * whatever that was; again returns the same status.
     */
    public ExitStatus closeAndWait() throws IOException {
        return ending.closeAndWait(() -> {
            try {
                writer.close();
            } catch (IOException e) {
                throw ending.translate(e);
            }
        });
    }

    /**
     * {@link #closeAndWait()}, then, the first time, throws if the child failed.
     *
     * @throws ChildFailedException if it did not exit 0 and {@link #allowFailure()} was not called
     */
    @Override
    public void close() throws IOException {
        if (ending.isClosed()) {
            return;
        }
        ending.judge(closeAndWait());
    }

    /** Stops the child with {@code policy} and closes; never throws for its status. */
    public Cancellation cancel(CancelPolicy policy) throws IOException {
        Cancellation c = policy.cancel(child);
        ending.closeAndWait(() -> {
            try {
                writer.close();
            } catch (IOException e) {
                // the pipe is gone with the child; what was buffered is dropped on purpose
            }
        });
        return c;
    }

    /** {@link #cancel(CancelPolicy)} with {@link CancelPolicy#DEFAULT}. */
    public Cancellation cancel() throws IOException {
        return cancel(CancelPolicy.DEFAULT);
    }

    @Override
    public String toString() {
        return "WritePipe[" + child + "]";
    }
}
