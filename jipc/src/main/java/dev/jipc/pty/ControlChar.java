package dev.jipc.pty;

import dev.jipc.internal.PlatformConstants;
import dev.jipc.internal.TerminalConstants;
import java.util.function.ToIntFunction;

/**
 * A slot of the {@code c_cc} array of {@code struct termios}: the special characters of the line
 * discipline, and the two numbers ({@link #MIN}, {@link #TIME}) that shape reads in non-canonical
 * mode.
 */
public enum ControlChar {
    /** VINTR: sends SIGINT (Ctrl-C by default). */
    INTR(TerminalConstants::VINTR),
    /** VQUIT: sends SIGQUIT (Ctrl-\). */
    QUIT(TerminalConstants::VQUIT),
    /** VERASE: erases a character (DEL or Ctrl-H). */
    ERASE(TerminalConstants::VERASE),
    /** VKILL: erases the line (Ctrl-U). */
    KILL(TerminalConstants::VKILL),
    /** VEOF: end of file at the start of a line (Ctrl-D). */
    EOF(TerminalConstants::VEOF),
    /** VTIME: in non-canonical mode, the read timeout in tenths of a second. */
    TIME(TerminalConstants::VTIME),
    /** VMIN: in non-canonical mode, the fewest bytes a read waits for. */
    MIN(TerminalConstants::VMIN),
    /** VSTART: restarts output (Ctrl-Q). */
    START(TerminalConstants::VSTART),
    /** VSTOP: stops output (Ctrl-S). */
    STOP(TerminalConstants::VSTOP),
    /** VSUSP: sends SIGTSTP (Ctrl-Z). */
    SUSP(TerminalConstants::VSUSP),
    /** VEOL: an extra end-of-line character. */
    EOL(TerminalConstants::VEOL),
    /** VREPRINT: reprints the line (Ctrl-R). */
    REPRINT(TerminalConstants::VREPRINT),
    /** VWERASE: erases a word (Ctrl-W). */
    WERASE(TerminalConstants::VWERASE),
    /** VLNEXT: takes the next character literally (Ctrl-V). */
    LNEXT(TerminalConstants::VLNEXT);

    private final int index;

    ControlChar(ToIntFunction<TerminalConstants> index) {
        this.index = index.applyAsInt(PlatformConstants.current().terminal());
    }

    /** The slot's index in {@code c_cc} on this platform. */
    public int index() {
        return index;
    }
}
