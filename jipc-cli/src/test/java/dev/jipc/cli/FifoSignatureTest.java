package dev.jipc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jipc.io.Fd;
import dev.jipc.io.NamedPipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FifoSignatureTest {
    @TempDir
    Path dir;

    /** Runs the server on its own thread; the test is its readers. */
    private static CompletableFuture<CliRun> serve(String... args) {
        CompletableFuture<CliRun> done = new CompletableFuture<>();
        Thread.ofPlatform().name("fifo-signature under test").start(() -> done.complete(CliRun.of(args)));
        return done;
    }

    /** Opens the fifo as a reader once the server has made it, and reads to end of file. */
    private static String readOnce(Path path) throws Exception {
        while (!NamedPipe.isFifo(path)) {
            Thread.sleep(10); // the server has not created it yet
        }
        try (Fd in = NamedPipe.at(path).openReader(Duration.ofSeconds(30))) {
            return new String(in.inputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void servesEachReaderOneFreshTextAndRemovesItsFifo() throws Exception {
        Path sig = dir.resolve("signature");
        CompletableFuture<CliRun> server = serve("fifo-signature", sig.toString(), "--count", "2");
        String first = readOnce(sig);
        String second = readOnce(sig);
        CliRun run = server.get();
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(first).startsWith("jipc fifo-signature #1 at ").endsWith("\n").hasLineCount(1);
        assertThat(second).startsWith("jipc fifo-signature #2 at ").hasLineCount(1);
        assertThat(run.err()).contains("created fifo " + sig, "served reader #2", "removed fifo " + sig);
        assertThat(sig).doesNotExist();
    }

    @Test
    void replacesAPlainFileWithAFifo() throws Exception {
        Path sig = Files.writeString(dir.resolve("signature"), "a plain file");
        CompletableFuture<CliRun> server = serve("fifo-signature", sig.toString(), "--count", "1", "--mode", "0640");
        String text = readOnce(sig);
        CliRun run = server.get();
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(text).startsWith("jipc fifo-signature #1");
        assertThat(run.err()).contains("removed the plain file", "created fifo " + sig + " with mode 0640 (rw-r-----)");
        assertThat(sig).doesNotExist();
    }

    @Test
    void recreatesTheFifoWhenItIsReplacedWhileWaiting() throws Exception {
        Path sig = dir.resolve("signature");
        CompletableFuture<CliRun> server = serve("fifo-signature", sig.toString(), "--count", "1");
        while (!NamedPipe.isFifo(sig)) {
            Thread.sleep(10); // the server has not created it yet
        }
        Files.delete(sig);
        Files.writeString(sig, "someone else's file");
        String text = readOnce(sig);
        CliRun run = server.get();
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(text).startsWith("jipc fifo-signature #1");
        // Whether the server had started its wait when the file was swapped is up to the scheduler;
        // either way it notices, says so, and clears the way for a new fifo.
        assertThat(run.err()).contains("was removed or replaced", "removed the plain file");
        assertThat(sig).doesNotExist();
    }

    @Test
    void servesTheTextFileReadAnewEachTime() throws Exception {
        Path sig = dir.resolve("signature");
        Path text = Files.writeString(dir.resolve("text"), "J. Smith\nfirst\n");
        CompletableFuture<CliRun> server = serve("fifo-signature", sig.toString(), "--count", "2", "--text", text.toString());
        assertThat(readOnce(sig)).isEqualTo("J. Smith\nfirst\n");
        Files.writeString(text, "J. Smith\nsecond\n");
        assertThat(readOnce(sig)).isEqualTo("J. Smith\nsecond\n");
        assertThat(server.get().exitCode()).isZero();
    }

    @Test
    void leavesAFifoItDidNotCreate() throws Exception {
        NamedPipe existing = NamedPipe.at(dir.resolve("signature")).create();
        CompletableFuture<CliRun> server = serve("fifo-signature", existing.path().toString(), "--count", "1");
        assertThat(readOnce(existing.path())).startsWith("jipc fifo-signature #1");
        CliRun run = server.get();
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).doesNotContain("created fifo", "removed fifo");
        assertThat(existing.exists()).isTrue();
    }

    @Test
    void refusesToTouchADirectory() throws Exception {
        Path sig = Files.createDirectory(dir.resolve("signature"));
        CliRun run = CliRun.of("fifo-signature", sig.toString(), "--count", "1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("neither a fifo nor a plain file");
        assertThat(sig).isDirectory();
    }
}
