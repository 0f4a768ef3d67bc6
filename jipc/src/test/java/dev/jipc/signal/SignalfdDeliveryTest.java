package dev.jipc.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The signalfd path, in a child JVM that starts with SIGUSR1 and SIGWINCH blocked (perl sets the
 * mask and execs java, as a launcher would); this JVM's own signals take the JDK path.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SignalfdDeliveryTest {
    @Test
    void aJvmStartedWithSignalsBlockedReadsThemFromASignalfd() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var result = Command.of(List.of("perl", "-MPOSIX", "-e",
                        "sigprocmask(SIG_BLOCK, POSIX::SigSet->new(10, 28)) or die; exec @ARGV or die",
                        java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto",
                        "-cp", System.getProperty("java.class.path"), SignalfdChild.class.getName()))
                .capture();
        assertThat(result.lines()).as(result.errorText()).containsExactlyElementsOf(EXPECTED);
        assertThat(result.status()).isEqualTo(new ExitStatus.Signaled(Signal.SIGUSR1, false));
    }

    @Test
    void aJvmCanRestartItselfWithTheSignalsBlocked() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var result = Command.of(java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto",
                        "-cp", System.getProperty("java.class.path"), SignalfdChild.class.getName(), "reexec")
                .capture();
        List<String> lines = result.lines();
        assertThat(lines).as(result.errorText()).hasSizeGreaterThan(2);
        assertThat(lines.get(0)).startsWith("started as pid ");
        assertThat(lines.get(1)).isEqualTo("running as" + lines.get(0).substring("started as".length()));
        assertThat(lines.subList(2, lines.size())).containsExactlyElementsOf(EXPECTED);
        assertThat(result.status()).isEqualTo(new ExitStatus.Signaled(Signal.SIGUSR1, false));
    }

    @Test
    void onlySignalsTheJvmLeavesAloneQualify() {
        assertThatThrownBy(() -> Restart.execSelfWithSignalsBlocked(Signal.SIGTERM))
                .isInstanceOf(SignalNotHandleableException.class).hasMessageContaining("SIGTERM");
        assertThatThrownBy(() -> Restart.execSelfWithSignalsBlocked(Signal.SIGUSR2))
                .isInstanceOf(SignalNotHandleableException.class);
    }

    private static final List<String> EXPECTED = List.of(
                "via signalfd USR1 true",
                "handled SIGUSR1 on jipc-signalfd",
                "queue SIGWINCH",
                "while ignored 0",
                "while held null",
                "after hold SIGUSR1 on jipc-signal-dispatcher",
                "signalfds open after close 0",
                "via signalfd URG false");

    @Test
    void thisJvmTakesTheJdkPath() {
        try (Registration r = Signals.handle(Signal.SIGUSR1, s -> { })) {
            assertThat(Dispatcher.get().viaSignalfd(Signal.SIGUSR1)).isFalse();
        }
    }
}
