package dev.jipc.process;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import dev.jipc.io.Fd;
import dev.jipc.io.Pipe;
import dev.jipc.io.Readiness;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The open3 engine: one poll loop that feeds a child's stdin while draining its stdout and stderr,
 * so neither side ever waits on a full pipe, whatever the sizes.
 *
 * <p>Each turn waits (on jipc's poller) until stdin is writable or stdout/stderr is readable, or the
 * child exits (a self-pipe written by the exit callback, so no polling with sleeps). Writes go in
 * chunks of at most 64 KiB: our end is non-blocking, so a write larger than the free space returns a
 * short count instead of blocking (Python writes PIPE_BUF at a time because its descriptor is
 * blocking, where a larger write could stall). {@code EPIPE} on stdin means the child stopped
 * reading: the rest of the input is dropped, and its exit status tells whether that was a failure.
 */
final class Communicator {
    private Communicator() {}

    private static final int CHUNK = 64 * 1024;
    private static final long NONE = Long.MAX_VALUE;

    /** How a communication ended. {@code cancellation} is null unless it timed out. */
    record Outcome(ExitStatus status, boolean pipesHeld, Cancellation cancellation) {
        boolean timedOut() {
            return cancellation != null;
        }
    }

    static Outcome run(ChildProcess child, byte[] input, OutputStream out, OutputStream err, Duration timeout,
            CancelPolicy policy) throws IOException {
        long start = System.nanoTime();
        long deadline = timeout == null ? NONE : start + Math.max(0, timeout.toNanos());
        Fd in = child.isPiped(0) ? child.stdin() : null;
        if (in != null && (input == null || input.length == 0)) {
            in.close();
            in = null;
        }
        List<Fd> readers = new ArrayList<>();
        Map<Fd, OutputStream> sinks = new HashMap<>();
        if (child.isPiped(1)) {
            readers.add(child.stdout());
            sinks.put(child.stdout(), out);
        }
        if (child.isPiped(2)) {
            readers.add(child.stderr());
            sinks.put(child.stderr(), err);
        }
        boolean exited = false;
        long pipeDeadline = NONE;
        int pos = 0;
        byte[] buf = new byte[CHUNK];
        try (Pipe wake = Pipe.open(Pipe.KERNEL_DEFAULT)) {
            child.onExit().whenComplete((s, e) -> {
                try {
                    wake.writer().write(new byte[] {1}, 0, 1);
                } catch (IOException closedAlready) {
                    // the loop is over
                }
            });
            while (in != null || !readers.isEmpty()) {
                long limit = Math.min(deadline, pipeDeadline);
                long now = System.nanoTime();
                if (limit != NONE && now - limit >= 0) {
                    break;
                }
                List<Fd> rs = new ArrayList<>(readers);
                if (!exited) {
                    rs.add(wake.reader());
                }
                Readiness.Ready r = limit == NONE
                        ? Readiness.await(rs, in == null ? List.of() : List.of(in))
                        : Readiness.await(rs, in == null ? List.of() : List.of(in), Duration.ofNanos(limit - now));
                if (!exited && r.readable().contains(wake.reader())) {
                    exited = true;
                    pipeDeadline = System.nanoTime() + policy.pipeGrace().toNanos();
                }
                if (in != null && r.writable().contains(in)) {
                    try {
                        pos += in.write(input, pos, Math.min(CHUNK, input.length - pos));
                    } catch (ErrnoException e) {
                        if (e.errno() != Errno.EPIPE) {
                            throw e;
                        }
                        pos = input.length; // the reader stopped: not an error in itself
                    }
                    if (pos == input.length) {
                        in.close();
                        in = null;
                    }
                }
                for (Fd fd : r.readable()) {
                    if (readers.contains(fd)) {
                        int n = fd.read(buf);
                        if (n < 0) {
                            readers.remove(fd);
                            fd.close();
                        } else {
                            sinks.get(fd).write(buf, 0, n);
                        }
                    }
                }
            }
        }
        boolean timedOut = !(in == null && readers.isEmpty()) && (deadline != NONE && deadline <= pipeDeadline);
        if (!timedOut && (in != null || !readers.isEmpty())) {
            // The child is gone but something else holds its pipes: stop reading, report it.
            child.close();
            return new Outcome(child.waitFor(), true, null);
        }
        if (!timedOut) {
            try {
                long left = deadline == NONE ? NONE : deadline - System.nanoTime();
                ExitStatus s = left == NONE ? child.waitFor() : child.waitFor(Duration.ofNanos(Math.max(0, left)));
                return new Outcome(s, false, null);
            } catch (TimedOutException e) {
                // pipes closed but the child lingers: cancel it below
            }
        }
        Cancellation.Ending ending = policy.stop(child);
        if (in != null) {
            in.close();
        }
        boolean held = Drain.untilEof(readers, sinks, policy.pipeGrace());
        child.close();
        ExitStatus s = child.waitFor();
        return new Outcome(s, false, new Cancellation(ending, s, held));
    }
}
