package dev.jipc.pty;

import dev.jipc.io.Fd;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A terminal's modes as they were when saved; {@link #close()} writes them back. The Java form of
 * the shell's {@code old=$(stty -g); ...; stty "$old"}, made for try-with-resources:
 *
 * <pre>{@code
 * try (SavedModes saved = Terminal.enterRawMode(tty)) {
 *     ... // every key arrives at once, unechoed
 * } // the terminal is cooked again, even after an exception
 * }</pre>
 */
public final class SavedModes implements AutoCloseable {
    private final Fd fd;
    private final TerminalModes modes;
    private final AtomicBoolean restored = new AtomicBoolean();

    SavedModes(Fd fd, TerminalModes modes) {
        this.fd = fd;
        this.modes = modes;
    }

    /** The modes that were saved, and that {@link #close()} restores. */
    public TerminalModes modes() {
        return modes;
    }

    /** Writes the saved modes back now; the terminal may be changed again afterwards. */
    public void restore() throws IOException {
        Terminal.setModes(fd, modes);
    }

    /**
     * Restores the saved modes, once; later calls do nothing. Nothing is done if the descriptor has
     * been closed in the meantime: the terminal is then no longer ours to restore.
     */
    @Override
    public void close() throws IOException {
        if (restored.compareAndSet(false, true) && !fd.isClosed()) {
            restore();
        }
    }
}
