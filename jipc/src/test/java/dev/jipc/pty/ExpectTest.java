package dev.jipc.pty;

import static dev.jipc.pty.Expectation.eof;
import static dev.jipc.pty.Expectation.literal;
import static dev.jipc.pty.Expectation.regex;
import static dev.jipc.pty.Expectation.timeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.io.Fd;
import dev.jipc.io.LineReader;
import dev.jipc.net.SocketServer;
import dev.jipc.net.StreamSocket;
import dev.jipc.net.Tcp;
import dev.jipc.io.Pipe;
import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import dev.jipc.process.Redirect;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Expect over ptys and pipes: matching, outcomes, faults, bad input, transcripts, interact. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExpectTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void literalThenRegexWithGroupsAndTheTextBefore() throws IOException {
        Command dialogue = Command.of("sh", "-c", "printf 'name? '; read n; echo \"hello $n, you are 42\"");
        try (Expect e = Expect.spawn(dialogue).timeout(WAIT)) {
            Match prompt = e.expect("name? ");
            assertThat(prompt.before()).isEmpty();
            assertThat(prompt.text()).isEqualTo("name? ");
            e.sendLine("bob");
            Match m = e.expect(regex("hello (\\w+), you are (\\d+)"));
            assertThat(m.before()).isEqualTo("bob\r\n"); // the terminal's echo
            assertThat(m.groupCount()).isEqualTo(2);
            assertThat(m.group(1)).isEqualTo("bob");
            assertThat(m.group(2)).isEqualTo("42");
            assertThat(m.text()).isEqualTo("hello bob, you are 42");
            assertThatThrownBy(() -> m.group(3)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(e.expect(eof()).before()).isEqualTo("\r\n");
        }
    }

    @Test
    void theReadmeAndJavadocExampleWithAnInteractivePython() throws IOException {
        Command python = Command.of("python3", "-q", "-i").env("TERM", "dumb");
        try (Expect py = Expect.spawn(python)) {
            py.expect(">>> ");
            py.sendLine("2 ** 64");
            Match m = py.expect(WAIT, regex("(\\d+)\r\n>>> "));
            assertThat(m.group(1)).isEqualTo("18446744073709551616");
            assertThat(m.before()).contains("2 ** 64");
            py.sendLine("6 * 7");
            assertThat(py.expect(WAIT, regex("(\\d+)\r\n>>> ")).group(1)).isEqualTo("42");
        }
    }

    @Test
    void theExpectationStartingEarliestWinsAndTiesGoToTheFirstListed() throws IOException {
        try (Expect e = Expect.spawn(Command.of("sh", "-c", "echo 'b then a'; sleep 100")).timeout(WAIT)) {
            Match m = e.expect(literal("a"), literal("b"));
            assertThat(m.index()).isEqualTo(1);
            assertThat(m.expectation()).isEqualTo(literal("b"));
            Match tie = e.expect(regex("th(e)n"), literal("then"));
            assertThat(tie.index()).isZero();
            assertThat(tie.before()).isEqualTo(" ");
        }
    }

    @Test
    void aChildExitingMidExpectGivesEndOfFileWithItsExitStatus() throws IOException {
        try (Expect e = Expect.spawn(Command.of("sh", "-c", "echo partial; exit 7"))) {
            Match m = e.expect(WAIT, literal("never"), eof());
            assertThat(m.isEof()).isTrue();
            assertThat(m.index()).isEqualTo(1);
            assertThat(m.before()).isEqualTo("partial\r\n");
            assertThat(m.exitStatus()).contains(new ExitStatus.Exited(7));
            assertThat(e.isEof()).isTrue();
        }
        try (Expect e = Expect.spawn(Command.of("sh", "-c", "echo partial; exit 7"))) {
            assertThatThrownBy(() -> e.expect(WAIT, literal("never")))
                    .isInstanceOfSatisfying(ExpectEofException.class, x -> {
                        assertThat(x.before()).isEqualTo("partial\r\n");
                        assertThat(x.exitStatus()).contains(new ExitStatus.Exited(7));
                        assertThat(x.getMessage()).contains("\"never\"", "exit 7", "partial");
                    });
        }
    }

    @Test
    void aTimeoutGivesTheTextSoFarAndKeepsItForTheNextExpect() throws IOException {
        try (Expect e = Expect.spawn(Command.of("sh", "-c", "printf 'so far'; sleep 100"))) {
            e.expect(WAIT, literal("so"));
            Match m = e.expect(Duration.ofMillis(300), literal("never"), timeout());
            assertThat(m.isTimeout()).isTrue();
            assertThat(m.before()).isEqualTo(" far");
            assertThatThrownBy(() -> e.expect(Duration.ofMillis(300), regex("ne+ver")))
                    .isInstanceOfSatisfying(ExpectTimeoutException.class, x -> {
                        assertThat(x.before()).isEqualTo(" far");
                        assertThat(x.timeout()).isEqualTo(Duration.ofMillis(300));
                        assertThat(x.getMessage()).contains("/ne+ver/", " far");
                    });
            assertThat(e.expect(WAIT, literal("far")).before()).isEqualTo(" ");
        }
    }

    @Test
    void tenMegabytesWithoutANewlineKeepTheBufferBounded() throws IOException {
        int size = 10 * 1024 * 1024;
        Command flood = Command.of("sh", "-c", "head -c " + size + " /dev/zero | tr '\\000' x");
        try (Expect e = Expect.spawn(flood).maxBuffer(4096)) {
            Match m = e.expect(Duration.ofSeconds(100), literal("\n"), eof());
            assertThat(m.isEof()).isTrue();
            assertThat(m.before()).hasSize(4096).matches("x+");
            assertThat(e.discardedChars()).isEqualTo(size - 4096L);
            assertThat(m.exitStatus()).contains(new ExitStatus.Exited(0));
        }
    }

    @Test
    void bytesThatAreNotUtf8BecomeReplacementCharactersAndSplitCharactersAreJoined() throws IOException {
        // \377 and \376 are never valid UTF-8; the é of café arrives in two reads, split mid-character.
        String script = "printf 'ok \\377\\376 caf\\303'; sleep 0.3; printf '\\251 end\\n'; sleep 100";
        try (Expect e = Expect.spawn(Command.of("sh", "-c", script)).timeout(WAIT)) {
            Match m = e.expect(regex("ok (.*) end"));
            assertThat(m.group(1)).isEqualTo("\uFFFD\uFFFD café");
        }
        try (Expect e = Expect.spawn(Command.of("sh", "-c", script)).timeout(WAIT).charset(StandardCharsets.ISO_8859_1)) {
            Match m = e.expect(regex("ok (.*) end"));
            assertThat(m.group(1)).isEqualTo("\u00ff\u00fe caf\u00c3\u00a9");
        }
    }

    @Test
    void aClosedControllerFailsExpectAndWakesAWaitingOne() throws Exception {
        try (Pty pty = Pty.open()) {
            Expect e = Expect.on(pty);
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    e.expect(WAIT, literal("never"));
                    failure.complete(null);
                } catch (Throwable t) {
                    failure.complete(t);
                }
            });
            while (waiter.getState() != Thread.State.WAITING && waiter.getState() != Thread.State.TIMED_WAITING) {
                Thread.sleep(5);
            }
            pty.close();
            assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(AsynchronousCloseException.class);
            assertThatThrownBy(() -> e.expect(WAIT, literal("x"))).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(() -> e.send("x")).isInstanceOf(ClosedChannelException.class);
        }
    }

    @Test
    void overPipesWithAChildProcess() throws IOException {
        try (ChildProcess cat = Command.of("cat", "-u").stdin(Redirect.pipe()).stdout(Redirect.pipe()).start()) {
            Expect e = Expect.of(cat).timeout(WAIT);
            e.sendLine("over a pipe");
            // No terminal: no echo and no CR.
            assertThat(e.expect("pipe\n").before()).isEqualTo("over a ");
            e.sendEof(); // closes cat's stdin
            assertThat(e.expect(eof()).exitStatus()).contains(new ExitStatus.Exited(0));
        }
    }

    @Test
    void overAnyPairOfDescriptors() throws IOException {
        try (Pipe in = Pipe.open(); Pipe out = Pipe.open()) {
            Expect e = Expect.of(in.reader(), out.writer()).timeout(WAIT);
            e.send("ping");
            assertThat(new String(out.reader().inputStream().readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("ping");
            in.writer().writeFully("pong".getBytes(StandardCharsets.UTF_8));
            in.writer().close();
            assertThat(e.expect("pong").before()).isEmpty();
            Match end = e.expect(eof());
            assertThat(end.exitStatus()).isEmpty(); // no child known
        }
    }

    @Test
    void overASocket() throws Exception {
        try (SocketServer server = SocketServer.start(Tcp.listen("127.0.0.1", 0), conn -> {
                    conn.writeFully("name? ".getBytes(StandardCharsets.US_ASCII));
                    String name = LineReader.of(conn.fd()).readLine();
                    conn.writeFully(("hello, " + name.toUpperCase(java.util.Locale.ROOT) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                });
                StreamSocket client = Tcp.connect("127.0.0.1", server.listener().port())) {
            Expect e = Expect.of(client.fd(), client.fd()).timeout(WAIT);
            e.expect("name? ");
            e.sendLine("socket");
            Match m = e.expect(regex("hello, (\\w+)\r\n"));
            assertThat(m.group(1)).isEqualTo("SOCKET");
            assertThat(e.expect(eof()).exitStatus()).isEmpty(); // the server hung up
        }
    }

    @Test
    void sendEofToATerminalIsItsEofCharacter() throws IOException {
        try (Expect e = Expect.spawn(Command.of("cat")).timeout(WAIT)) {
            e.sendLine("line");
            e.expect("line\r\nline\r\n"); // echo, then cat's copy
            e.sendEof();
            assertThat(e.expect(eof()).exitStatus()).contains(new ExitStatus.Exited(0));
        }
    }

    @Test
    void transcriptsRecordWhatWasReadAndWhatWasSent() throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        try (Expect e = Expect.spawn(Command.of("sh", "-c", "printf '> '; read x; echo \"[$x]\"")).timeout(WAIT)
                .transcript(read).sendTranscript(sent)) {
            e.expect("> ");
            e.sendLine("hi");
            e.expect(eof());
        }
        assertThat(read.toString(StandardCharsets.UTF_8)).isEqualTo("> hi\r\n[hi]\r\n");
        assertThat(sent.toString(StandardCharsets.UTF_8)).isEqualTo("hi\n");
    }

    @Test
    void badInputIsRefusedWithAReason() throws IOException {
        assertThatThrownBy(() -> literal("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> regex("(")).isInstanceOf(java.util.regex.PatternSyntaxException.class);
        assertThatThrownBy(() -> Expect.controlCode('1')).isInstanceOf(IllegalArgumentException.class);
        assertThat(Expect.controlCode('c')).isEqualTo(3);
        assertThat(Expect.controlCode('C')).isEqualTo(3);
        assertThat(Expect.controlCode('[')).isEqualTo(0x1b);
        assertThat(Expect.controlCode('?')).isEqualTo(0x7f);
        try (ChildProcess noPipes = Command.of("true").start()) {
            assertThatThrownBy(() -> Expect.of(noPipes)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pipes");
            noPipes.waitFor();
        }
        try (Pipe p = Pipe.open()) {
            Expect e = Expect.of(p.reader(), p.writer());
            assertThatThrownBy(() -> e.expect(WAIT)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nothing to expect");
            assertThatThrownBy(() -> e.expect(Duration.ofSeconds(-1), eof())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> e.timeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> e.maxBuffer(0)).isInstanceOf(IllegalArgumentException.class);
            e.maxBuffer(3);
            assertThatThrownBy(() -> e.expect(WAIT, literal("four"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("never match");
            assertThatThrownBy(() -> e.interact(p.reader(), p.writer(), 300)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void interactRelaysUntilTheEscapeKeyAndTheConversationGoesOn() throws IOException {
        try (Expect e = Expect.spawn(Command.of("cat")).timeout(WAIT); Pipe user = Pipe.open(); Pipe screen = Pipe.open()) {
            e.pty().setModes(e.pty().modes().withEcho(false)); // only cat's copies, in order
            e.sendLine("before");
            e.expect("before\r\n");
            user.writer().writeFully("typed\n\u001d".getBytes(StandardCharsets.US_ASCII));
            e.interact(user.reader(), screen.writer(), 0x1d);
            assertThat(e.isEof()).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            e.sendLine("after");
            String rest = e.expect("after\r\n").before();
            screen.writer().close();
            String shown = new String(screen.reader().inputStream().readAllBytes(), StandardCharsets.US_ASCII);
            // What the user typed reached cat, whose copy went to the screen or, once the relay had
            // stopped, stayed for expect; the escape key itself never reached the program.
            assertThat(shown + rest).isEqualTo("typed\r\n");
        }
    }

    @Test
    void interactEndsWhenTheProgramEndsAndPassesOnTheEndOfTheUsersInput() throws IOException {
        try (Expect e = Expect.spawn(Command.of("sh", "-c", "read x; echo \"got $x\"; cat")).timeout(WAIT);
                Pipe user = Pipe.open(); Pipe screen = Pipe.open()) {
            user.writer().writeFully("abc\n".getBytes(StandardCharsets.US_ASCII));
            user.writer().close(); // end of the user's input: ^D for cat, which then exits
            e.interact(user.reader(), screen.writer(), -1);
            assertThat(e.isEof()).isTrue();
            screen.writer().close();
            assertThat(new String(screen.reader().inputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .contains("got abc\r\n");
            assertThat(e.child().waitFor(WAIT).success()).isTrue();
        }
    }

    @Test
    void interactWithATerminalUsesRawModeRestoresItAndPassesTheWindowSize() throws Exception {
        // The "user's terminal" is a second pty: we type on its controller, the user side is its terminal.
        try (Pty user = Pty.open(WindowSize.of(33, 99)); Fd userTty = user.openTerminal();
                Expect e = Expect.spawn(Command.of("sh", "-c", "read x; stty size; echo \"got $x\""), WindowSize.of(24, 80))
                        .timeout(WAIT)) {
            TerminalModes before = user.modes();
            Thread typist = Thread.ofVirtual().start(() -> {
                try {
                    // Type only once interact has put the user's terminal in raw mode.
                    while (user.modes().canonical()) {
                        Thread.sleep(5);
                    }
                    user.controller().writeFully("abc\r".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException | InterruptedException x) {
                    throw new IllegalStateException(x);
                }
            });
            e.interact(userTty, userTty, -1);
            typist.join();
            assertThat(user.modes()).isEqualTo(before);
            assertThat(e.pty().windowSize()).isEqualTo(WindowSize.of(33, 99));
            String screen = PtyTest.readExactly(user.controller(), "abc\r\n33 99\r\ngot abc\r\n".length());
            assertThat(screen).isEqualTo("abc\r\n33 99\r\ngot abc\r\n");
        }
    }
}
