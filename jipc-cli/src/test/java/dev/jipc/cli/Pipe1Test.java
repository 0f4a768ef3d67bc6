package dev.jipc.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code jipc pipe1} next to perlipc's pipe1 run by perl: the same two lines, the same shape. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Pipe1Test {
    /** perlipc's pipe1 as printed there, with {@code $pid} declared so that {@code use strict} accepts it. */
    static final String PERL_PIPE1 = """
            use strict;
            use warnings;
            use IO::Handle;
            pipe(my $parent_rdr, my $child_wtr);
            pipe(my $child_rdr,  my $parent_wtr);
            $child_wtr->autoflush(1);
            $parent_wtr->autoflush(1);
            my $pid;
            if ($pid = fork()) {
                close $parent_rdr;
                close $parent_wtr;
                print $child_wtr "Parent Pid $$ is sending this\\n";
                chomp(my $line = <$child_rdr>);
                print "Parent Pid $$ just read this: '$line'\\n";
                close $child_rdr; close $child_wtr;
                waitpid($pid, 0);
            } else {
                die "cannot fork: $!" unless defined $pid;
                close $child_rdr;
                close $child_wtr;
                chomp(my $line = <$parent_rdr>);
                print "Child Pid $$ just read this: '$line'\\n";
                print $parent_wtr "Child Pid $$ is sending this\\n";
                close $parent_rdr;
                close $parent_wtr;
                exit(0);
            }
            """;

    /** Each line with its pids replaced by N, and the pids in order of appearance. */
    static List<String> shape(String out) {
        return out.lines().map(l -> l.replaceAll("Pid \\d+", "Pid N")).toList();
    }

    @Test
    void theJavaParentAndChildTalkOverTwoPipes() {
        CliRun run = CliRun.of("pipe1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        long me = ProcessHandle.current().pid();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("Child Pid (\\d+) just read this: 'Parent Pid " + me + " is sending this'");
        String childPid = lines.get(0).replaceAll("Child Pid (\\d+) .*", "$1");
        assertThat(Long.parseLong(childPid)).isNotEqualTo(me);
        assertThat(lines.get(1)).isEqualTo("Parent Pid " + me + " just read this: 'Child Pid " + childPid + " is sending this'");
    }

    @Test
    void theOutputHasTheShapeOfPerlsPipe1(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "perl is not installed at /usr/bin/perl");
        Path script = dir.resolve("pipe1");
        Files.writeString(script, PERL_PIPE1);
        String perlOut;
        try (ChildProcess perl = Command.of("/usr/bin/perl", script.toString()).stdout(Redirect.pipe()).start()) {
            perlOut = new String(perl.stdout().inputStream().readAllBytes(), UTF_8);
            assertThat(perl.waitFor().success()).isTrue();
        }
        CliRun run = CliRun.of("pipe1");
        assertThat(shape(run.out())).isEqualTo(shape(perlOut)).containsExactly(
                "Child Pid N just read this: 'Parent Pid N is sending this'",
                "Parent Pid N just read this: 'Child Pid N is sending this'");
    }
}
