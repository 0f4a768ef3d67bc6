package dev.jipc.process;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import dev.jipc.io.Fd;
import dev.jipc.internal.Csignal;
import dev.jipc.internal.Reaper;
import dev.jipc.signal.Signal;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child process started by {@link Command#start()}: its pid, our ends of its pipes, and its exit.
 *
 * <h2>Exit and reaping</h2>
 * Every child is watched through a pidfd by one process-wide reaper thread, which reaps it when it
 * exits, whether or not anyone waits: a {@code ChildProcess} dropped unwaited leaves no zombie for
 * longer than a few tens of milliseconds. A platform thread that waits reaps the child itself, and
 * a child waited for soon after its start (a capture, a {@code system}) is never handed to the
 * reaper thread at all (see docs/architecture.md); {@link #isAlive()} and {@link #exitStatus()}
 * look at the child themselves rather than wait for the reaper. jipc never calls {@code waitpid(-1)} and installs no SIGCHLD handler, so it never takes
 * the exit status of a child someone else started (the JDK's {@link Process}es included).
 * {@link #waitFor()} parks the calling thread, so a virtual thread waiting for a child gives its
 * carrier back. {@link ProcessBuilder} instead keeps one reaper thread per running child.
 *
 * <h2>Signals</h2>
 * {@link #signal(Signal)} goes through the pidfd ({@code pidfd_send_signal}), never through the pid:
 * once the child is reaped the pidfd is closed and {@code signal} returns false, so a signal meant
 * for this child can never hit an unrelated process that was given the same pid later.
 *
 * <h2>Closing</h2>
 * {@link #close()} closes our pipe ends; it neither kills nor waits. A child still writing to a
 * closed pipe gets SIGPIPE (its dispositions were reset at spawn), one reading from one sees end of
 * file, just as with a shell pipeline.
 */
public final class ChildProcess implements AutoCloseable {
    private static final Executor CALLBACKS = task -> Thread.ofVirtual().name("jipc-exit-callback").start(task);

    private final Reaper.Watched watched;
    private final String program;
    private final boolean groupLeader;
    private final Map<Integer, Fd> pipes;
    private final CompletableFuture<ExitStatus> exit;
    private volatile Process view;

    ChildProcess(Reaper.Watched watched, String program, boolean groupLeader, Map<Integer, Fd> pipes) {
        this.watched = watched;
        this.program = program;
        this.groupLeader = groupLeader;
        this.pipes = Map.copyOf(pipes);
        this.exit = watched.status().thenApply(ExitStatus::fromRaw);
    }

    /** The child's process id. */
    public long pid() {
        return watched.pid();
    }

    /** The path that was executed. */
    public String program() {
        return program;
    }

    /** Our end of the child's stdin, a pipe we write to. @throws IllegalStateException unless stdin was {@link Redirect#pipe()} */
    public Fd stdin() {
        return pipe(0);
    }

    /** Our end of the child's stdout, a pipe we read from. @throws IllegalStateException unless piped */
    public Fd stdout() {
        return pipe(1);
    }

    /** Our end of the child's stderr, a pipe we read from. @throws IllegalStateException unless piped */
    public Fd stderr() {
        return pipe(2);
    }

    /**
     * Our end of the pipe set up for the child's descriptor {@code childFd}.
     *
     * @throws IllegalStateException if that descriptor was not redirected to a pipe
     */
    public Fd pipe(int childFd) {
        Fd fd = pipes.get(childFd);
        if (fd == null) {
            throw new IllegalStateException("fd " + childFd + " of pid " + pid() + " (" + program
                    + ") is not a pipe; redirect it with Redirect.pipe()");
        }
        return fd;
    }

    /** Whether the child's descriptor {@code childFd} is a pipe we hold the other end of. */
    public boolean isPiped(int childFd) {
        return pipes.containsKey(childFd);
    }

    // ---------------------------------------------------------------- exit

    /**
     * Waits until the child has exited and been reaped, and returns how it ended. Can be called any
     * number of times, from any threads.
     *
     * @throws InterruptedIOException if the thread is interrupted (its interrupt status stays set);
     *     the child is unaffected
     */
    public ExitStatus waitFor() throws InterruptedIOException {
        awaitDirectly(Long.MAX_VALUE);
        try {
            return exit.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("wait for pid " + pid() + " (" + program + "): interrupted");
        } catch (ExecutionException e) {
            throw reapedElsewhere(e);
        }
    }

    /**
     * Like {@link #waitFor()}, giving up after {@code timeout}; the child keeps running then.
     *
     * @throws TimedOutException if it has not exited in time
     */
    public ExitStatus waitFor(Duration timeout) throws TimedOutException, InterruptedIOException {
        long nanos = Math.max(0, timeout.toNanos());
        long start = System.nanoTime();
        awaitDirectly(start + nanos);
        try {
            return exit.get(Math.max(0, nanos - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("wait for pid " + pid() + " (" + program + "): interrupted");
        } catch (TimeoutException e) {
            throw new TimedOutException("wait for pid " + pid() + " (" + program + ")", timeout);
        } catch (ExecutionException e) {
            throw reapedElsewhere(e);
        }
    }

    /**
     * A platform thread waits for the exit in the kernel itself and reaps on its own thread (see
     * {@link Reaper#awaitDirect}); a virtual thread parks on the future, which the reaper thread
     * completes, so it never holds its carrier.
     */
    private void awaitDirectly(long deadline) {
        if (exit.isDone()) {
            return;
        }
        if (Thread.currentThread().isVirtual()) {
            Reaper.get().watchNow(watched); // the future is completed by the reaper thread
        } else {
            Reaper.get().awaitDirect(watched, deadline);
        }
    }

    private IllegalStateException reapedElsewhere(ExecutionException e) {
        return new IllegalStateException("pid " + pid() + " (" + program + ") was reaped by someone else", e.getCause());
    }

    /**
     * A future completed with the exit status once the child is reaped. Its dependent actions run on
     * a fresh virtual thread, never on the reaper thread, so a slow one delays nobody else's reaping;
     * completing or cancelling the returned future does not affect the child or other callers.
     */
    public CompletableFuture<ExitStatus> onExit() {
        if (!exit.isDone()) {
            Reaper.get().watchNow(watched);
        }
        return exit.thenApplyAsync(s -> s, CALLBACKS);
    }

    /** How the child ended, if it has exited (it is reaped now if nobody did yet); never waits. */
    public Optional<ExitStatus> exitStatus() {
        reapIfExited();
        return exit.isDone() && !exit.isCompletedExceptionally() ? Optional.of(exit.join()) : Optional.empty();
    }

    /** Whether the child has not exited yet (one that has is reaped now if nobody did yet); never waits. */
    public boolean isAlive() {
        reapIfExited();
        return !exit.isDone();
    }

    private void reapIfExited() {
        if (!exit.isDone()) {
            Reaper.get().tryReap(watched);
        }
    }

    // ---------------------------------------------------------------- signals

    /**
     * Sends {@code signal} to the child through its pidfd.
     *
     * @return true if it was sent; false if the child has already exited and been reaped (then the
     *     signal went nowhere, and never to another process)
     * @throws ErrnoException on another failure, such as EPERM
     */
    public boolean signal(Signal signal) throws IOException {
        if (signal == Signal.UNKNOWN) {
            throw new IllegalArgumentException("cannot send Signal.UNKNOWN");
        }
        if (exit.isDone()) {
            return false;
        }
        int r = watched.signal(signal.number());
        if (r == -Errno.ESRCH.number()) {
            return false;
        }
        if (r < 0) {
            throw new ErrnoException(-r, "pidfd_send_signal " + signal.name(), "pid " + pid() + " (" + program + ")");
        }
        return true;
    }

    /**
     * Sends {@code signal} to the child's whole process group ({@code kill(-pgid)}), reaching its own
     * children too. Only for a child started with {@link Command#newProcessGroup()} or
     * {@link Command#newSession()}, whose group id is its pid. Unlike {@link #signal}, this goes by
     * number: after the leader has been reaped the group may live on in its other members, and is
     * still signalled.
     *
     * @throws IllegalStateException if the child shares our process group
     * @throws ErrnoException ESRCH when no process of the group is left
     */
    public void signalGroup(Signal signal) throws IOException {
        if (!groupLeader) {
            throw new IllegalStateException("pid " + pid() + " (" + program
                    + ") was not started in a new process group; use Command.newProcessGroup()");
        }
        if (signal == Signal.UNKNOWN) {
            throw new IllegalArgumentException("cannot send Signal.UNKNOWN");
        }
        int r = Csignal.kill(-watched.pid(), signal.number());
        if (r < 0) {
            throw new ErrnoException(-r, "kill " + signal.name(), "process group " + pid());
        }
    }

    // ---------------------------------------------------------------- views

    /**
     * This child as a {@link Process}, for code that expects one. Its streams are views of our pipe
     * ends (an empty stream for a descriptor that is not piped, as with a {@link ProcessBuilder}
     * redirect); {@code exitValue()} and {@code waitFor()} return {@link ExitStatus#shellStyleCode()},
     * the JDK's convention; {@code destroy()} sends SIGTERM and {@code destroyForcibly()} SIGKILL.
     * {@code toHandle()} is not supported: a {@link ProcessHandle} could outlive the reaping and
     * name a recycled pid. The same view is returned every time.
     */
    public Process asProcess() {
        Process v = view;
        if (v == null) {
            synchronized (this) {
                if (view == null) {
                    view = new ProcessView(this);
                }
                v = view;
            }
        }
        return v;
    }

    /** Closes our pipe ends (all of them, even if one fails); neither kills nor waits for the child. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Fd fd : pipes.values()) {
            try {
                fd.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** {@code "pid 1234 (/bin/sleep), running"} or {@code "..., exit 0"}. */
    @Override
    public String toString() {
        return "pid " + pid() + " (" + program + "), " + exitStatus().map(ExitStatus::toString).orElse("running");
    }
}
