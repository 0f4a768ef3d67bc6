package dev.jipc.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.internal.Unistd;
import dev.jipc.io.LineReader;
import dev.jipc.testing.ProcSelf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detached children: new session, {@code /}, null stdio or a log, umask, reaped while we live, and
 * outliving the JVM that started them (shown with a child JVM that exits at once).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DetachedTest {
    @TempDir
    Path dir;

    /** Polls until {@code file} exists; a hang guard, not a timing assertion. */
    static void awaitFile(Path file) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
        while (!Files.exists(file)) {
            assertThat(Instant.now()).as("waiting for %s", file).isBefore(giveUp);
            Thread.sleep(20);
        }
    }

    @Test
    void aDetachedChildHasItsOwnSessionWorksInRootAndWritesToTheLog() throws Exception {
        Path log = dir.resolve("log");
        ChildProcess child = Detached.start(
                Command.shell("echo \"sid=$(ps -o sid= -p $$ | tr -d ' ') cwd=$(pwd)\"; ls -l /proc/$$/fd/0 >&2"),
                DetachOptions.defaults().log(log));
        assertThat(child.waitFor()).isEqualTo(new ExitStatus.Exited(0));
        String text = Files.readString(log);
        assertThat(text).contains("sid=" + child.pid() + " cwd=/").contains("/dev/null");
        assertThat(child.pid()).isNotEqualTo(Unistd.getsid(0));
    }

    @Test
    void withoutALogEverythingGoesToTheNullDevice() throws Exception {
        ChildProcess child = Detached.start(Command.of("sh", "-c",
                "for f in 0 1 2; do [ \"$(readlink /proc/$$/fd/$f)\" = /dev/null ] || exit 1$f; done"));
        assertThat(child.waitFor()).isEqualTo(new ExitStatus.Exited(0));
    }

    @Test
    void descriptorsTheCallerSetAreKept() throws Exception {
        try (ChildProcess child = Detached.start(Command.of("pwd").stdout(Redirect.pipe()));
                LineReader lines = LineReader.of(child.stdout())) {
            assertThat(lines.readLine()).isEqualTo("/");
            assertThat(child.waitFor().success()).isTrue();
        }
    }

    @Test
    void umaskIsSetWithoutAShellSeeingTheArguments() throws Exception {
        Path made = dir.resolve("made; echo pwned");
        ChildProcess child = Detached.start(Command.of("touch", made.toString()),
                DetachOptions.defaults().umask(0077));
        assertThat(child.waitFor()).isEqualTo(new ExitStatus.Exited(0));
        assertThat(Files.getPosixFilePermissions(made)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        assertThat(Detached.prepare(Command.of("true"), DetachOptions.defaults().umask(022)).argv())
                .containsSubsequence("0022", "/usr/bin/true");
    }

    @Test
    void aMissingProgramFailsAtStartEvenWithAUmask() {
        assertThatThrownBy(() -> Detached.start(Command.of("no-such-program-jipc"), DetachOptions.defaults().umask(022)))
                .isInstanceOf(dev.jipc.ErrnoException.class).hasMessageContaining("ENOENT");
        assertThatThrownBy(() -> DetachOptions.defaults().umask(01000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Detached.prepare(Command.of("true").arg0("x"), DetachOptions.defaults().umask(022)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("arg0");
    }

    @Test
    void aRelativeProgramIsResolvedBeforeMovingToRoot() throws Exception {
        Command c = Detached.prepare(Command.of("./bin/tool", "a").arg0("tool"), DetachOptions.defaults());
        assertThat(c.program()).isEqualTo(Path.of("bin/tool").toAbsolutePath().toString());
        assertThat(c.arg0()).contains("tool");
        assertThat(c.directory()).contains(Path.of("/"));
        assertThat(c.startsNewSession()).isTrue();
    }

    @Test
    void aDetachedChildOutlivesTheJvmThatStartedIt() throws Exception {
        Path file = dir.resolve("done");
        long detachedPid;
        long detachedSid;
        try (ChildProcess jvm = JavaChild.of(TestChild.class, "detach", file.toString()).command()
                .stdout(Redirect.pipe()).start();
                LineReader lines = LineReader.of(jvm.stdout())) {
            String[] line = lines.readLine().split(" ");
            detachedPid = Long.parseLong(line[0]);
            detachedSid = Long.parseLong(line[1]);
            assertThat(jvm.waitFor()).isEqualTo(new ExitStatus.Exited(0));
        }
        assertThat(Files.exists(file)).as("the detached child waits for our go first").isFalse();
        // It leads its own session, not ours, and it was never ours: the JVM that started it is gone,
        // so init (or a subreaper) has adopted it.
        assertThat(detachedSid).isEqualTo(detachedPid).isNotEqualTo(Unistd.getsid(0));
        assertThat(ProcSelf.children()).doesNotContainKey(detachedPid);
        Files.createFile(dir.resolve("done.go"));
        awaitFile(file);
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
        while (!Files.readString(file, UTF_8).equals("done\n")) {
            assertThat(Instant.now()).isBefore(giveUp);
            Thread.sleep(20);
        }
    }

    @Test
    void optionsAreValues() throws IOException {
        DetachOptions o = DetachOptions.defaults().log(Path.of("x.log")).umask(027);
        assertThat(o.log()).contains(Path.of("x.log").toAbsolutePath());
        assertThat(o.umask()).hasValue(027);
        assertThat(DetachOptions.defaults().umask()).isEmpty();
        assertThat(o.toString()).contains("0027");
    }
}
