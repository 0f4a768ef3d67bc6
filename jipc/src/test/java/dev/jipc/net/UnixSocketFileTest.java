package dev.jipc.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.process.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Socket files: permissions, stale and live files, removal, the -S test. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnixSocketFileTest {
    @TempDir
    Path dir;

    @Test
    void socketFileIsOwnerOnlyByDefaultAndRemovedOnClose() throws Exception {
        Path path = dir.resolve("sock");
        try (Listener l = Unix.listen(path)) {
            assertThat(Unix.isSocket(path)).isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        }
        assertThat(Files.exists(path)).isFalse();
        assertThat(Unix.isSocket(path)).isFalse();
    }

    @Test
    void givenPermissions() throws Exception {
        Path path = dir.resolve("shared");
        try (Listener l = Unix.listen(path, PosixFilePermissions.fromString("rw-rw-rw-"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-rw-rw-");
        }
    }

    @Test
    void isSocketTellsSocketsFromOtherFiles() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertThat(Unix.isSocket(file)).isFalse();
        assertThat(Unix.isSocket(dir)).isFalse();
        assertThat(Unix.isSocket(dir.resolve("missing"))).isFalse();
    }

    @Test
    void staleSocketFileOfADeadServerIsReplaced() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(FdPassingTest.onPath("perl"), "perl is not installed");
        Path path = dir.resolve("stale");
        // A server in another process binds the name and dies without removing its file.
        int status = Command.of("perl", "-MIO::Socket::UNIX", "-e",
                "IO::Socket::UNIX->new(Local => $ARGV[0], Listen => 1) or die $!", path.toString())
                .run().shellStyleCode();
        assertThat(status).isZero();
        assertThat(Unix.isSocket(path)).isTrue();
        try (Listener l = Unix.listen(path); StreamSocket c = Unix.connect(path); StreamSocket s = l.accept()) {
            c.writeFully(new byte[] {42});
            assertThat(s.read(new byte[1])).isEqualTo(1);
        }
        assertThat(Files.exists(path)).isFalse();
    }

    @Test
    void liveSocketFileIsRefused() throws Exception {
        Path path = dir.resolve("live");
        try (Listener first = Unix.listen(path)) {
            assertThatThrownBy(() -> Unix.listen(path))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EADDRINUSE))
                    .hasMessageContaining("a server is listening on it");
            // The refused attempt left the live server's file alone.
            try (StreamSocket c = Unix.connect(path); StreamSocket s = first.accept()) {
                assertThat(Unix.isSocket(path)).isTrue();
            }
        }
    }

    @Test
    void aFileThatIsNoSocketIsNeverRemoved() throws Exception {
        Path path = Files.writeString(dir.resolve("data"), "precious");
        assertThatThrownBy(() -> Unix.listen(path))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EADDRINUSE))
                .hasMessageContaining("not a socket");
        assertThat(Files.readString(path)).isEqualTo("precious");
    }

    @Test
    void closeLeavesAFileThatAnotherServerTookOver() throws Exception {
        Path path = dir.resolve("taken");
        Listener old = Unix.listen(path);
        Files.delete(path); // someone removed it and started a new server on the name
        try (Listener now = Unix.listen(path)) {
            old.close();
            assertThat(Unix.isSocket(path)).isTrue();
        }
    }
}
