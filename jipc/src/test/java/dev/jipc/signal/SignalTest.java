package dev.jipc.signal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignalTest {

    @Test
    void numbersAreLinuxs() {
        assertThat(Signal.SIGHUP.number()).isEqualTo(1);
        assertThat(Signal.SIGKILL.number()).isEqualTo(9);
        assertThat(Signal.SIGTERM.number()).isEqualTo(15);
        assertThat(Signal.SIGSYS.number()).isEqualTo(31);
        for (Signal s : Signal.values()) {
            if (s != Signal.UNKNOWN) {
                assertThat(Signal.of(s.number())).isSameAs(s);
            }
        }
    }

    @Test
    void unknownNumbersGiveUnknown() {
        assertThat(Signal.of(0)).isSameAs(Signal.UNKNOWN);
        assertThat(Signal.of(34)).isSameAs(Signal.UNKNOWN);
        assertThat(Signal.of(-9)).isSameAs(Signal.UNKNOWN);
        assertThat(Signal.of(1000)).isSameAs(Signal.UNKNOWN);
    }

    @Test
    void parsesNamesShortNamesNumbersAndAliases() {
        assertThat(Signal.parse("HUP")).contains(Signal.SIGHUP);
        assertThat(Signal.parse("SIGHUP")).contains(Signal.SIGHUP);
        assertThat(Signal.parse("hup")).contains(Signal.SIGHUP);
        assertThat(Signal.parse(" sigterm ")).contains(Signal.SIGTERM);
        assertThat(Signal.parse("1")).contains(Signal.SIGHUP);
        assertThat(Signal.parse("9")).contains(Signal.SIGKILL);
        assertThat(Signal.parse("IOT")).contains(Signal.SIGABRT);
        assertThat(Signal.parse("SIGCLD")).contains(Signal.SIGCHLD);
        assertThat(Signal.parse("POLL")).contains(Signal.SIGIO);
    }

    @Test
    void rejectsWhatItDoesNotKnow() {
        assertThat(Signal.parse("")).isEmpty();
        assertThat(Signal.parse("0")).isEmpty();
        assertThat(Signal.parse("40")).isEmpty();
        assertThat(Signal.parse("99999999999")).isEmpty();
        assertThat(Signal.parse("UNKNOWN")).isEmpty();
        assertThat(Signal.parse("SIGUNKNOWN")).isEmpty();
        assertThat(Signal.parse("FOO")).isEmpty();
    }

    @Test
    void shortName() {
        assertThat(Signal.SIGTERM.shortName()).isEqualTo("TERM");
    }
}
