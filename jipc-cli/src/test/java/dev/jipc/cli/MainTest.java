package dev.jipc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MainTest {
    @Test
    void helpListsTheSubcommands() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: jipc", "tour", "doctor", "fifo-signature", "ipcs", "shm", "sem", "msg",
                "pipe-read", "pipe-write", "backticks", "pipeline", "open2", "cat-args", "pipe1", "spawn-writer", "daemonize",
                "tcp-server", "tcp-client", "unix-server", "unix-client", "time-server", "time-client", "udp-time",
                "daytime-server", "daytime", "webget", "chat", "command-server");
    }

    @Test
    void versionComesFromTheBuild() {
        CliRun run = CliRun.of("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("jipc ").doesNotContain("${project.version}").doesNotContain("unknown");
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        CliRun run = CliRun.of("frobnicate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unmatched argument at index 0: 'frobnicate'");
    }

    @Test
    void badOptionIsAUsageError() {
        CliRun run = CliRun.of("fifo-signature", "/tmp/never-created", "--mode", "rwx");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'rwx' is not a file mode");
    }

    @Test
    void doctorPrintsKernelAndGlibc() {
        CliRun run = CliRun.of("doctor");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("(?m)^kernel +" + java.util.regex.Pattern.quote(System.getProperty("os.version")) + "$")
                .containsPattern("(?m)^glibc +\\d+\\.\\d+")
                .contains("✓ epoll", "pidfd", "close_range", "F_SETPIPE_SZ", "SysV shared memory", "open file limit");
    }

    @Test
    void tourRunsEveryStep() {
        CliRun run = CliRun.of("tour");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        for (TourStep step : Tour.STEPS) {
            assertThat(run.out()).contains(step.title());
        }
        assertThat(run.out()).contains("\"pong to ping\"", "EPIPE", "timed out", "nothing was ready", "Tour complete.",
                "\"Message #1\"", "the virtual thread's take went through", "okay.");
    }

    @Test
    void ipcsListsTheThreeKinds() {
        CliRun run = CliRun.of("ipcs");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Shared Memory Segments", "Semaphore Arrays", "Message Queues", "shmid", "msqid");
    }
}
