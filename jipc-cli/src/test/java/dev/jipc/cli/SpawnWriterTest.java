package dev.jipc.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** {@code jipc spawn-writer}: a child of this program writes our stdin into a file, as another user if asked. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ResourceLock("java.lang.System.in")
class SpawnWriterTest {
    @TempDir
    Path dir;

    static CliRun withStdin(String input, String... args) {
        InputStream old = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(UTF_8)));
        try {
            return CliRun.of(args);
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void theChildCopiesStdinIntoTheFile() throws Exception {
        Path f = dir.resolve("precious");
        CliRun run = withStdin("line one\nline two\n", "spawn-writer", "--file", f.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).matches("spawn-writer: child pid \\d+ writing .*precious: exit 0\\R");
        assertThat(Files.readString(f)).isEqualTo("line one\nline two\n");
    }

    @Test
    void asAnotherUserTheFileIsTheirsAndTheirPermissionsApply() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "switching to another uid needs root; this JVM runs as " + System.getProperty("user.name"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path f = dir.resolve("theirs");
        CliRun run = withStdin("data\n", "spawn-writer", "--file", f.toString(), "--uid", "65534", "--gid", "65534");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("(uid 65534, gid 65534)", ": exit 0");
        assertThat(Files.readString(f)).isEqualTo("data\n");
        assertThat(Files.getAttribute(f, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(65534);

        // A file only root may write stays out of the child's reach.
        Path rootOnly = Files.createDirectory(dir.resolve("root-only"));
        Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rwx------"));
        CliRun denied = withStdin("data\n", "spawn-writer", "--file", rootOnly.resolve("f").toString(),
                "--uid", "65534", "--gid", "65534");
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.out()).contains(": exit 1");
        assertThat(rootOnly.resolve("f")).doesNotExist();
    }

    @Test
    void uidWithoutGidIsAUsageError() {
        CliRun run = CliRun.of("spawn-writer", "--file", dir.resolve("x").toString(), "--uid", "1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("give --uid and --gid together");
    }
}
