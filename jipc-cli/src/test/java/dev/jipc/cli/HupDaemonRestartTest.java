package dev.jipc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import dev.jipc.process.Redirect;
import dev.jipc.signal.Signal;
import dev.jipc.signal.Signals;
import dev.jipc.signal.Timeouts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code jipc hup-daemon} in a child JVM survives 20 SIGHUPs with the same pid and the same descriptors. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class HupDaemonRestartTest {

    @Test
    void twentyRestartsSamePidNoLeakedDescriptors() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "hup-daemon", "--interval", "50ms", "x", "y z");
        try (ChildProcess c = Command.of(argv).stdout(Redirect.pipe()).start()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(c.stdout().inputStream(), StandardCharsets.UTF_8));
            String pid = Long.toString(c.pid());
            try {
                restartTwentyTimes(c, out, pid);
            } finally {
                c.signal(Signal.SIGKILL);
            }
            assertThat(c.waitFor()).isEqualTo(new ExitStatus.Signaled(Signal.SIGKILL, false));
        }
    }

    private static void restartTwentyTimes(ChildProcess c, BufferedReader out, String pid) throws Exception {
        {
            expectStart(out, pid);
            List<String> first = steadyFds(out, c.pid());
            List<String> before = List.of();
            for (int i = 0; i < 20; i++) {
                Signals.send(c.pid(), Signal.SIGHUP);
                String line;
                do {
                    line = Timeouts.run(Duration.ofSeconds(60), "got SIGHUP", out::readLine);
                } while (line != null && line.matches("\\d+"));
                assertThat(line).isEqualTo("got SIGHUP");
                expectStart(out, pid);
                if (i == 0) {
                    // The first generation may hold descriptors its parent leaked to it without
                    // close-on-exec (the JDK opens its jars that way); the first exec sheds them.
                    before = steadyFds(out, c.pid());
                    assertThat(before.size()).as("generation 2 %s against generation 1 %s", before, first)
                            .isLessThanOrEqualTo(first.size());
                }
            }
            List<String> after = steadyFds(out, c.pid());
            System.out.println("hup-daemon: 20 restarts of pid " + pid + ", descriptors: generation 1 " + first.size()
                    + ", generation 2 " + before.size() + ", generation 21 " + after.size());
            assertThat(after).as("generation 21 against generation 2").containsExactlyInAnyOrderElementsOf(before);
        }
    }

    /**
     * PID and ARGV lines, then the first count, by which time the JVM has opened what it keeps. The
     * old generation may print a count or two between "got SIGHUP" and the exec.
     */
    private static void expectStart(BufferedReader out, String pid) throws Exception {
        String line;
        do {
            line = Timeouts.run(Duration.ofSeconds(60), "PID line", out::readLine);
        } while (line != null && line.matches("\\d+"));
        assertThat(line).isEqualTo("PID: " + pid);
        assertThat(out.readLine()).isEqualTo("ARGV: x y z");
        assertThat(Timeouts.run(Duration.ofSeconds(60), "first count", out::readLine)).isEqualTo("1");
    }

    /**
     * The descriptors a generation keeps: its fd table at each of the next four counts, the smallest
     * of them. A JVM opens descriptors for a moment now and then (a class file read from a classes
     * directory, a look at /proc), so a single look may catch one; a leaked descriptor stays in all.
     */
    private static List<String> steadyFds(BufferedReader out, long pid) throws Exception {
        List<String> fewest = null;
        for (int n = 2; n <= 5; n++) {
            assertThat(Timeouts.run(Duration.ofSeconds(60), "count " + n, out::readLine)).isEqualTo(Integer.toString(n));
            List<String> now = fds(pid);
            if (fewest == null || now.size() < fewest.size()) {
                fewest = now;
            }
        }
        return fewest;
    }

    /**
     * What each open descriptor refers to, sorted, with pipe and socket inode numbers left out (every
     * generation makes its own); one that closes while being listed is left out.
     */
    private static List<String> fds(long pid) throws Exception {
        Path dir = Path.of("/proc/" + pid + "/fd");
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString().replaceAll("\\[\\d+\\]$", "[]");
                        } catch (java.io.IOException gone) {
                            return null;
                        }
                    })
                    .filter(java.util.Objects::nonNull)
                    .sorted()
                    .toList();
        }
    }
}
