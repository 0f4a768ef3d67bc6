package dev.jipc.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Thousands of virtual threads parked in read() hold no carrier: other pipe traffic still flows. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ManyParkedReadersTest {
    private static final int READERS = 5_000;

    @Test
    void fiveThousandParkedReadersLeaveRoomForOtherWork() throws Exception {
        List<Pipe> pipes = new ArrayList<>(READERS);
        List<Thread> threads = new ArrayList<>(READERS);
        AtomicInteger gotTheirByte = new AtomicInteger();
        try {
            for (int i = 0; i < READERS; i++) {
                // One page each: 5,000 pipes of the kernel's 64 KiB would spend the per-user
                // pipe quota (pipe-user-pages-soft) that other processes of this user share.
                pipes.add(Pipe.open(4096));
            }
            for (Pipe p : pipes) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        byte[] b = new byte[1];
                        if (p.reader().read(b) == 1 && b[0] == 42) {
                            gotTheirByte.incrementAndGet();
                        }
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }));
            }
            for (Thread t : threads) {
                FdTest.awaitParked(t);
            }

            try (Pipe other = Pipe.open(Pipe.KERNEL_DEFAULT)) {
                Thread echo = Thread.ofVirtual().start(() -> {
                    try {
                        other.writer().writeFully(new byte[] {1, 2, 3});
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
                assertThat(FdTest.readAll(other.reader(), 3, java.time.Duration.ofSeconds(60))).containsExactly(1, 2, 3);
                echo.join();
            }
            assertThat(gotTheirByte).hasValue(0);
            assertThat(threads).allMatch(Thread::isAlive);

            for (Pipe p : pipes) {
                p.writer().writeFully(new byte[] {42});
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(gotTheirByte).hasValue(READERS);
        } finally {
            for (Pipe p : pipes) {
                p.close();
            }
        }
    }
}
