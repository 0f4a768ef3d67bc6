package dev.jipc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jipc.process.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The process subcommands, each compared with its Perl original where there is one. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessCommandsTest {
    @TempDir
    Path dir;

    static final String NETSTATISH = "printf 'Proto Recv-Q\\ntcp 0 0\\nunix 2 [ ]\\nudp 0 0\\nunix 3 [ ]\\n'";

    private static String perl(String... args) throws IOException {
        return Command.of("perl", args).captureText();
    }

    @Test
    void pipeReadMatchesThePerlNetstatFilter() throws IOException {
        CliRun run = CliRun.of("pipe-read", "--skip", "^(tcp|udp)", "--", "sh", "-c", NETSTATISH);
        assertThat(run.exitCode()).isZero();
        String perl = perl("-e", "open(my $s, '-|', @ARGV) || die; while (<$s>) { next if /^(tcp|udp)/; print } close $s || die \"bad: $! $?\"",
                "sh", "-c", NETSTATISH);
        assertThat(run.out()).isEqualTo(perl).isEqualTo("Proto Recv-Q\nunix 2 [ ]\nunix 3 [ ]\n");
        assertThat(run.err()).contains("close sh: exit 0 ($? = 0)");
    }

    @Test
    void pipeReadReportsAFailedClose() {
        CliRun run = CliRun.of("pipe-read", "--", "sh", "-c", "echo x; exit 3");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("x\n");
        assertThat(run.err()).contains("close sh: exit 3 ($? = 768)");
    }

    @Test
    void pipeWriteIsTheSpooler() throws IOException {
        Path in = Files.writeString(dir.resolve("in"), "stuff\u0001\n");
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("pipe-write", "--from", in.toString(), "--", "sh", "-c", "cat -v > \"$1\"", "sh", out.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(Files.readString(out)).isEqualTo("stuff^A\n");
        assertThat(run.err()).contains("close sh: exit 0");
    }

    @Test
    void pipeWriteToACommandThatFails() throws IOException {
        Path in = Files.writeString(dir.resolve("in"), "x\n".repeat(100_000));
        CliRun run = CliRun.of("pipe-write", "--from", in.toString(), "--", "sh", "-c", "exit 4");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("close sh: exit 4"); // whether a write met EPIPE first depends on timing
    }

    @Test
    void backticksCapturesAndMatchesPerl() throws IOException {
        CliRun run = CliRun.of("backticks", "--", "echo", "$HOME", "a b");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(perl("-e", "print `echo '\\$HOME' 'a b'`")).isEqualTo("$HOME a b\n");
        assertThat(run.err()).contains("close echo: exit 0");
        CliRun bad = CliRun.of("backticks", "--", "sh", "-c", "echo oops >&2; exit 2");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("oops", "exit 2");
    }

    @Test
    void pipelineWithoutAShell() {
        CliRun run = CliRun.of("pipeline", "printf 'b\\na\\nb\\n'", "sort -u", "tr a-z A-Z");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("A\nB\n");
        assertThat(run.err()).contains("stage 2 (sort -u): exit 0", "exit 0 | exit 0 | exit 0; pipefail exit 0");
        CliRun fail = CliRun.of("pipeline", "--input", "/dev/null", "yes", "head -1", "sh -c 'cat >/dev/null; exit 5'");
        assertThat(fail.exitCode()).isEqualTo(1);
        assertThat(fail.err()).contains("killed by SIGPIPE | exit 0 | exit 5; pipefail exit 5");
    }

    @Test
    void open2TalksLineByLineLikePerl() throws IOException {
        Path in = Files.writeString(dir.resolve("in"), "stuff\nmore stuff\n");
        CliRun run = CliRun.of("open2", "--from", in.toString(), "--", "cat", "-u");
        assertThat(run.exitCode()).isZero();
        String perl = perl("-MIPC::Open2", "-e", "my $pid = open2(my $r, my $w, 'cat', '-u'); open(my $in, '<', $ARGV[0]) or die;"
                + " while (<$in>) { print $w $_; $w->flush; my $got = <$r>; print $got } close $w; waitpid($pid, 0);", in.toString());
        assertThat(run.out()).isEqualTo(perl).isEqualTo("stuff\nmore stuff\n");
        Path sums = Files.writeString(dir.resolve("sums"), "1+2\n6*7\n");
        assertThat(CliRun.of("open2", "--from", sums.toString(), "--", "bc", "-q").out()).isEqualTo("3\n42\n");
    }

    @Test
    void catArgsMatchesPerlsDiamond() throws IOException {
        Path f1 = Files.writeString(dir.resolve("f1"), "one\n");
        Path f2 = Files.writeString(dir.resolve("f2"), "two\n");
        CliRun run = CliRun.of("cat-args", "--allow-commands", f1.toString(), "echo cmd1|", f2.toString(), "printf cmd2\\\\n |");
        assertThat(run.exitCode()).isZero();
        String perl = perl("-e", "while (<>) { print }", f1.toString(), "echo cmd1|", f2.toString(), "printf 'cmd2\\n' |");
        assertThat(run.out()).isEqualTo(perl).isEqualTo("one\ncmd1\ntwo\ncmd2\n");
        CliRun refused = CliRun.of("cat-args", "echo cmd1|");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("echo cmd1|");
    }

    @Test
    void tourIncludesProcesses() {
        CliRun run = CliRun.of("tour");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Processes", "killed by SIGTERM", "killed by SIGPIPE | exit 0", "counted 4194304 bytes");
    }
}
