package dev.jipc.pty;

import dev.jipc.ErrnoException;
import dev.jipc.internal.Ioctl;
import dev.jipc.internal.PlatformConstants;
import dev.jipc.internal.TerminalConstants;
import dev.jipc.internal.Termios;
import dev.jipc.io.Fd;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;
import java.util.Optional;

/**
 * What can be done to any terminal descriptor: the controller side of a {@link Pty}, a terminal side
 * opened by path, or this process's own terminal ({@link Fd#adopt} of a copy of fd 0).
 *
 * <p>On a pseudo-terminal the modes and the window size belong to the terminal side; asked through
 * the controller side, the kernel answers for the terminal side, so a parent can set up the terminal
 * its child will see.
 */
public final class Terminal {
    private Terminal() {}

    private static final PlatformConstants C = PlatformConstants.current();
    private static final TerminalConstants T = C.terminal();

    /** Whether {@code fd} is a terminal ({@code isatty}); false for a pipe, socket or file. */
    public static boolean isTerminal(Fd fd) throws IOException {
        int n = number(fd);
        return Termios.tcgetattr(n, new byte[T.SIZEOF_TERMIOS()]) == 0;
    }

    /**
     * The terminal's current modes ({@code tcgetattr}).
     *
     * @throws ErrnoException ENOTTY if {@code fd} is no terminal
     */
    public static TerminalModes modes(Fd fd) throws IOException {
        byte[] t = new byte[T.SIZEOF_TERMIOS()];
        check(Termios.tcgetattr(number(fd), t), "tcgetattr", fd);
        return new TerminalModes(t);
    }

    /**
     * Sets the modes at once ({@code tcsetattr TCSANOW}): output not yet written out and input not
     * yet read stay queued.
     *
     * @throws ErrnoException ENOTTY if {@code fd} is no terminal
     */
    public static void setModes(Fd fd, TerminalModes modes) throws IOException {
        Objects.requireNonNull(modes, "modes");
        check(Termios.tcsetattr(number(fd), T.TCSANOW(), modes.bytes()), "tcsetattr", fd);
    }

    /**
     * Reads the modes so that closing the result puts them back: a try-with-resources block that
     * changes the terminal and always leaves it as it found it.
     */
    public static SavedModes save(Fd fd) throws IOException {
        return new SavedModes(fd, modes(fd));
    }

    /**
     * Saves the modes and switches to {@link TerminalModes#raw() raw} mode; closing the result
     * restores them. What an interactive relay does to the user's own terminal, so every key goes
     * through untouched.
     */
    public static SavedModes enterRawMode(Fd fd) throws IOException {
        SavedModes saved = save(fd);
        setModes(fd, saved.modes().raw());
        return saved;
    }

    /** The window size ({@code TIOCGWINSZ}); all zeros when nobody has set one. */
    public static WindowSize windowSize(Fd fd) throws IOException {
        int[] s = new int[4];
        check(Ioctl.getWindowSize(number(fd), s), "ioctl TIOCGWINSZ", fd);
        return new WindowSize(s[0], s[1], s[2], s[3]);
    }

    /**
     * The window size of this process's standard input (fd 0) if that is a terminal: the size a
     * relay such as {@code script(1)} starts its child with. Empty when fd 0 is no terminal.
     */
    public static Optional<WindowSize> standardInputWindowSize() {
        int[] s = new int[4];
        return Ioctl.getWindowSize(0, s) == 0 ? Optional.of(new WindowSize(s[0], s[1], s[2], s[3])) : Optional.empty();
    }

    /**
     * Sets the window size ({@code TIOCSWINSZ}); when it changes, the kernel sends SIGWINCH to the
     * terminal's foreground process group, which is how a full-screen program learns to redraw.
     */
    public static void setWindowSize(Fd fd, WindowSize size) throws IOException {
        Objects.requireNonNull(size, "size");
        check(Ioctl.setWindowSize(number(fd), size.rows(), size.columns(), size.xPixels(), size.yPixels()),
                "ioctl TIOCSWINSZ", fd);
    }

    /**
     * The terminal's foreground process group ({@code tcgetpgrp}): the group that Ctrl-C and
     * SIGWINCH reach. 0 on a pseudo-terminal no session has taken as its controlling terminal yet.
     */
    public static long foregroundProcessGroup(Fd fd) throws IOException {
        int r = Ioctl.foregroundGroup(number(fd));
        check(r, "ioctl TIOCGPGRP", fd);
        return r;
    }

    private static int number(Fd fd) throws ClosedChannelException {
        Objects.requireNonNull(fd, "fd");
        if (fd.isClosed()) {
            throw new ClosedChannelException();
        }
        return fd.number();
    }

    private static void check(int r, String call, Fd fd) throws ErrnoException {
        if (r < 0) {
            throw new ErrnoException(-r, call, fd.toString());
        }
    }
}
