package dev.jipc.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PipeTest {
    @Test
    void roundTrip() throws Exception {
        try (Pipe p = Pipe.open()) {
            p.writer().writeFully("hello".getBytes(StandardCharsets.UTF_8));
            byte[] buf = new byte[16];
            int n = p.reader().read(buf);
            assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(p.writer().pipeSize()).isEqualTo(Pipe.DEFAULT_SIZE);
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
}
