package dev.jipc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code jipc daemonize}: CMD detached, its pid printed and written, its output in the log. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaemonizeTest {
    @TempDir
    Path dir;

    @Test
    void runsTheCommandDetachedAndWritesThePidfile() throws Exception {
        Path pidFile = dir.resolve("cmd.pid");
        Path log = dir.resolve("cmd.log");
        CliRun run = CliRun.of("daemonize", "--pidfile", pidFile.toString(), "--log", log.toString(), "--umask", "027",
                "--", "sh", "-c", "echo \"pid $$ in $(pwd) umask $(umask)\"; echo oops >&2", "ignored; rm -rf /");
        assertThat(run.exitCode()).as(run.err()).isZero();
        long pid = Long.parseLong(run.out().strip());
        assertThat(Files.readString(pidFile)).isEqualTo(pid + "\n");
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
        // The command is this JVM's child until it exits; jipc reaps it, so it is gone, not a zombie.
        while (ProcessHandle.of(pid).isPresent() || !Files.exists(log) || !Files.readString(log).contains("oops")) {
            assertThat(Instant.now()).isBefore(giveUp);
            Thread.sleep(20);
        }
        assertThat(Files.readString(log)).isEqualTo("pid " + pid + " in / umask 0027\noops\n");
    }

    @Test
    void aMissingProgramIsReportedAtOnce() {
        CliRun run = CliRun.of("daemonize", "--", "no-such-program-jipc");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no-such-program-jipc", "ENOENT");
    }

    @Test
    void aBadUmaskIsAUsageError() {
        CliRun run = CliRun.of("daemonize", "--umask", "9", "--", "true");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("not an octal mask");
    }
}
