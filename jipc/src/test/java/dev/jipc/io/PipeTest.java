package dev.jipc.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import dev.jipc.internal.PipeSizes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PipeTest {
    @Test
    void roundTrip() throws Exception {
        try (Pipe p = Pipe.open()) {
            p.writer().writeFully("hello".getBytes(StandardCharsets.UTF_8));
            byte[] buf = new byte[16];
            int n = p.reader().read(buf);
            assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).isEqualTo("hello");
            // DEFAULT_SIZE unless this user's pipe quota is spent elsewhere on the machine.
            assertThat(p.writer().pipeSize()).isIn(Pipe.DEFAULT_SIZE, 64 * 1024, 8 * 1024);
        }
    }

    @Test
    void eofAfterWriterCloses() throws Exception {
        try (Pipe p = Pipe.open()) {
            p.writer().writeFully(new byte[] {1, 2, 3});
            p.writer().close();
            byte[] buf = new byte[16];
            assertThat(p.reader().read(buf)).isEqualTo(3);
            assertThat(p.reader().read(buf)).isEqualTo(-1);
        }
    }

    @Test
    void epipeWhenReaderGone() throws Exception {
        try (Pipe p = Pipe.open()) {
            p.reader().close();
            assertThatThrownBy(() -> p.writer().writeFully(new byte[] {1}))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPIPE))
                    .hasMessageContaining("pipe writer");
        }
    }

    @Test
    void epipeAgainAndThroughTheStreamView() throws Exception {
        try (Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT)) {
            p.reader().close();
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> p.writer().write(new byte[] {1}, 0, 1))
                        .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPIPE));
            }
            assertThatThrownBy(() -> p.writer().outputStream().write(new byte[100]))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPIPE));
            assertThat(p.writer().isClosed()).as("EPIPE does not close the writer").isFalse();
        }
    }

    @Test
    void aRequestedSizeIsRoundedUpToWholePages() throws Exception {
        try (Pipe small = Pipe.open(4096); Pipe odd = Pipe.open(5000); Pipe kernel = Pipe.open(Pipe.KERNEL_DEFAULT)) {
            assertThat(small.writer().pipeSize()).isEqualTo(4096);
            assertThat(small.reader().pipeSize()).as("both ends see one pipe").isEqualTo(4096);
            assertThat(odd.writer().pipeSize()).isEqualTo(8192);
            assertThat(kernel.writer().pipeSize()).isLessThanOrEqualTo(PipeSizes.KERNEL_DEFAULT);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, Integer.MAX_VALUE / 2, 1 << 30})
    void aSizeAbovePipeMaxSizeIsQuietlyNotApplied(int size) throws Exception {
        Assumptions.assumeFalse(hasCapSysResource(),
                "CAP_SYS_RESOURCE lets this process exceed /proc/sys/fs/pipe-max-size");
        Assumptions.assumeTrue(size > PipeSizes.maxSize(), "pipe-max-size is at least " + size);
        try (Pipe p = Pipe.open(size)) {
            assertThat(p.writer().pipeSize()).isLessThanOrEqualTo(PipeSizes.maxSize()).isLessThan(size);
            p.writer().writeFully(new byte[] {1});
            assertThat(p.reader().read(new byte[1])).isEqualTo(1);
        }
    }

    @Test
    void aRefusedResizeKeepsTheCurrentSize() throws Exception {
        try (Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT)) {
            int before = p.writer().pipeSize();
            p.writer().writeFully(new byte[3 * 4096]); // three pages in use: cannot shrink to one

            assertThat(PipeSizes.tryResize(p.writer().number(), 4096)).isEqualTo(before);
            assertThatThrownBy(() -> p.writer().setPipeSize(4096))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY))
                    .hasMessageContaining("F_SETPIPE_SZ");
            assertThat(p.writer().pipeSize()).isEqualTo(before);
        }
    }

    @Test
    void negativeSizeIsRejected() {
        assertThatThrownBy(() -> Pipe.open(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Whether CAP_SYS_RESOURCE (bit 24) is in this process's effective capability set. */
    private static boolean hasCapSysResource() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 24)) != 0;
            }
        }
        return false;
    }

    @Test
    void readTimesOut() throws Exception {
        try (Pipe p = Pipe.open()) {
            assertThatThrownBy(() -> p.reader().read(new byte[1], 0, 1, Duration.ofMillis(50)))
                    .isInstanceOf(TimedOutException.class);
        }
    }

    @Test
    void parkedReaderWakesOnWrite() throws Exception {
        try (Pipe p = Pipe.open()) {
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(100);
                    p.writer().writeFully(new byte[] {42});
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] b = new byte[1];
            assertThat(p.reader().read(b)).isEqualTo(1);
            assertThat(b[0]).isEqualTo((byte) 42);
            t.join();
        }
    }

    @Test
    void defaultSizeIsRationedAcrossOpenPipes() throws Exception {
        long softPages = Long.parseLong(new String(java.nio.file.Files.newInputStream(
                java.nio.file.Path.of("/proc/sys/fs/pipe-user-pages-soft")).readAllBytes()).strip());
        org.junit.jupiter.api.Assumptions.assumeTrue(softPages > 0, "no per-user pipe quota on this system");
        long ration = softPages * 4096 / 4 / Pipe.DEFAULT_SIZE;
        java.util.List<Pipe> pipes = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < ration + 4; i++) {
                pipes.add(Pipe.open());
            }
            long enlarged = 0;
            for (Pipe p : pipes) {
                if (p.writer().pipeSize() > 64 * 1024) {
                    enlarged++;
                }
            }
            assertThat(enlarged).isLessThanOrEqualTo(ration);
            assertThat(pipes.getLast().writer().pipeSize()).isLessThanOrEqualTo(64 * 1024);
        } finally {
            for (Pipe p : pipes) {
                p.close();
            }
        }
    }
}
