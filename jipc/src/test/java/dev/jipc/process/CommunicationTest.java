package dev.jipc.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.signal.Signal;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Capture and communicate: status with output, any size without deadlock, timeouts with partial output. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CommunicationTest {
    /** Counts bytes, keeps none. */
    static final class Counter extends OutputStream {
        long n;

        @Override
        public void write(int b) {
            n++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            n += len;
        }
    }

    @Test
    void captureKeepsStdoutStderrAndStatusApart() throws IOException {
        Captured c = Command.of("sh", "-c", "echo out; echo err >&2; exit 2").capture();
        assertThat(c.status()).isEqualTo(new ExitStatus.Exited(2));
        assertThat(c.text()).isEqualTo("out\n");
        assertThat(c.errorText()).isEqualTo("err\n");
        assertThat(c.success()).isFalse();
        assertThatThrownBy(() -> c.orThrow(Command.of("x"))).isInstanceOf(ChildFailedException.class).hasMessageEndingWith("exit 2; stderr: err");
    }

    @Test
    void captureTextAndLines() throws IOException {
        assertThat(Command.of("printf", "a\\nb\\n").captureLines()).containsExactly("a", "b");
        assertThat(Command.of("printf", "a\\nb").captureLines()).containsExactly("a", "b");
        assertThat(Command.of("echo", "$HOME", "*").captureText()).isEqualTo("$HOME *\n"); // no shell
        assertThatThrownBy(() -> Command.of("sh", "-c", "echo nope >&2; exit 1").captureText())
                .isInstanceOfSatisfying(ChildFailedException.class, e -> assertThat(e.stderrTail()).isEqualTo("nope\n"));
    }

    @Test
    void mergedStderrAndNoStdinByDefault() throws IOException {
        Captured c = Command.of("sh", "-c", "echo 1; echo 2 >&2; cat").stderr(Redirect.toFd(1)).capture();
        assertThat(c.text()).isEqualTo("1\n2\n"); // cat read /dev/null, not our stdin
        assertThat(c.stderr()).isEmpty();
    }

    @Test
    void communicateRoundTrip() throws IOException {
        Captured c = Command.of("tr", "a-z", "A-Z").communicate("hello\n".getBytes(UTF_8), Duration.ofSeconds(30));
        assertThat(c.text()).isEqualTo("HELLO\n");
        assertThat(c.success()).isTrue();
    }

    @Test
    void hundredMegabytesOnStdoutAndStderrAtOnce() throws IOException {
        Counter out = new Counter();
        Counter err = new Counter();
        Captured c = Communication.of(Command.of("sh", "-c",
                        "head -c 100000000 /dev/zero & head -c 100000000 /dev/zero >&2; wait"))
                .stdoutTo(out).stderrTo(err).timeout(Duration.ofSeconds(100)).run();
        assertThat(c.success()).isTrue();
        assertThat(out.n).isEqualTo(100_000_000L);
        assertThat(err.n).isEqualTo(100_000_000L);
    }

    @Test
    void hundredMegabytesInThroughCat() throws IOException {
        byte[] input = new byte[100_000_000];
        Arrays.fill(input, (byte) 'x');
        Counter out = new Counter();
        Captured c = Communication.of(Command.of("cat")).input(input).stdoutTo(out).timeout(Duration.ofSeconds(100)).run();
        assertThat(c.success()).isTrue();
        assertThat(out.n).isEqualTo(100_000_000L);
    }

    @Test
    void aChildThatStopsReadingIsNotAnErrorByItself() throws IOException {
        Captured c = Command.of("head", "-c", "5").communicate(new byte[10_000_000], Duration.ofSeconds(30));
        assertThat(c.success()).isTrue();
        assertThat(c.stdout()).hasSize(5);
    }

    @Test
    void timeoutStopsTheChildAndCarriesPartialOutput() {
        assertThatThrownBy(() -> Communication.of(Command.of("sh", "-c", "echo early; echo warn >&2; exec sleep 600"))
                        .timeout(Duration.ofMillis(500)).run())
                .isInstanceOfSatisfying(CommunicationTimeoutException.class, e -> {
                    assertThat(new String(e.partialStdout(), UTF_8)).isEqualTo("early\n");
                    assertThat(new String(e.partialStderr(), UTF_8)).isEqualTo("warn\n");
                    assertThat(e.cancellation().ending()).isEqualTo(Cancellation.Ending.TERMINATED);
                    assertThat(e.cancellation().status()).isEqualTo(new ExitStatus.Signaled(Signal.SIGTERM, false));
                    assertThat(e.timeout()).isEqualTo(Duration.ofMillis(500));
                });
    }

    @Test
    void runWithTimeoutKillsAStubbornChild() {
        assertThatThrownBy(() -> Communication.runWithTimeout(Command.of("sh", "-c", "trap '' TERM; while :; do sleep 0.1; done")
                        .stdout(Redirect.nullDevice()), Duration.ofMillis(300),
                        CancelPolicy.DEFAULT.withGrace(Duration.ofMillis(300))))
                .isInstanceOfSatisfying(CommunicationTimeoutException.class,
                        e -> assertThat(e.cancellation().ending()).isEqualTo(Cancellation.Ending.KILLED));
        // and the quick path
        assertThat(catchStatus()).isEqualTo(new ExitStatus.Exited(0));
    }

    private static ExitStatus catchStatus() {
        try {
            return Command.of("true").run(Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void grandchildHoldingStdoutIsReportedNotAHang() throws IOException {
        // sh prints its pid, which is also the id of the new process group its background sleep is in.
        Command cmd = Command.shell("sleep 30 & echo $$").newProcessGroup();
        String group = null;
        try {
            Communication.of(cmd).cancelPolicy(CancelPolicy.DEFAULT.withPipeGrace(Duration.ofMillis(300)))
                    .timeout(Duration.ofSeconds(30)).run();
            throw new AssertionError("expected PipesHeldException");
        } catch (PipesHeldException e) {
            group = e.captured().text().strip();
            assertThat(group).matches("[0-9]+");
            assertThat(e.captured().success()).isTrue();
            assertThat(e.getMessage()).contains("still held open by another process");
        } finally {
            if (group != null) {
                assertThat(Command.of("kill", "-KILL", "--", "-" + group).run().success()).isTrue();
            }
        }
    }
}
