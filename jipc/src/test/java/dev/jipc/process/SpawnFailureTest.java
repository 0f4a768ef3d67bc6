package dev.jipc.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spawn that cannot succeed fails in {@link Command#start()} with the errno, the step and the
 * program, and leaves no child behind (the leak guard checks). Some posix_spawn implementations do
 * not report a failed exec; these tests prove this one does.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpawnFailureTest {
    @TempDir
    Path dir;

    private static AbstractThrowableAssert<?, ?> fails(Command cmd, Errno errno) {
        return assertThatThrownBy(cmd::start)
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(errno));
    }

    @Test
    void unknownProgramOnPath() {
        fails(Command.of("jipc-no-such-program-xyz"), Errno.ENOENT)
                .hasMessageContaining("exec jipc-no-such-program-xyz: ENOENT");
    }

    @Test
    void unknownProgramByPath() {
        fails(Command.of("/nonexistent/prog"), Errno.ENOENT).hasMessageStartingWith("exec /nonexistent/prog: ENOENT");
    }

    @Test
    void notExecutable() throws Exception {
        Path f = Files.writeString(dir.resolve("plain"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        fails(Command.of(f.toString()), Errno.EACCES).hasMessageContaining("exec " + f);
    }

    @Test
    void notExecutableOnPathIsEaccesNotEnoent() throws Exception {
        Path f = Files.writeString(dir.resolve("plainprog"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        fails(Command.of("plainprog").env("PATH", dir.toString()), Errno.EACCES);
    }

    @Test
    void aDirectory() {
        fails(Command.of(dir.toString()), Errno.EACCES).hasMessageContaining(dir.toString());
    }

    @Test
    void noKnownBinaryFormat() throws Exception {
        Path f = Files.writeString(dir.resolve("data"), "just some text, no #! line\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        fails(Command.of(f.toString()), Errno.ENOEXEC).hasMessageContaining(f.toString());
    }

    @Test
    void missingWorkingDirectory() {
        Path missing = dir.resolve("gone");
        fails(Command.of("/bin/true").directory(missing), Errno.ENOENT)
                .hasMessageContaining("chdir " + missing).hasMessageContaining("/bin/true");
    }

    @Test
    void argumentListTooLong() {
        fails(Command.of("/bin/true", "x".repeat(300_000)), Errno.E2BIG).hasMessageContaining("exec /bin/true");
    }

    @Test
    void unopenableRedirectFile() {
        Path f = dir.resolve("no/such/dir/out");
        fails(Command.of("/bin/true").stdout(Redirect.write(f)), Errno.ENOENT)
                .hasMessageContaining("open for stdout " + f);
    }

    @Test
    void badInputIsRejectedWhenSet() {
        assertThatThrownBy(() -> Command.of(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Command.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Command.of("echo", "a\0b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> Command.of("e\0cho")).isInstanceOf(IllegalArgumentException.class);
        Command echo = Command.of("echo");
        assertThatThrownBy(() -> echo.env("A", "x\0y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> echo.env("A=B", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> echo.env("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> echo.arg0("a\0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> echo.stderr(Redirect.toFd(2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> echo.fd(-1, Redirect.inherit())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commandsAreImmutableValues() {
        Command base = Command.of("echo", "a");
        Command changed = base.env("X", "1").stdout(Redirect.nullDevice()).arg0("b").newSession();
        assertThat(base.environment()).doesNotContainKey("X");
        assertThat(base.redirect(1)).isEqualTo(Redirect.inherit());
        assertThat(base.arg0()).isEmpty();
        assertThat(base.startsNewSession()).isFalse();
        assertThat(changed.environment()).containsEntry("X", "1");
        assertThat(changed.redirect(1)).isEqualTo(Redirect.nullDevice());
        assertThat(changed.startsNewProcessGroup()).isTrue();
        java.util.ArrayList<String> list = new java.util.ArrayList<>(List.of("echo", "x"));
        Command fromList = Command.of(list);
        list.set(1, "changed");
        assertThat(fromList.argv()).containsExactly("echo", "x");
        assertThat(Command.of("printf", "%s", "a b").toString()).isEqualTo("printf %s 'a b'");
    }
}
