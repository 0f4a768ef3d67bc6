package dev.jipc.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import dev.jipc.process.Redirect;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** perlipc's SIGHUP daemon: a child JVM restarts itself by exec, keeping its pid. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RestartTest {
    private static final Pattern READY = Pattern.compile("pid (\\d+) gen (\\d+) fds (\\d+) args (.*) ready");

    @Test
    void sighupExecsTheSameCommandLineWithTheSamePid() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), RestartChild.class.getName(), "a b", "c"));
        try (ChildProcess c = Command.of(argv).stdout(Redirect.pipe()).start()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(c.stdout().inputStream(), StandardCharsets.UTF_8));
            Matcher first = ready(out);
            assertThat(first.group(1)).isEqualTo(Long.toString(c.pid()));
            assertThat(first.group(2)).isEqualTo("1");
            assertThat(first.group(4)).isEqualTo("a b,c");
            List<String> fdCounts = new ArrayList<>();
            for (int gen = 2; gen <= 4; gen++) {
                Signals.send(c.pid(), Signal.SIGHUP);
                assertThat(Timeouts.run(Duration.ofSeconds(60), "got SIGHUP", out::readLine)).isEqualTo("got SIGHUP");
                Matcher m = ready(out);
                assertThat(m.group(1)).isEqualTo(Long.toString(c.pid()));
                assertThat(m.group(2)).isEqualTo(Integer.toString(gen));
                assertThat(m.group(4)).isEqualTo("a b,c");
                fdCounts.add(m.group(3));
            }
            // No descriptor survives into the next generation: each starts with the same set.
            assertThat(fdCounts).containsOnly(fdCounts.get(0));
            assertThat(c.isAlive()).isTrue();
            c.signal(Signal.SIGKILL);
            assertThat(c.waitFor()).isEqualTo(new ExitStatus.Signaled(Signal.SIGKILL, false));
        }
    }

    private static Matcher ready(BufferedReader out) throws Exception {
        String line = Timeouts.run(Duration.ofSeconds(60), "child ready", out::readLine);
        Matcher m = READY.matcher(String.valueOf(line));
        assertThat(m.matches()).as(line).isTrue();
        return m;
    }
}
