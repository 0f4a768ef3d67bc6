package dev.jipc.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jipc.io.LineReader;
import dev.jipc.io.Pipe;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * perlipc's {@code spawn} of the forking servers: a child whose stdin and stdout are descriptors
 * the server already holds (there, the accepted socket), with the server's copies closed right
 * after the spawn so that only the child holds the connection.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerChildTest {
    @Test
    void givenDescriptorsBecomeTheChildsStdinAndStdoutAndOurCopiesCloseAtOnce() throws Exception {
        // Two pipes stand in for the two directions of a connected socket.
        try (Pipe toChild = Pipe.open(); Pipe fromChild = Pipe.open()) {
            ChildProcess child = Command.of("sh", "-c", "read line; echo \"Hello there, $line, it's now $(date +%Y)\"")
                    .stdin(Redirect.from(toChild.reader()))
                    .stdout(Redirect.from(fromChild.writer()))
                    .start();
            toChild.reader().close();    // the child has its own copies now
            fromChild.writer().close();  // so end of file on fromChild means the child is done with it
            toChild.writer().writeFully("client\n".getBytes(UTF_8));
            toChild.writer().close();
            try (LineReader lines = LineReader.of(fromChild.reader())) {
                assertThat(lines.readLine()).startsWith("Hello there, client, it's now ");
                assertThat(lines.readLine()).as("end of file: nobody else holds the write end").isNull();
            }
            assertThat(child.waitFor()).isEqualTo(new ExitStatus.Exited(0));
        }
    }

    @Test
    void oneDescriptorAsBothStdinAndStdout() throws Exception {
        // The same Fd on both sides, as with a socket; here a pipe's write end, written by the child
        // through fd 1 and, via the dup on fd 0, reported as the same open file description.
        try (Pipe p = Pipe.open()) {
            ChildProcess child = Command.of("sh", "-c",
                    "[ \"$(readlink /proc/$$/fd/0)\" = \"$(readlink /proc/$$/fd/1)\" ] && echo same")
                    .stdin(Redirect.from(p.writer())).stdout(Redirect.from(p.writer())).start();
            p.writer().close();
            try (LineReader lines = LineReader.of(p.reader())) {
                assertThat(lines.readLine()).isEqualTo("same");
                assertThat(lines.readLine()).isNull();
            }
            assertThat(child.waitFor().success()).isTrue();
        }
    }
}
