package dev.jipc.pty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jipc.io.Fd;
import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pseudo-terminal section of docs/cookbook.md, each snippet compiled and run. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CookbookPtyTest {
    @Test
    void theBufferingProblemAnsweredWithAPty() throws IOException {
        Match m;
        Optional<ExitStatus> status;
        // snippet: pty-expect
        try (Expect filter = Expect.spawn(Command.of("perl", "-ne", "print uc"))) {   // no $|: buffers on a pipe
            filter.sendLine("hello");
            m = filter.expect(Duration.ofSeconds(5), Expectation.literal("HELLO\r\n"));
            System.out.print(m.before());        // hello\r\n: the terminal's echo of what we sent
            filter.sendEof();                    // Ctrl-D: end of input for a line-at-a-time reader
            status = filter.expect(Expectation.eof()).exitStatus();   // Optional[exit 0]
        }
        // end snippet
        assertThat(m.before()).isEqualTo("hello\r\n");
        assertThat(status).contains(new ExitStatus.Exited(0));
    }

    @Test
    void severalOutcomesAtOnce() throws IOException {
        String said = null;
        Command login = Command.of("sh", "-c", "printf 'login: '; read u; printf 'Password: '; stty -echo; read p; "
                + "stty echo; echo; [ \"$p\" = secret ] && echo \"welcome $u\" || { echo denied; exit 1; }");
        // snippet: expect-outcomes
        try (Expect session = Expect.spawn(login).timeout(Duration.ofSeconds(10))) {
            session.expect("login: ");
            session.sendLine("alice");
            session.expect("Password: ");
            session.sendLine("secret");                // the program turned echo off: not echoed
            Match m = session.expect(
                    Expectation.regex("welcome (\\w+)"),
                    Expectation.literal("denied"),
                    Expectation.eof(),
                    Expectation.timeout());
            switch (m.expectation()) {
                case Expectation.Regex r -> said = "logged in as " + m.group(1);
                case Expectation.Literal l -> said = "wrong password";
                case Expectation.Eof e -> said = "gone: " + m.exitStatus() + ", said " + m.before();
                case Expectation.Timeout t -> said = "no answer; so far: " + m.before();
            }
        }
        // end snippet
        assertThat(said).isEqualTo("logged in as alice");
    }

    @Test
    void aPtyByHand() throws IOException {
        String output;
        ExitStatus status;
        // snippet: pty-by-hand
        try (Pty pty = Pty.open(WindowSize.of(40, 120))) {
            ChildProcess child = Command.of("sh", "-c", "stty size; tty").terminal(pty).start();
            output = new String(pty.controller().inputStream().readAllBytes(), StandardCharsets.UTF_8);
            status = child.waitFor();   // the read ended when the child's side of the terminal closed
        }
        System.out.print(output);       // 40 120\r\n/dev/pts/N\r\n
        // end snippet
        assertThat(output).matches("40 120\r\n/dev/pts/\\d+\r\n");
        assertThat(status.success()).isTrue();
    }

    @Test
    void modesAndRestore() throws IOException {
        try (Pty pty = Pty.open(); Fd tty = pty.openTerminal()) {
            TerminalModes before = pty.modes();
            // snippet: terminal-modes
            try (SavedModes saved = Terminal.save(tty)) {
                Terminal.setModes(tty, saved.modes().withEcho(false));   // read a password unechoed
                // ...
            }                                                            // echo is back, whatever happened
            // end snippet
            assertThat(pty.modes()).isEqualTo(before);
        }
    }
}
