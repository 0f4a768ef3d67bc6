package dev.jipc.pty;

import dev.jipc.TimedOutException;
import dev.jipc.internal.Descriptors;
import dev.jipc.internal.Fcntl;
import dev.jipc.internal.PlatformConstants;
import dev.jipc.io.Fd;
import dev.jipc.signal.Registration;
import dev.jipc.signal.Signal;
import dev.jipc.signal.Signals;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.AsynchronousCloseException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The relay behind {@link Expect#interact}: program output to the user on the calling thread, user
 * input to the program on a platform thread of its own.
 *
 * <p>The user's input may be a blocking descriptor (a copy of the JVM's fd 0 is one). Its reads are
 * made with a timeout, which makes {@link Fd} wait for readiness on the poller before reading, so
 * interrupting the input thread stops it; a read with no timeout would sit in the kernel, beyond
 * reach. The two threads end each other by interruption, in a fixed order, and the calling thread
 * never keeps an interrupt it did not have before.
 */
final class Interaction {
    /** Ctrl-], the escape character of telnet and pexpect. */
    static final int DEFAULT_ESCAPE = 0x1d;

    private static final PlatformConstants C = PlatformConstants.current();
    /** "Forever" that still waits on the poller (see the class comment). */
    private static final Duration LONG_WAIT = Duration.ofDays(3650);

    private static final int RUNNING = 0;
    private static final int ESCAPED = 1;
    private static final int FINISHED = 2;

    private final Expect expect;
    private final Fd userIn;
    private final Fd userOut;
    private final int escape;
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final AtomicReference<IOException> inputFailure = new AtomicReference<>();

    Interaction(Expect expect, Fd userIn, Fd userOut, int escape) {
        this.expect = expect;
        this.userIn = userIn;
        this.userOut = userOut;
        this.escape = escape;
    }

    /** Interacts through copies of the JVM's stdin and stdout, closed afterwards (the originals stay). */
    static void withStandardStreams(Expect expect, int escape) throws IOException {
        try (Fd in = copyOf(0, "stdin"); Fd out = copyOf(1, "stdout")) {
            new Interaction(expect, in, out, escape).run();
        }
    }

    private static Fd copyOf(int fd, String name) throws IOException {
        int copy = Descriptors.check(Fcntl.fcntl(fd, C.F_DUPFD_CLOEXEC(), 3), "fcntl F_DUPFD_CLOEXEC", name);
        return Fd.adopt(copy, "copy of " + name);
    }

    void run() throws IOException {
        boolean userTerminal = Terminal.isTerminal(userIn);
        boolean programTerminal = Terminal.isTerminal(expect.fromProgram());
        Registration winch = null;
        SavedModes saved = null;
        try {
            // The size first: once the user's terminal is raw, keys may already be on their way to a
            // program that asks for its size.
            if (userTerminal && programTerminal) {
                copyWindowSize();
                winch = Signals.handle(Signal.SIGWINCH, s -> copyWindowSize());
            }
            if (userTerminal) {
                saved = Terminal.enterRawMode(userIn);
            }
            byte[] pending = expect.drainBuffer();
            if (pending.length > 0) {
                userOut.writeFully(pending);
            }
            Thread caller = Thread.currentThread();
            Thread input = Thread.ofPlatform().daemon().name("jipc-interact-input")
                    .start(() -> relayInput(caller, programTerminal));
            try {
                relayOutput();
            } finally {
                finish(input);
            }
            IOException failed = inputFailure.get();
            if (failed != null) {
                throw failed;
            }
        } finally {
            try {
                if (saved != null) {
                    saved.close();
                }
            } finally {
                if (winch != null) {
                    winch.close();
                }
            }
        }
    }

    private void copyWindowSize() throws IOException {
        WindowSize size = Terminal.windowSize(userIn);
        if (!size.equals(Terminal.windowSize(expect.fromProgram()))) {
            Terminal.setWindowSize(expect.fromProgram(), size);
        }
    }

    /** Program to user, until end of file or the input thread reports the escape key. */
    private void relayOutput() throws IOException {
        byte[] buf = new byte[16 * 1024];
        Fd from = expect.fromProgram();
        try {
            while (true) {
                int n = from.read(buf);
                if (n < 0) {
                    expect.markEof();
                    return;
                }
                expect.copyToTranscript(buf, 0, n);
                userOut.writeFully(buf, 0, n);
            }
        } catch (InterruptedIOException e) {
            // The escape key's interrupt may land in the read or in the write to the user.
            if (state.get() != ESCAPED) {
                throw e;
            }
        }
    }

    /** User to program; stops at the escape key (waking the caller), end of input, or interruption. */
    private void relayInput(Thread caller, boolean programTerminal) {
        byte[] buf = new byte[4096];
        try {
            while (state.get() == RUNNING) {
                int n;
                try {
                    n = userIn.read(buf, 0, buf.length, LONG_WAIT);
                } catch (TimedOutException e) {
                    continue;
                }
                if (n < 0) {
                    if (programTerminal) {
                        expect.sendEof();
                    }
                    return;
                }
                int at = indexOfEscape(buf, n);
                if (at >= 0) {
                    if (at > 0) {
                        expect.toProgram().writeFully(buf, 0, at);
                    }
                    if (state.compareAndSet(RUNNING, ESCAPED)) {
                        caller.interrupt();
                    }
                    return;
                }
                expect.toProgram().writeFully(buf, 0, n);
            }
        } catch (InterruptedIOException | AsynchronousCloseException stopped) {
            // The output side ended the interaction.
        } catch (IOException e) {
            if (state.get() == RUNNING) {
                inputFailure.set(e);
            }
        }
    }

    private int indexOfEscape(byte[] buf, int n) {
        if (escape < 0) {
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if ((buf[i] & 0xff) == escape) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Stops the input thread and waits for it. If it escaped, its interrupt of this thread is (or is
     * about to be) pending: wait for the thread, then clear that interrupt, which was ours to take.
     */
    private void finish(Thread input) throws InterruptedIOException {
        boolean escaped = !state.compareAndSet(RUNNING, FINISHED);
        input.interrupt();
        boolean interrupted = false;
        while (true) {
            try {
                input.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (escaped) {
            Thread.interrupted();
        } else if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
