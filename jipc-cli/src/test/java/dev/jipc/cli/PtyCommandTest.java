package dev.jipc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import dev.jipc.process.Redirect;
import dev.jipc.pty.Expect;
import dev.jipc.pty.Expectation;
import dev.jipc.pty.Match;
import dev.jipc.pty.WindowSize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code jipc pty}: run in a child JVM, since it relays the JVM's own fd 0 and 1; once with pipes for
 * those, once on a pty of ours, which makes our side a terminal (raw mode, window size, SIGWINCH).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PtyCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static List<String> jipc(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        argv.addAll(List.of(args));
        return argv;
    }

    @Test
    void withPipedStdinTheCommandSeesATerminalGetsTheInputThenEndOfFileAndItsStatusIsOurs() throws IOException {
        Command cli = Command.of(jipc("pty", "--", "sh", "-c", "test -t 0 && test -t 1 && echo on-a-tty; cat; exit 3"))
                .stdin(Redirect.pipe()).stdout(Redirect.pipe());
        try (ChildProcess c = cli.start()) {
            c.stdin().writeFully("hello\n".getBytes(StandardCharsets.US_ASCII));
            c.stdin().close(); // relayed as the terminal's ^D: cat ends
            String out = new String(c.stdout().inputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(c.waitFor(WAIT)).isEqualTo(new ExitStatus.Exited(3));
            assertThat(out).contains("on-a-tty\r\n");
            // The terminal's echo (whenever the relay passed the line on) and cat's copy.
            assertThat(out.split("hello\r\n", -1)).hasSize(3);
        }
    }

    @Test
    void onATerminalOurSideIsRawAndTheWindowSizeFollowsOurs() throws IOException {
        // SIGWINCH is blocked before "started" and taken with sigwait, so one sent at any moment is seen:
        // a handler could run late if the signal landed just before a blocking read began.
        String script = "import os, signal, sys\n"
                + "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGWINCH})\n"
                + "print('started', *os.get_terminal_size(0), flush=True)\n"
                + "signal.sigwait({signal.SIGWINCH})\n"
                + "print('resized', *os.get_terminal_size(0), flush=True)\n"
                + "sys.stdin.readline()\n"
                + "sys.exit(5)\n";
        try (Expect outer = Expect.spawn(Command.of(jipc("pty", "--", "python3", "-c", script)), WindowSize.of(30, 90))
                .timeout(WAIT)) {
            // The command starts with our size, not a default one.
            outer.expect("started 90 30\r\n");
            // The relay is running: our terminal (the outer pty) is in raw mode, and our size reaches the inner one.
            assertThat(outer.pty().modes().canonical()).isFalse();
            assertThat(outer.pty().modes().echo()).isFalse();
            outer.pty().setWindowSize(WindowSize.of(50, 120));
            outer.expect("resized 120 50\r\n");
            outer.sendLine("done");
            Match end = outer.expect(Expectation.eof());
            assertThat(end.exitStatus()).contains(new ExitStatus.Exited(5));
        }
    }

    @Test
    void aProgramThatCannotBeRunIsReportedWithItsErrno() {
        CliRun run = CliRun.of("pty", "--", "/nonexistent/program");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("jipc pty:", "ENOENT", "/nonexistent/program");
    }

    @Test
    void aCommandIsRequired() {
        CliRun run = CliRun.of("pty");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("CMD");
    }
}
