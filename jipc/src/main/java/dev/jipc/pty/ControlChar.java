package dev.jipc.pty;

import dev.jipc.internal.PlatformConstants;
import java.util.function.ToIntFunction;

/**
 * A slot of the {@code c_cc} array of {@code struct termios}: the special characters of the line
 * discipline, and the two numbers ({@link #MIN}, {@link #TIME}) that shape reads in non-canonical
 * mode.
 */
public enum ControlChar {
    /** VINTR: sends SIGINT (Ctrl-C by default). */
    INTR(PlatformConstants::VINTR),
    /** VQUIT: sends SIGQUIT (Ctrl-\). */
    QUIT(PlatformConstants::VQUIT),
    /** VERASE: erases a character (DEL or Ctrl-H). */
    ERASE(PlatformConstants::VERASE),
    /** VKILL: erases the line (Ctrl-U). */
    KILL(PlatformConstants::VKILL),
    /** VEOF: end of file at the start of a line (Ctrl-D). */
    EOF(PlatformConstants::VEOF),
    /** VTIME: in non-canonical mode, the read timeout in tenths of a second. */
    TIME(PlatformConstants::VTIME),
    /** VMIN: in non-canonical mode, the fewest bytes a read waits for. */
    MIN(PlatformConstants::VMIN),
    /** VSTART: restarts output (Ctrl-Q). */
    START(PlatformConstants::VSTART),
    /** VSTOP: stops output (Ctrl-S). */
    STOP(PlatformConstants::VSTOP),
    /** VSUSP: sends SIGTSTP (Ctrl-Z). */
    SUSP(PlatformConstants::VSUSP),
    /** VEOL: an extra end-of-line character. */
    EOL(PlatformConstants::VEOL),
    /** VREPRINT: reprints the line (Ctrl-R). */
    REPRINT(PlatformConstants::VREPRINT),
    /** VWERASE: erases a word (Ctrl-W). */
    WERASE(PlatformConstants::VWERASE),
    /** VLNEXT: takes the next character literally (Ctrl-V). */
    LNEXT(PlatformConstants::VLNEXT);

    private final int index;

    ControlChar(ToIntFunction<PlatformConstants> index) {
        this.index = index.applyAsInt(PlatformConstants.current());
    }

    /** The slot's index in {@code c_cc} on this platform. */
    public int index() {
        return index;
    }
}
