package dev.jipc.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ResourceLock("jipc.signals")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendingTest {

    @ParameterizedTest
    @ValueSource(longs = {0, -1, -42, Long.MIN_VALUE})
    void pidsThatAreGroupsAreRefused(long pid) {
        assertThatThrownBy(() -> Signals.send(pid, Signal.SIGTERM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sendToGroup");
        assertThatThrownBy(() -> Signals.probe(pid)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Signals.sendToGroup(pid, Signal.SIGTERM)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownCannotBeSent() {
        assertThatThrownBy(() -> Signals.send(1, Signal.UNKNOWN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sendKillsAChild() throws Exception {
        try (ChildProcess c = Command.of("sleep", "30").start()) {
            assertThat(Signals.probe(c.pid())).isEqualTo(Liveness.ALIVE);
            Signals.send(c.pid(), Signal.SIGTERM);
            assertThat(c.waitFor()).isEqualTo(new ExitStatus.Signaled(Signal.SIGTERM, false));
        }
    }

    @Test
    void aReapedChildIsNoSuchProcess() throws Exception {
        try (ChildProcess c = Command.of("true").start()) {
            c.waitFor();
            assertThat(Signals.probe(c.pid())).isEqualTo(Liveness.NO_SUCH_PROCESS);
            assertThatThrownBy(() -> Signals.send(c.pid(), Signal.SIGTERM))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ESRCH));
            assertThat(c.signal(Signal.SIGTERM)).isFalse();
        }
    }

    @Test
    void aPidThatCannotExist() throws Exception {
        // PID_MAX_LIMIT on 64-bit Linux is 4194304: no pid_max setting allows a larger pid.
        assertThat(Signals.probe(4_194_305)).isEqualTo(Liveness.NO_SUCH_PROCESS);
    }

    @Test
    void probeOfOurselvesAndInit() throws Exception {
        assertThat(Signals.probe(ProcessHandle.current().pid())).isEqualTo(Liveness.ALIVE);
        assertThat(Signals.probe(1)).isIn(Liveness.ALIVE, Liveness.NOT_PERMITTED);
    }

    @Test
    void anotherUsersProcessIsNotPermitted() throws Exception {
        assumeTrue(!"root".equals(System.getProperty("user.name")),
                "running as root, which may signal every process: EPERM cannot be provoked from here");
        assertThat(Signals.probe(1)).isEqualTo(Liveness.NOT_PERMITTED);
    }

    @Test
    void sendToGroupReachesEveryMember() throws Exception {
        // A shell leading its own group, with a grandchild in it.
        try (ChildProcess c = Command.of("sh", "-c", "sleep 30 & wait").newProcessGroup().start()) {
            Signals.sendToGroup(c.pid(), Signal.SIGKILL);
            assertThat(c.waitFor()).isEqualTo(new ExitStatus.Signaled(Signal.SIGKILL, false));
            ErrnoException e = null;
            for (int i = 0; i < 1000; i++) { // the grandchild dies too; reaped by init, so poll
                try {
                    Signals.sendToGroup(c.pid(), Signal.SIGKILL);
                    Thread.sleep(10);
                } catch (ErrnoException x) {
                    e = x;
                    break;
                }
            }
            assertThat(e).isNotNull();
            assertThat(e.errno()).isEqualTo(Errno.ESRCH);
        }
    }

    @Test
    void alarmNeedsAHandler() throws Exception {
        assertThatThrownBy(() -> Signals.alarm(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("would end the JVM");
        try (SignalQueue q = SignalQueue.subscribe(Signal.SIGALRM)) {
            assertThat(Signals.alarm(1)).isZero();
            assertThat(q.take()).isSameAs(Signal.SIGALRM);
        }
        assertThat(Signals.alarm(0)).isZero();
    }
}
