package dev.jipc.pty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.TimedOutException;
import dev.jipc.process.Command;
import dev.jipc.process.Conversation;
import dev.jipc.process.ExitStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The buffering problem of a two-way conversation: a program whose C library (or interpreter)
 * buffers output in blocks when stdout is not a terminal never answers a single line through pipes,
 * yet answers every line at once through a pty. Nothing about the program changes, only what its
 * stdout is.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BufferingTest {
    /** Our own upper-casing filter, in Perl, with no {@code $|}: it buffers unless stdout is a tty. */
    private static final Command PERL_UPCASE = Command.of("perl", "-ne", "print uc");
    /** The same in Python, printing without flush (and without PYTHONUNBUFFERED, which would hide the problem). */
    private static final Command PYTHON_UPCASE = Command.of("python3", "-c",
            "import sys\nfor line in sys.stdin:\n    print(line.strip().upper())\n").unsetEnv("PYTHONUNBUFFERED");
    /** Long enough for any answer to a line, short enough for a test; it bounds the stall. */
    private static final Duration PATIENCE = Duration.ofSeconds(2);

    @Test
    void perlThroughPipesStallsButThroughAPtyAnswersLineByLine() throws IOException {
        pipesStall(PERL_UPCASE);
        ptyAnswers(PERL_UPCASE);
    }

    @Test
    void pythonThroughPipesStallsButThroughAPtyAnswersLineByLine() throws IOException {
        pipesStall(PYTHON_UPCASE);
        ptyAnswers(PYTHON_UPCASE);
    }

    private static void pipesStall(Command filter) throws IOException {
        try (Conversation open2 = Conversation.start(filter)) {
            open2.send("hello");
            // The answer sits in the filter's stdout buffer: the conversation stalls until we give up.
            assertThatThrownBy(() -> open2.receive(PATIENCE)).isInstanceOf(TimedOutException.class);
            open2.send("world");
            assertThatThrownBy(() -> open2.receive(PATIENCE)).isInstanceOf(TimedOutException.class);
            // Only end of input makes it flush, far too late for a conversation.
            open2.closeInput();
            assertThat(open2.receive()).isEqualTo("HELLO");
            assertThat(open2.receive()).isEqualTo("WORLD");
        }
    }

    private static void ptyAnswers(Command filter) throws IOException {
        try (Expect pty = Expect.spawn(filter)) {
            pty.timeout(Duration.ofSeconds(20));
            pty.sendLine("hello");
            // First the terminal's echo of what we typed, then the answer, before we say anything more.
            assertThat(pty.expect("HELLO\r\n").before()).isEqualTo("hello\r\n");
            pty.sendLine("world");
            assertThat(pty.expect("WORLD\r\n").before()).isEqualTo("world\r\n");
            pty.sendEof();
            assertThat(pty.expect(Expectation.eof()).exitStatus()).contains(new ExitStatus.Exited(0));
        }
    }
}
