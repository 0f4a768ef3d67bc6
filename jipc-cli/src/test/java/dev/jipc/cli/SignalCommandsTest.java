package dev.jipc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import dev.jipc.process.Redirect;
import dev.jipc.signal.Signal;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/** signals, kill and timeout, run in-process and compared with procps kill and coreutils timeout. */
@ResourceLock("jipc.signals")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SignalCommandsTest {

    private static String run(String... cmd) throws Exception {
        try (ChildProcess c = Command.of(java.util.List.of(cmd)).stdout(Redirect.pipe()).start()) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            c.stdout().inputStream().transferTo(b);
            c.waitFor();
            return b.toString(StandardCharsets.UTF_8);
        }
    }

    private static int status(String... cmd) throws Exception {
        return Command.of(java.util.List.of(cmd)).run().shellStyleCode();
    }

    @Test
    void signalsSaysWhatCanBeHandled() {
        CliRun r = CliRun.of("signals");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines()).hasSize(31);
        assertThat(r.out()).contains(" 9 KILL     no: SIGKILL cannot be caught, blocked or ignored")
                .contains(" 3 QUIT     no: SIGQUIT is used by the JVM for thread dumps")
                .contains("10 USR1     yes").contains("15 TERM     yes");
    }

    @Test
    void killListMatchesProcps() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/kill")), "no /bin/kill to compare with");
        assertThat(CliRun.of("kill", "-l").out()).isEqualTo(run("/bin/kill", "-l"));
        assertThat(CliRun.of("kill", "-l", "15").out()).isEqualTo("TERM\n");
    }

    @Test
    void killSendsByDashNameDashNumberOrDashS() throws Exception {
        String[][] forms = {{"-USR1"}, {"-s", "SIGUSR1"}, {"-10"}, {"-s", "usr1"}};
        for (String[] form : forms) {
            try (ChildProcess c = Command.of("sleep", "30").start()) {
                String[] args = new String[form.length + 2];
                args[0] = "kill";
                System.arraycopy(form, 0, args, 1, form.length);
                args[args.length - 1] = Long.toString(c.pid());
                CliRun r = CliRun.of(args);
                assertThat(r.exitCode()).as(r.err()).isZero();
                assertThat(c.waitFor()).isEqualTo(new ExitStatus.Signaled(Signal.SIGUSR1, false));
            }
        }
        try (ChildProcess c = Command.of("sleep", "30").start()) {
            assertThat(CliRun.of("kill", Long.toString(c.pid())).exitCode()).isZero();
            assertThat(c.waitFor()).isEqualTo(new ExitStatus.Signaled(Signal.SIGTERM, false));
        }
    }

    @Test
    void killZeroProbes() {
        String me = Long.toString(ProcessHandle.current().pid());
        CliRun alive = CliRun.of("kill", "-0", me);
        assertThat(alive.exitCode()).isZero();
        assertThat(alive.out()).isEqualTo(me + ": alive\n");
        CliRun gone = CliRun.of("kill", "-s", "0", "4194305", me);
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.out()).isEqualTo("4194305: no such process\n" + me + ": alive\n");
    }

    @Test
    void badInput() {
        CliRun group = CliRun.of("kill", "-HUP", "0");
        assertThat(group.exitCode()).isEqualTo(1);
        assertThat(group.err()).contains("sendToGroup");
        assertThat(CliRun.of("kill", "-FOO", "123").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("kill", "-FOO", "123").err()).contains("unknown signal 'FOO'");
        assertThat(CliRun.of("kill", "-TERM", "4194305").err()).contains("ESRCH");
        assertThat(CliRun.of("kill", "-TERM", "x").exitCode()).isEqualTo(1);
        assertThat(CliRun.of("kill").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("timeout", "soon", "--", "true").exitCode()).isEqualTo(2);
    }

    @Test
    void timeoutExitCodesMatchCoreutils() throws Exception {
        String[][] cases = {
            {"0.2", "sleep", "30"},
            {"10", "sh", "-c", "exit 3"},
            {"10", "sh", "-c", "kill -USR1 $$"},
        };
        for (String[] c : cases) {
            String[] mine = new String[c.length + 2];
            mine[0] = "timeout";
            mine[1] = c[0];
            mine[2] = "--";
            System.arraycopy(c, 1, mine, 3, c.length - 1);
            int expected = switch (c[0]) {
                case "0.2" -> 124;
                default -> c[3].startsWith("exit") ? 3 : 138;
            };
            assertThat(CliRun.of(mine).exitCode()).as(String.join(" ", c)).isEqualTo(expected);
            if (Files.isExecutable(Path.of("/usr/bin/timeout"))) {
                String[] theirs = new String[c.length + 1];
                theirs[0] = "/usr/bin/timeout";
                System.arraycopy(c, 0, theirs, 1, c.length);
                assertThat(status(theirs)).as("coreutils " + String.join(" ", c)).isEqualTo(expected);
            }
        }
        String[] stubborn = {"sh", "-c", "trap '' TERM; sleep 30"};
        assertThat(CliRun.of("timeout", "-k", "200ms", "200ms", "--", stubborn[0], stubborn[1], stubborn[2]).exitCode())
                .isEqualTo(137);
    }

    @Test
    void hupDaemonPrintsLikeThePerlProgram() {
        CliRun r = CliRun.of("hup-daemon", "--interval", "10ms", "--count", "2", "a", "b");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("PID: " + ProcessHandle.current().pid() + "\nARGV: a b\n1\n2\n");
    }
}
