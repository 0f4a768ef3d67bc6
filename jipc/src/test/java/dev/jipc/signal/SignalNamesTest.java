package dev.jipc.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@ResourceLock("jipc.signals")
class SignalNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"FOO", "0", "40", "SIGRTMIN", "", "-1"})
    void unknownNamesAreTypedErrors(String text) {
        assertThatThrownBy(() -> Signal.named(text))
                .isInstanceOfSatisfying(UnknownSignalException.class, e -> assertThat(e.text()).isEqualTo(text))
                .hasMessageContaining("unknown signal '" + text + "'");
    }

    @Test
    void namedAcceptsWhatParseAccepts() {
        assertThat(Signal.named("hup")).isSameAs(Signal.SIGHUP);
        assertThat(Signal.named("SIGTERM")).isSameAs(Signal.SIGTERM);
        assertThat(Signal.named("10")).isSameAs(Signal.SIGUSR1);
    }

    @Test
    void uncatchableSignals() {
        assertThat(Signal.SIGKILL.canBeCaught()).isFalse();
        assertThat(Signal.SIGSTOP.canBeCaught()).isFalse();
        assertThat(Signal.SIGTERM.canBeCaught()).isTrue();
        for (Signal s : EnumSet.of(Signal.SIGKILL, Signal.SIGSTOP)) {
            assertThatThrownBy(() -> Signals.handle(s, x -> {}))
                    .isInstanceOfSatisfying(SignalNotHandleableException.class, e -> assertThat(e.signal()).isSameAs(s))
                    .hasMessage(s.name() + " cannot be caught, blocked or ignored");
            assertThatThrownBy(() -> Signals.ignore(s)).isInstanceOf(SignalNotHandleableException.class);
            assertThatThrownBy(() -> Signals.reset(s)).isInstanceOf(SignalNotHandleableException.class);
            assertThatThrownBy(() -> SignalQueue.subscribe(s)).isInstanceOf(SignalNotHandleableException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"SIGQUIT", "SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL", "SIGTRAP", "SIGUSR2", "UNKNOWN"})
    void signalsTheJvmKeepsAreRefusedWithTheReason(Signal s) {
        assertThat(s.whyNotHandleable()).isPresent();
        assertThatThrownBy(() -> Signals.handle(s, x -> {}))
                .isInstanceOf(SignalNotHandleableException.class)
                .hasMessage(s.whyNotHandleable().orElseThrow());
    }

    @Test
    void quitSaysThreadDumps() {
        assertThatThrownBy(() -> Signals.handle(Signal.SIGQUIT, x -> {}))
                .hasMessage("SIGQUIT is used by the JVM for thread dumps");
    }

    @Test
    void everyOtherSignalIsAcceptedByTheJvm() {
        // The JVM's own list (sun.misc.Signal refuses QUIT, ILL, FPE, SEGV, KILL, STOP) is a subset of ours.
        for (Signal s : Signal.values()) {
            if (s.whyNotHandleable().isEmpty()) {
                try (Registration r = Signals.handle(s, x -> {})) {
                    assertThat(r.isOpen()).isTrue();
                    assertThat(Signals.isCaught(s)).isTrue();
                }
                assertThat(Signals.isCaught(s)).isFalse();
            }
        }
    }

    @Test
    void dispositionsThatWouldBreakTheJvmOrReapingAreRefused() {
        assertThatThrownBy(() -> Signals.ignore(Signal.SIGCHLD))
                .isInstanceOf(SignalNotHandleableException.class).hasMessageContaining("exit status");
        assertThatThrownBy(() -> Signals.reset(Signal.SIGPIPE))
                .isInstanceOf(SignalNotHandleableException.class).hasMessageContaining("EPIPE");
    }
}
