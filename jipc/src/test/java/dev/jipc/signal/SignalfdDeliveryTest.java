package dev.jipc.signal;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(result.lines()).as(result.errorText()).containsExactly(
                "via signalfd USR1 true",
                "handled SIGUSR1 on jipc-signalfd",
                "queue SIGWINCH",
                "while ignored 0",
                "while held null",
                "after hold SIGUSR1 on jipc-signal-dispatcher",
                "signalfds open after close 0",
                "via signalfd URG false");
        assertThat(result.status()).isEqualTo(new ExitStatus.Signaled(Signal.SIGUSR1, false));
    }

    @Test
    void thisJvmTakesTheJdkPath() {
        try (Registration r = Signals.handle(Signal.SIGUSR1, s -> { })) {
            assertThat(Dispatcher.get().viaSignalfd(Signal.SIGUSR1)).isFalse();
        }
    }
}
