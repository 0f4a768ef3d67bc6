package dev.jipc.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.internal.Unistd;
import dev.jipc.io.LineReader;
import dev.jipc.testing.ProcSelf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Relaunching the running program as a daemon, shown with a child JVM that daemonizes itself. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DaemonTest {
    @TempDir
    Path dir;

    private static final Path CWD = Path.of("/home/me/app");

    private static List<String> argv(List<String> cmdline, DaemonOptions o) {
        return Daemon.relaunchArgv(cmdline, "/jdk/bin/java", o, CWD);
    }

    @Test
    void theCommandLineIsKeptWithJvmPathsMadeAbsoluteAndDebuggersDropped() {
        DaemonOptions o = DaemonOptions.defaults().pidFile(Path.of("/run/x.pid"));
        assertThat(argv(List.of("java", "-Xmx64m", "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
                "-cp", "lib/a.jar:/opt/b.jar:", "-Dk=v w", "app.Main", "-cp", "rel/file", "a b"), o))
                .containsExactly("/jdk/bin/java", "-Djipc.daemon=true", "-Djipc.daemon.pidfile=/run/x.pid", "-Xmx64m",
                        "-cp", "/home/me/app/lib/a.jar:/opt/b.jar:/home/me/app", "-Dk=v w", "app.Main",
                        "-cp", "rel/file", "a b");
        assertThat(argv(List.of("java", "-Xdebug", "-jar", "app.jar", "x"), DaemonOptions.defaults()))
                .containsExactly("/jdk/bin/java", "-Djipc.daemon=true", "-jar",
                        "/home/me/app/app.jar", "x");
        assertThat(argv(List.of("java", "-Xdebug", "-jar", "app.jar"), DaemonOptions.defaults().keepDebugOptions(true)))
                .contains("-Xdebug");
        assertThat(argv(List.of("java", "--module-path=mods", "--add-modules", "x", "-m", "m/a.Main", "-m"),
                DaemonOptions.defaults()))
                .containsExactly("/jdk/bin/java", "-Djipc.daemon=true", "--module-path=/home/me/app/mods",
                        "--add-modules", "x", "-m", "m/a.Main", "-m");
        assertThat(argv(List.of("java", "-javaagent:agent.jar=opt=1", "@args", "Hello.java"), DaemonOptions.defaults()))
                .containsExactly("/jdk/bin/java", "-Djipc.daemon=true", "-javaagent:/home/me/app/agent.jar=opt=1",
                        "@/home/me/app/args", "/home/me/app/Hello.java");
    }

    @Test
    void aChildJvmDaemonizesItselfWritesAPidfileAndTheDaemonRemovesItOnExit() throws Exception {
        long daemonPid;
        long middle;
        try (ChildProcess jvm = JavaChild.of(TestChild.class, "daemon", dir.toString(), "two words", "*")
                .command().stdout(Redirect.pipe()).start();
                LineReader lines = LineReader.of(jvm.stdout())) {
            middle = jvm.pid();
            daemonPid = Long.parseLong(lines.readLine());
            assertThat(jvm.waitFor()).isEqualTo(new ExitStatus.Exited(0));
        }
        Path pidFile = dir.resolve("d.pid");
        try {
            // Written before the launching JVM returned from relaunchDetached, atomically, 0644.
            assertThat(Files.readString(pidFile)).isEqualTo(daemonPid + "\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pidFile))).isEqualTo("rw-r--r--");
            DetachedTest.awaitFile(dir.resolve("report"));
            assertThat(Files.readAllLines(dir.resolve("report"))).containsExactly(
                    "pid " + daemonPid, "sid " + daemonPid, "cwd /", "pidfile " + pidFile, "args two words|*");
            assertThat(daemonPid).isNotEqualTo(Unistd.getsid(0));
            assertThat(ProcSelf.children()).doesNotContainKey(daemonPid);
            assertThat(ProcessHandle.of(daemonPid).flatMap(h -> h.parent()).map(ProcessHandle::pid))
                    .isNotEqualTo(java.util.Optional.of(middle));
        } finally {
            Files.writeString(dir.resolve("stop"), "");
        }
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
        while (Files.exists(pidFile)) {
            assertThat(Instant.now()).as("the daemon removes its pidfile on exit").isBefore(giveUp);
            Thread.sleep(20);
        }
        assertThat(Files.readString(dir.resolve("d.log"))).contains("daemon " + daemonPid + " running");
    }

    @Test
    void theDaemonCannotRelaunchItselfAndANonDaemonHasNoPidfile() {
        assertThat(Daemon.isDaemonized()).isFalse();
        assertThat(Daemon.pidFile()).isEmpty();
        String old = System.setProperty(Daemon.DAEMON_PROPERTY, "true");
        try {
            assertThatThrownBy(() -> Daemon.relaunchDetached(DaemonOptions.defaults()))
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            System.clearProperty(Daemon.DAEMON_PROPERTY);
        }
        assertThat(old).isNull();
    }

    @Test
    void pidfilesAreWrittenAtomicallyWithMode0644() throws Exception {
        Path f = dir.resolve("p.pid");
        Daemon.writePidFile(f, 42);
        Daemon.writePidFile(f, 4242);
        assertThat(Files.readString(f)).isEqualTo("4242\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r--r--");
        try (var s = Files.list(dir)) {
            assertThat(s).containsExactly(f);
        }
    }
}
