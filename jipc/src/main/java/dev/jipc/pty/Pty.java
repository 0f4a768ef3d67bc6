package dev.jipc.pty;

import dev.jipc.ErrnoException;
import dev.jipc.internal.Fcntl;
import dev.jipc.internal.PlatformConstants;
import dev.jipc.internal.Stdlib;
import dev.jipc.internal.Terminals;
import dev.jipc.internal.Unistd;
import dev.jipc.io.Fd;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A pseudo-terminal: a pair of connected devices, where whatever a program writes to the
 * <em>terminal side</em> ({@code /dev/pts/N}) can be read from the <em>controller side</em>, and
 * whatever is written to the controller side arrives as if typed on a keyboard.
 *
 * <h2>Why</h2>
 * A program talking to a pipe is not talking to a person: its C library buffers output in blocks
 * until exit, and interactive programs turn off their prompts. Started with a pty as its terminal
 * ({@link dev.jipc.process.Command#terminal(Pty)}), the same program sees {@code isatty} true,
 * flushes every line, prompts, and takes Ctrl-C as SIGINT. {@link Expect} then holds the
 * conversation.
 *
 * <h2>The two sides</h2>
 * {@link #controller()} is an {@link Fd} like any other: non-blocking, so reads park the thread on
 * jipc's poller, usable with {@link dev.jipc.io.Readiness} alongside pipes and sockets. When the last
 * holder of the terminal side closes it (the child exited), reads deliver what the child wrote
 * before, then end of file. The terminal side is opened by path: by the child, when it is spawned on
 * this pty, or by {@link #openTerminal()}. The modes and window size asked for through either side
 * are the terminal side's.
 *
 * <p>The pair is opened as {@code posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)}, {@code grantpt},
 * {@code unlockpt}, {@code ptsname_r}: O_NOCTTY so that opening it never makes it the JVM's own
 * controlling terminal, O_CLOEXEC so that no child inherits the controller side by accident.
 * {@link #close()} closes the controller side, which hangs up the terminal: a child still running
 * on it gets SIGHUP.
 */
public final class Pty implements Closeable {
    private static final PlatformConstants C = PlatformConstants.current();

    private final Fd controller;
    private final Path terminalPath;

    private Pty(Fd controller, Path terminalPath) {
        this.controller = controller;
        this.terminalPath = terminalPath;
    }

    /** A new pseudo-terminal of {@link WindowSize#DEFAULT} (24 by 80), in cooked mode with echo. */
    public static Pty open() throws IOException {
        return open(WindowSize.DEFAULT);
    }

    /** A new pseudo-terminal of the given window size (all zeros leaves the size unknown). */
    public static Pty open(WindowSize size) throws IOException {
        Objects.requireNonNull(size, "size");
        int fd = Stdlib.posixOpenpt(C.O_RDWR() | C.O_NOCTTY() | C.O_CLOEXEC() | C.O_NONBLOCK());
        if (fd < 0) {
            throw new ErrnoException(-fd, "posix_openpt", "/dev/ptmx");
        }
        boolean ok = false;
        try {
            check(Stdlib.grantpt(fd), "grantpt", fd);
            check(Stdlib.unlockpt(fd), "unlockpt", fd);
            String path = Terminals.terminalPath(fd, "pty controller (fd " + fd + ")");
            Fd controller = Fd.adopt(fd, "pty controller for " + path);
            ok = true;
            Pty pty = new Pty(controller, Path.of(path));
            try {
                if (!size.equals(new WindowSize(0, 0, 0, 0))) {
                    pty.setWindowSize(size);
                }
            } catch (IOException | RuntimeException e) {
                pty.close();
                throw e;
            }
            return pty;
        } finally {
            if (!ok) {
                Unistd.close(fd);
            }
        }
    }

    private static void check(int r, String call, int fd) throws ErrnoException {
        if (r < 0) {
            throw new ErrnoException(-r, call, "pty controller (fd " + fd + ")");
        }
    }

    /** The controller side: read what the program writes, write what it should read. */
    public Fd controller() {
        return controller;
    }

    /** The terminal side's path, {@code /dev/pts/N}; it exists while the controller side is open. */
    public Path terminalPath() {
        return terminalPath;
    }

    /**
     * Opens the terminal side in this process: non-blocking, close-on-exec and O_NOCTTY (it never
     * becomes the JVM's controlling terminal). For using a pty without a child, or handing the
     * terminal to a child as a plain descriptor. Closing it, once nothing else holds the terminal
     * side, makes the controller side read end of file.
     *
     * @throws java.nio.channels.ClosedChannelException if this pty is closed
     */
    public Fd openTerminal() throws IOException {
        ensureOpen();
        String p = terminalPath.toString();
        int fd = Fcntl.open(p, C.O_RDWR() | C.O_NOCTTY() | C.O_CLOEXEC() | C.O_NONBLOCK(), 0);
        if (fd < 0) {
            throw new ErrnoException(-fd, "open terminal side", p);
        }
        return Fd.adopt(fd, "pty terminal " + p);
    }

    /** The window size; see {@link Terminal#windowSize}. */
    public WindowSize windowSize() throws IOException {
        return Terminal.windowSize(controller);
    }

    /** Sets the window size; a child on this terminal gets SIGWINCH. See {@link Terminal#setWindowSize}. */
    public void setWindowSize(WindowSize size) throws IOException {
        Terminal.setWindowSize(controller, size);
    }

    /** The terminal side's modes. */
    public TerminalModes modes() throws IOException {
        return Terminal.modes(controller);
    }

    /** Sets the terminal side's modes at once. */
    public void setModes(TerminalModes modes) throws IOException {
        Terminal.setModes(controller, modes);
    }

    /** Saves the modes; closing the result restores them. */
    public SavedModes saveModes() throws IOException {
        return Terminal.save(controller);
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return controller.isClosed();
    }

    /**
     * Checks that the controller side is still open, for code that is about to hand the terminal
     * side's path to a child.
     *
     * @throws java.nio.channels.ClosedChannelException if it is closed
     */
    public void ensureOpen() throws IOException {
        if (controller.isClosed()) {
            throw new java.nio.channels.ClosedChannelException();
        }
    }

    /**
     * Closes the controller side; idempotent. The terminal side is hung up: programs still running
     * on it get SIGHUP, and their reads and writes on it fail from then on.
     */
    @Override
    public void close() throws IOException {
        controller.close();
    }

    /** {@code "pty /dev/pts/3"}, with {@code ", closed"} once closed. */
    @Override
    public String toString() {
        return "pty " + terminalPath + (isClosed() ? ", closed" : "");
    }
}
