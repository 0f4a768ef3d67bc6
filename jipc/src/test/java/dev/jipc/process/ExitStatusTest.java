package dev.jipc.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.signal.Signal;
import org.junit.jupiter.api.Test;

/** Decoding of raw wait statuses, with no process at all. */
class ExitStatusTest {

    @Test
    void everyExitCodeDecodesAndRoundTrips() {
        for (int code = 0; code <= 255; code++) {
            ExitStatus s = ExitStatus.fromRaw(code << 8);
            assertThat(s).isEqualTo(new ExitStatus.Exited(code));
            assertThat(s.raw()).isEqualTo(code << 8);
            assertThat(s.success()).isEqualTo(code == 0);
            assertThat(s.shellStyleCode()).isEqualTo(code);
            assertThat(s).hasToString("exit " + code);
        }
    }

    @Test
    void everyStandardSignalWithAndWithoutCoreDecodesAndRoundTrips() {
        for (Signal sig : Signal.values()) {
            if (sig == Signal.UNKNOWN) {
                continue;
            }
            for (boolean core : new boolean[] {false, true}) {
                int raw = sig.number() | (core ? 0x80 : 0);
                ExitStatus s = ExitStatus.fromRaw(raw);
                assertThat(s).isEqualTo(new ExitStatus.Signaled(sig, core));
                assertThat(s.raw()).isEqualTo(raw);
                assertThat(s.success()).isFalse();
                assertThat(s.shellStyleCode()).isEqualTo(128 + sig.number());
                assertThat(s).hasToString("killed by " + sig.name() + (core ? " (core dumped)" : ""));
            }
        }
    }

    @Test
    void readableForms() {
        assertThat(ExitStatus.fromRaw(3 << 8)).hasToString("exit 3");
        assertThat(ExitStatus.fromRaw(9)).hasToString("killed by SIGKILL");
        assertThat(ExitStatus.fromRaw(11 | 0x80)).hasToString("killed by SIGSEGV (core dumped)");
    }

    @Test
    void signalDeathIsNotAnExitCodeEvenWhenTheShellStyleCodesAgree() {
        ExitStatus exited = ExitStatus.fromRaw(130 << 8);
        ExitStatus interrupted = ExitStatus.fromRaw(Signal.SIGINT.number());
        assertThat(exited.shellStyleCode()).isEqualTo(interrupted.shellStyleCode()).isEqualTo(130);
        assertThat(exited).isNotEqualTo(interrupted);
        assertThat(exited).isInstanceOf(ExitStatus.Exited.class);
        assertThat(interrupted).isInstanceOf(ExitStatus.Signaled.class);
    }

    @Test
    void realTimeSignalsKeepTheirNumber() {
        ExitStatus s = ExitStatus.fromRaw(40);
        assertThat(s).isEqualTo(new ExitStatus.Signaled(Signal.UNKNOWN, 40, false));
        assertThat(s.raw()).isEqualTo(40);
        assertThat(s.shellStyleCode()).isEqualTo(168);
        assertThat(s).hasToString("killed by signal 40");
    }

    @Test
    void stoppedAndContinuedAreNotTerminations() {
        assertThatThrownBy(() -> ExitStatus.fromRaw(0x137f)).isInstanceOf(IllegalArgumentException.class); // stopped by SIGSTOP
        assertThatThrownBy(() -> ExitStatus.fromRaw(0xffff)).isInstanceOf(IllegalArgumentException.class); // continued
        assertThatThrownBy(() -> ExitStatus.fromRaw(0x10000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsCheckTheirComponents() {
        assertThatThrownBy(() -> new ExitStatus.Exited(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExitStatus.Exited(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExitStatus.Signaled(Signal.SIGTERM, 9, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExitStatus.Signaled(Signal.UNKNOWN, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void patternMatching() {
        String what = switch (ExitStatus.fromRaw(Signal.SIGTERM.number())) {
            case ExitStatus.Exited(int code) -> "exit " + code;
            case ExitStatus.Signaled(Signal sig, int n, boolean core) -> sig.shortName();
        };
        assertThat(what).isEqualTo("TERM");
    }
}
