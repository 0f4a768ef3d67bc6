package dev.jipc.process;

import java.io.IOException;
import java.time.Duration;

/** What {@link ReadPipe}, {@link WritePipe} and {@link Conversation} share: closing, waiting, judging. */
final class PipeEnding {
    private final Command command;
    private final ChildProcess child;
    private final StderrTail stderr;
    private boolean allowFailure;
    private boolean closed;
    private ExitStatus status;
    private String tail = "";

    PipeEnding(Command command, ChildProcess child) {
        this.command = command;
        this.child = child;
        this.stderr = StderrTail.startIfPiped(child);
    }

    synchronized void allowFailure() {
        allowFailure = true;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Closes our ends (the given resource first), waits, and remembers the status; idempotent. */
    synchronized ExitStatus closeAndWait(AutoCloseable ours) throws IOException {
        if (closed) {
            return status;
        }
        closed = true;
        IOException first = null;
        try {
            ours.close();
        } catch (IOException e) {
            first = e;
        } catch (Exception e) {
            first = new IOException(e);
        }
        status = child.waitFor();
        // Stderr is drained in the background: give it a moment to reach end of file before its
        // pipe is closed with the others, so the tail is complete.
        tail = stderr == null ? "" : stderr.await(Duration.ofMillis(500));
        try {
            child.close();
        } catch (IOException e) {
            if (first == null) {
                first = e;
            }
        }
        if (first != null && !(first instanceof BrokenPipeException)) {
            throw first;
        }
        return status;
    }

    /** Throws {@link ChildFailedException} for a failed status unless failure was allowed. */
    synchronized void judge(ExitStatus s) throws ChildFailedException {
        if (!s.success() && !allowFailure) {
            throw new ChildFailedException(command, s, stderrTail());
        }
    }

    synchronized String stderrTail() {
        return tail;
    }

    /** Turns an EPIPE from writing to the child's stdin into a {@link BrokenPipeException} with its status. */
    IOException translate(IOException e) {
        if (e instanceof dev.jipc.ErrnoException ee && ee.errno() == dev.jipc.Errno.EPIPE
                && !(e instanceof BrokenPipeException)) {
            ExitStatus s;
            try {
                s = child.waitFor(Duration.ofMillis(200));
            } catch (IOException notYet) {
                s = null;
            }
            BrokenPipeException b = new BrokenPipeException("stdin of pid " + child.pid() + " (" + child.program() + ")", s);
            b.initCause(e);
            return b;
        }
        return e;
    }
}
