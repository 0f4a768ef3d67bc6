package dev.jipc.pty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import dev.jipc.process.Redirect;
import dev.jipc.signal.Signal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Children started on a pty: session, controlling terminal, job-control signals, output after exit. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PtyChildTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void theChildSeesATerminalOnEveryStandardStreamAndLeadsItsSession() throws IOException {
        // In the child: isatty on 0, 1, 2; its own session; the pty as controlling terminal (/dev/tty
        // opens); its group in the foreground.
        String script = "import os\n"
                + "print(os.isatty(0), os.isatty(1), os.isatty(2), os.getsid(0) == os.getpid(),"
                + " os.tcgetpgrp(0) == os.getpgrp(), os.ttyname(0))\n"
                + "os.close(os.open('/dev/tty', os.O_RDWR))\n";
        try (Pty pty = Pty.open()) {
            ChildProcess child = Command.of("python3", "-c", script).terminal(pty).start();
            String out = readToEnd(pty);
            assertThat(child.waitFor(WAIT)).isEqualTo(new ExitStatus.Exited(0));
            assertThat(out).isEqualTo("True True True True True " + pty.terminalPath() + "\r\n");
        }
    }

    @Test
    void everythingWrittenBeforeExitIsReadThenEndOfFile() throws IOException {
        // More than the pty buffer holds, so the child exits only after we have read part of it.
        try (Pty pty = Pty.open()) {
            pty.setModes(pty.modes().without(TerminalFlag.OPOST));
            ChildProcess child = Command.of("head", "-c", "300000", "/dev/zero").terminal(pty).start();
            assertThat(readToEnd(pty)).hasSize(300_000);
            assertThat(child.waitFor(WAIT).success()).isTrue();
        }
    }

    @Test
    void ctrlCWrittenToTheControllerIsSigintForTheForegroundGroup() throws IOException {
        try (Expect e = Expect.spawn(Command.of("sh", "-c", "echo ready; exec sleep 100"))) {
            e.expect("ready");
            e.sendControl('c');
            assertThat(e.child().waitFor(WAIT)).isEqualTo(new ExitStatus.Signaled(Signal.SIGINT, false));
        }
    }

    @Test
    void aWindowSizeChangeReachesTheChildAsSigwinch() throws IOException {
        // SIGWINCH is blocked before "ready" and taken with sigwait, so one sent at any moment is seen:
        // a handler could run late if the signal landed just before a blocking read began.
        String script = "import signal, os\n"
                + "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGWINCH})\n"
                + "print('ready', flush=True)\n"
                + "signal.sigwait({signal.SIGWINCH})\n"
                + "print('size', os.get_terminal_size(0).lines, os.get_terminal_size(0).columns, flush=True)\n";
        try (Expect e = Expect.spawn(Command.of("python3", "-c", script), WindowSize.of(24, 80))) {
            e.expect("ready");
            e.pty().setWindowSize(WindowSize.of(40, 100));
            e.expect("size 40 100");
            assertThat(e.expect(Duration.ofSeconds(20), Expectation.eof()).exitStatus()).contains(new ExitStatus.Exited(0));
        }
    }

    @Test
    void aChildSeesAZeroWindowSizeAsSuch() throws IOException {
        try (Expect e = Expect.spawn(Command.of("stty", "size"), WindowSize.of(0, 0))) {
            Match m = e.expect(Duration.ofSeconds(20), Expectation.eof());
            assertThat(m.before()).isEqualTo("0 0\r\n");
            assertThat(m.exitStatus()).contains(new ExitStatus.Exited(0));
        }
    }

    @Test
    void redirectsStillApplyOnTopOfTheTerminal() throws IOException {
        try (Pty pty = Pty.open()) {
            ChildProcess child = Command.of("sh", "-c", "test -t 0 && echo in-tty >&2; test -t 1 || echo out-pipe >&2; echo to-pipe")
                    .terminal(pty).stdout(Redirect.pipe()).start();
            try (child) {
                byte[] all = child.stdout().inputStream().readAllBytes();
                assertThat(new String(all, StandardCharsets.UTF_8)).isEqualTo("to-pipe\n");
                assertThat(readToEnd(pty)).isEqualTo("in-tty\r\nout-pipe\r\n");
                assertThat(child.waitFor(WAIT).success()).isTrue();
            }
        }
    }

    @Test
    void aClosedPtyCannotBeGivenToAChild() throws IOException {
        Pty pty = Pty.open();
        pty.close();
        Command c = Command.of("true").terminal(pty);
        assertThat(c.startsNewSession()).isTrue();
        assertThat(c.terminal()).contains(pty);
        assertThatThrownBy(c::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void closingThePtyHangsUpTheChild() throws IOException {
        Pty pty = Pty.open();
        ChildProcess child = Command.of("sleep", "100").terminal(pty).start();
        pty.close();
        assertThat(child.waitFor(WAIT)).isEqualTo(new ExitStatus.Signaled(Signal.SIGHUP, false));
    }

    static String readToEnd(Pty pty) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = pty.controller().read(buf, 0, buf.length, WAIT)) >= 0) {
            got.write(buf, 0, n);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }
}
