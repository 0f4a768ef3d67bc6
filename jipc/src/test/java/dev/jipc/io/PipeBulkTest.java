package dev.jipc.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A gibibyte through one pipe between two threads, checksummed on both sides. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PipeBulkTest {
    private static final long TOTAL = 1L << 30;
    private static final int CHUNK = 256 * 1024;

    private record Summary(long bytes, long crc) {}

    @Test
    void oneGibibyteArrivesIntact() throws Exception {
        try (Pipe p = Pipe.open()) {
            CompletableFuture<Summary> sent = CompletableFuture.supplyAsync(() -> send(p.writer()), Thread::startVirtualThread);

            Summary received = receive(p.reader());

            assertThat(received).isEqualTo(sent.get());
            assertThat(received.bytes()).isEqualTo(TOTAL);
        }
    }

    /** Writes TOTAL bytes of varying content, then closes the writer for end of file. */
    private static Summary send(Fd writer) {
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        byte[] random = new byte[CHUNK];
        ThreadLocalRandom.current().nextBytes(random);
        buf.put(random).flip();
        CRC32C crc = new CRC32C();
        try (writer) {
            for (long sent = 0; sent < TOTAL; sent += CHUNK) {
                buf.putLong(0, sent); // every chunk differs, so a lost or repeated one changes the sum
                buf.clear();
                crc.update(buf.duplicate());
                writer.writeFully(buf);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Summary(TOTAL, crc.getValue());
    }

    private static Summary receive(Fd reader) throws java.io.IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        CRC32C crc = new CRC32C();
        long total = 0;
        while (true) {
            buf.clear();
            int n = reader.read(buf);
            if (n < 0) {
                return new Summary(total, crc.getValue());
            }
            total += n;
            crc.update(buf.flip());
        }
    }
}
