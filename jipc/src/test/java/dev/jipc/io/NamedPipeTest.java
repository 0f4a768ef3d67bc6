package dev.jipc.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NamedPipeTest {
    @TempDir
    Path dir;

    @Test
    void createsOwnerOnlyFifo() throws Exception {
        NamedPipe fifo = NamedPipe.at(dir.resolve("q")).create();
        assertThat(fifo.exists()).isTrue();
        assertThat(NamedPipe.isFifo(fifo.path())).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fifo.path()))).isEqualTo("rw-------");
        assertThatThrownBy(fifo::create)
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
        assertThat(fifo.createOrReuse().exists()).isTrue();
    }

    @Test
    void explicitPermissionsIgnoreUmask() throws Exception {
        var perms = PosixFilePermissions.fromString("rw-rw-rw-");
        NamedPipe fifo = NamedPipe.at(dir.resolve("q")).withPermissions(perms).create();
        assertThat(Files.getPosixFilePermissions(fifo.path())).isEqualTo(perms);
    }

    @Test
    void plainFileInTheWayIsEexist() throws Exception {
        Path p = Files.writeString(dir.resolve("plain"), "x");
        assertThat(NamedPipe.isFifo(p)).isFalse();
        assertThatThrownBy(() -> NamedPipe.at(p).createOrReuse())
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST))
                .hasMessageContaining("not a fifo");
        assertThatThrownBy(() -> NamedPipe.at(p).openReader(Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
                .hasMessageContaining("not a fifo");
    }

    @Test
    void missingFifoIsEnoent() {
        assertThat(NamedPipe.isFifo(dir.resolve("none"))).isFalse();
        assertThatThrownBy(() -> NamedPipe.at(dir.resolve("none")).openWriter())
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                .hasMessage("open fifo " + dir.resolve("none") + ": ENOENT (No such file or directory)");
    }

    @Test
    void writerWithoutReaderIsEnxioWhenNotWaiting() throws Exception {
        NamedPipe fifo = NamedPipe.at(dir.resolve("q")).create();
        assertThatThrownBy(() -> fifo.openWriter(Duration.ZERO))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENXIO))
                .hasMessageContaining("ENXIO");
    }

    @Test
    void rendezvousBetweenThreads() throws Exception {
        NamedPipe fifo = NamedPipe.at(dir.resolve("q")).create();
        CompletableFuture<String> got = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (Fd in = fifo.openReader()) {
                byte[] b = new byte[64];
                int n = in.read(b);
                got.complete(new String(b, 0, n, StandardCharsets.UTF_8));
            } catch (Throwable t) {
                got.completeExceptionally(t);
            }
        });
        try (Fd out = fifo.openWriter()) {
            out.writeFully("ping".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(got.get(30, TimeUnit.SECONDS)).isEqualTo("ping");
        reader.join();
    }

    @Test
    void rendezvousWithAChildProcess() throws Exception {
        NamedPipe fifo = NamedPipe.at(dir.resolve("q")).create();
        Process child = new ProcessBuilder("sh", "-c", "echo from-child > \"$1\"", "sh", fifo.path().toString())
                .redirectErrorStream(true).start();
        try (Fd in = fifo.openReader(Duration.ofSeconds(30))) {
            assertThat(new String(in.inputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("from-child\n");
        }
        assertThat(child.waitFor()).isZero();
        child.getInputStream().close();
        child.getOutputStream().close();
        child.getErrorStream().close();
    }

    @Test
    void readerOpenTimesOutAndLeavesNothingOpen() throws Exception {
        NamedPipe fifo = NamedPipe.at(dir.resolve("q")).create();
        assertThatThrownBy(() -> fifo.openReader(Duration.ofMillis(100)))
                .isInstanceOf(TimedOutException.class)
                .hasMessageContaining("open fifo " + fifo.path() + " for reading");
        assertThatThrownBy(() -> fifo.openWriter(Duration.ofMillis(100))).isInstanceOf(TimedOutException.class);
        // The fifo is still usable afterwards.
        rendezvousAgain(fifo);
    }

    @Test
    void interruptedOpenThrowsAndKeepsTheFlag() throws Exception {
        NamedPipe fifo = NamedPipe.at(dir.resolve("q")).create();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                fifo.openWriter().close();
            } catch (Throwable e) {
                thrown.set(e);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING && t.isAlive()) {
            Thread.onSpinWait();
        }
        t.interrupt();
        t.join();
        assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class);
        assertThat(flag.get()).isTrue();
        rendezvousAgain(fifo);
    }

    private static void rendezvousAgain(NamedPipe fifo) throws Exception {
        CompletableFuture<Integer> got = CompletableFuture.supplyAsync(() -> {
            try (Fd in = fifo.openReader(Duration.ofSeconds(30))) {
                return in.read(new byte[8]);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        try (Fd out = fifo.openWriter(Duration.ofSeconds(30))) {
            out.writeFully(new byte[] {7});
        }
        assertThat(got.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    }

}
