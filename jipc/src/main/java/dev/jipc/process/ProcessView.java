package dev.jipc.process;

import dev.jipc.signal.Signal;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@link ChildProcess#asProcess()}: a {@link Process} backed by a child of ours. */
final class ProcessView extends Process {
    private final ChildProcess child;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;

    ProcessView(ChildProcess child) {
        this.child = child;
        this.stdin = child.isPiped(0) ? child.stdin().outputStream() : OutputStream.nullOutputStream();
        this.stdout = child.isPiped(1) ? child.stdout().inputStream() : InputStream.nullInputStream();
        this.stderr = child.isPiped(2) ? child.stderr().inputStream() : InputStream.nullInputStream();
    }

    @Override
    public OutputStream getOutputStream() {
        return stdin;
    }

    @Override
    public InputStream getInputStream() {
        return stdout;
    }

    @Override
    public InputStream getErrorStream() {
        return stderr;
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return child.waitFor().shellStyleCode();
        } catch (InterruptedIOException e) {
            Thread.interrupted();
            throw new InterruptedException(e.getMessage());
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            child.onExit().get(Math.max(0, timeout), unit);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public int exitValue() {
        return child.exitStatus()
                .orElseThrow(() -> new IllegalThreadStateException("process " + child.pid() + " has not exited"))
                .shellStyleCode();
    }

    @Override
    public void destroy() {
        send(Signal.SIGTERM);
    }

    @Override
    public Process destroyForcibly() {
        send(Signal.SIGKILL);
        return this;
    }

    private void send(Signal s) {
        try {
            child.signal(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    @Override
    public boolean isAlive() {
        return child.isAlive();
    }

    @Override
    public long pid() {
        return child.pid();
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return child.onExit().thenApply(s -> this);
    }

    @Override
    public ProcessHandle toHandle() {
        throw new UnsupportedOperationException("a jipc child has no ProcessHandle: one could outlive the reaping"
                + " and name a recycled pid; use ChildProcess");
    }

    @Override
    public String toString() {
        return child.toString();
    }
}
