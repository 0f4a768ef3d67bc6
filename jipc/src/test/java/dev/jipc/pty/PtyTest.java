package dev.jipc.pty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.io.Fd;
import dev.jipc.io.Pipe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pty pair itself, without a child: sides, modes, window size, end of file, bad input. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PtyTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void whatTheTerminalSideWritesTheControllerReads() throws IOException {
        try (Pty pty = Pty.open(); Fd terminal = pty.openTerminal()) {
            assertThat(pty.terminalPath().toString()).startsWith("/dev/pts/");
            assertThat(Files.exists(pty.terminalPath())).isTrue();
            assertThat(pty.controller().isNonBlocking()).isTrue();

            terminal.writeFully("hello\n".getBytes(StandardCharsets.US_ASCII));
            // ONLCR: the line discipline writes NL as CR NL.
            assertThat(readExactly(pty.controller(), 7)).isEqualTo("hello\r\n");

            pty.controller().writeFully("typed\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readExactly(terminal, 6)).isEqualTo("typed\n");
            // Echo is on in a new pty: what was typed came back to the controller too.
            assertThat(readExactly(pty.controller(), 7)).isEqualTo("typed\r\n");
        }
    }

    @Test
    void bothSidesAreTerminalsAndAPipeIsNot() throws IOException {
        try (Pty pty = Pty.open(); Fd terminal = pty.openTerminal(); Pipe pipe = Pipe.open()) {
            assertThat(Terminal.isTerminal(pty.controller())).isTrue();
            assertThat(Terminal.isTerminal(terminal)).isTrue();
            assertThat(Terminal.isTerminal(pipe.reader())).isFalse();
            assertThatThrownBy(() -> Terminal.modes(pipe.reader())).isInstanceOfSatisfying(dev.jipc.ErrnoException.class,
                    e -> assertThat(e.errno()).isEqualTo(dev.jipc.Errno.ENOTTY));
        }
    }

    @Test
    void bufferedOutputIsReadBeforeEndOfFileWhenTheTerminalSideCloses() throws IOException {
        try (Pty pty = Pty.open()) {
            try (Fd terminal = pty.openTerminal()) {
                terminal.writeFully("last words".getBytes(StandardCharsets.US_ASCII));
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[64];
            int n;
            while ((n = pty.controller().read(buf, 0, buf.length, WAIT)) >= 0) {
                got.write(buf, 0, n);
            }
            assertThat(got.toString(StandardCharsets.US_ASCII)).isEqualTo("last words");
            // End of file stays end of file (the kernel keeps answering EIO).
            assertThat(pty.controller().read(buf, 0, buf.length, WAIT)).isEqualTo(-1);
        }
    }

    @Test
    void windowSizeRoundTrips() throws IOException {
        try (Pty pty = Pty.open(); Fd terminal = pty.openTerminal()) {
            assertThat(pty.windowSize()).isEqualTo(WindowSize.DEFAULT);
            pty.setWindowSize(new WindowSize(50, 132, 1024, 768));
            assertThat(Terminal.windowSize(terminal)).isEqualTo(new WindowSize(50, 132, 1024, 768));
            pty.setWindowSize(WindowSize.of(65535, 65535));
            assertThat(pty.windowSize()).isEqualTo(WindowSize.of(65535, 65535));
        }
    }

    @Test
    void aWindowSizeOfZeroIsAllowedAndMeansUnknown() throws IOException {
        try (Pty pty = Pty.open(WindowSize.of(0, 0))) {
            assertThat(pty.windowSize()).isEqualTo(WindowSize.of(0, 0));
            pty.setWindowSize(WindowSize.of(10, 20));
            pty.setWindowSize(WindowSize.of(0, 0));
            assertThat(pty.windowSize()).isEqualTo(WindowSize.of(0, 0));
        }
    }

    @Test
    void windowSizesOutsideAnUnsignedShortAreRefused() {
        assertThatThrownBy(() -> WindowSize.of(-1, 80)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rows");
        assertThatThrownBy(() -> WindowSize.of(24, 65536)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("columns");
        assertThatThrownBy(() -> new WindowSize(24, 80, -5, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rawModeTurnsOffEchoLineEditingAndTranslation() throws IOException {
        try (Pty pty = Pty.open(); Fd terminal = pty.openTerminal()) {
            TerminalModes cooked = pty.modes();
            assertThat(cooked.echo()).isTrue();
            assertThat(cooked.canonical()).isTrue();
            assertThat(cooked.flags()).contains(TerminalFlag.ISIG, TerminalFlag.ICRNL, TerminalFlag.OPOST, TerminalFlag.ONLCR);

            try (SavedModes saved = Terminal.enterRawMode(terminal)) {
                TerminalModes raw = pty.modes();
                assertThat(raw.flags()).doesNotContain(TerminalFlag.ECHO, TerminalFlag.ICANON, TerminalFlag.ISIG,
                        TerminalFlag.ICRNL, TerminalFlag.OPOST, TerminalFlag.IXON, TerminalFlag.IEXTEN);
                assertThat(raw.controlChar(ControlChar.MIN)).isEqualTo(1);
                assertThat(raw.controlChar(ControlChar.TIME)).isZero();
                assertThat(saved.modes()).isEqualTo(cooked);

                // No echo, no NL translation, and a byte is readable without a newline.
                terminal.writeFully("a\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(readExactly(pty.controller(), 2)).isEqualTo("a\n");
                pty.controller().writeFully(new byte[] {'x'});
                assertThat(readExactly(terminal, 1)).isEqualTo("x");
            }
            assertThat(pty.modes()).isEqualTo(cooked);
        }
    }

    @Test
    void modesAreValuesThatChangeOneFlagAtATime() throws IOException {
        try (Pty pty = Pty.open()) {
            TerminalModes m = pty.modes();
            TerminalModes silent = m.withEcho(false);
            assertThat(m.echo()).isTrue();
            assertThat(silent.echo()).isFalse();
            assertThat(silent.without(TerminalFlag.ISIG).has(TerminalFlag.ISIG)).isFalse();
            assertThat(silent.with(TerminalFlag.ECHO)).isEqualTo(m);
            assertThat(m.raw().cooked().flags()).containsAll(List.of(TerminalFlag.ECHO, TerminalFlag.ICANON,
                    TerminalFlag.ISIG, TerminalFlag.ICRNL, TerminalFlag.ONLCR));
            assertThat(m.withControlChar(ControlChar.INTR, 7).controlChar(ControlChar.INTR)).isEqualTo(7);
            assertThat(m.controlChar(ControlChar.INTR)).isEqualTo(3);
            assertThat(m.controlChar(ControlChar.EOF)).isEqualTo(4);
            assertThatThrownBy(() -> m.withControlChar(ControlChar.EOF, 256)).isInstanceOf(IllegalArgumentException.class);

            pty.setModes(silent);
            assertThat(pty.modes().echo()).isFalse();
            try (SavedModes saved = pty.saveModes()) {
                pty.setModes(silent.raw());
            }
            assertThat(pty.modes()).isEqualTo(silent);
        }
    }

    @Test
    void echoOffHidesWhatIsTyped() throws IOException {
        try (Pty pty = Pty.open(); Fd terminal = pty.openTerminal()) {
            pty.setModes(pty.modes().withEcho(false));
            pty.controller().writeFully("secret\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readExactly(terminal, 7)).isEqualTo("secret\n");
            terminal.writeFully("ok\n".getBytes(StandardCharsets.US_ASCII));
            // Only the program's own output comes back, not the typed secret.
            assertThat(readExactly(pty.controller(), 4)).isEqualTo("ok\r\n");
        }
    }

    @Test
    void aClosedPtyRefusesEverything() throws IOException {
        Pty pty = Pty.open();
        pty.close();
        pty.close(); // idempotent
        assertThat(pty.isClosed()).isTrue();
        assertThat(pty.toString()).endsWith("closed");
        assertThatThrownBy(pty::windowSize).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> pty.setWindowSize(WindowSize.DEFAULT)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(pty::modes).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(pty::openTerminal).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> pty.controller().read(new byte[1])).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> pty.controller().write(new byte[1], 0, 1)).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void aReaderParkedOnTheControllerWakesWhenItIsClosed() throws Exception {
        Pty pty = Pty.open();
        var failure = new java.util.concurrent.CompletableFuture<Throwable>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                pty.controller().read(new byte[16]);
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
        });
        while (reader.getState() != Thread.State.WAITING && reader.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(5);
        }
        pty.close();
        assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(java.nio.channels.AsynchronousCloseException.class);
    }

    @Test
    void twoHundredPtysOpenAtOnceAndAllClose() throws IOException {
        List<Pty> ptys = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                ptys.add(Pty.open());
            }
            assertThat(ptys.stream().map(Pty::terminalPath).distinct()).hasSize(200);
        } finally {
            for (Pty p : ptys) {
                p.close();
            }
        }
        // The leak guard checks after the class that no descriptor is left behind.
        assertThat(ptys).allMatch(Pty::isClosed);
    }

    static String readExactly(Fd fd, int n) throws IOException {
        byte[] buf = new byte[n];
        int got = 0;
        while (got < n) {
            int r = fd.read(buf, got, n - got, WAIT);
            if (r < 0) {
                break;
            }
            got += r;
        }
        return new String(buf, 0, got, StandardCharsets.ISO_8859_1);
    }
}
