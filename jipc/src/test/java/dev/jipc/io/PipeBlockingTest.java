package dev.jipc.io;

import static dev.jipc.testing.KernelThreads.PPOLL;
import static dev.jipc.testing.KernelThreads.READ;
import static dev.jipc.testing.KernelThreads.awaitFinalWait;
import static dev.jipc.testing.KernelThreads.assertNeverIn;
import static dev.jipc.testing.KernelThreads.contextSwitches;
import static dev.jipc.testing.KernelThreads.start;
import static dev.jipc.testing.KernelThreads.taskNamed;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.jipc.internal.Descriptors;
import dev.jipc.internal.PipeNoWait;
import dev.jipc.process.Command;
import dev.jipc.process.Pipeline;
import dev.jipc.process.Redirect;
import dev.jipc.testing.KernelThreads.Worker;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.AsynchronousCloseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read end of a pipe is in blocking mode: a platform thread sleeps in {@code read(2)} like C and
 * is still woken by close and interrupt; virtual threads and timed reads never sleep in the kernel;
 * the ends children get are blocking, and the writer stays non-blocking.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipeBlockingTest {
    @BeforeEach
    void kernelLetsReadsChoose() {
        assumeThat(PipeNoWait.available()).as("preadv2 RWF_NOWAIT on pipes (Linux 5.9+)").isTrue();
    }

    @Test
    void theReaderIsBlockingTheWriterIsNot() throws Exception {
        try (Pipe p = Pipe.open(); Pipe small = Pipe.open(Pipe.KERNEL_DEFAULT)) {
            for (Pipe pipe : List.of(p, small)) {
                assertThat(Descriptors.isNonBlocking(pipe.reader().number(), "reader")).isFalse();
                assertThat(Descriptors.isNonBlocking(pipe.writer().number(), "writer")).isTrue();
                // In jipc's sense both are: a wait parks a virtual thread rather than its carrier.
                assertThat(pipe.reader().isNonBlocking()).isTrue();
                assertThat(pipe.writer().isNonBlocking()).isTrue();
            }
            try (Fd copy = p.reader().dup()) {
                p.writer().writeFully("dup".getBytes(US_ASCII));
                byte[] b = new byte[3];
                assertThat(copy.read(b, 0, 3, Duration.ofSeconds(30))).isEqualTo(3);
            }
        }
    }

    @Test
    void aPlatformReaderSleepsInReadAndGetsTheDataThenEndOfFile() throws Exception {
        try (Pipe p = Pipe.open()) {
            Worker w = start(false, () -> {
                byte[] b = new byte[16];
                int n = p.reader().read(b);
                int eof = p.reader().read(b);
                return new String(b, 0, n, US_ASCII) + "|" + eof;
            });
            assertThat(awaitFinalWait(w.tid().get(), READ, PPOLL)).isEqualTo(READ);
            p.writer().writeFully("ping".getBytes(US_ASCII));
            p.writer().close();
            assertThat(w.outcome().get()).isEqualTo("ping|-1");
        }
    }

    @Test
    void aReaderSleepingInReadCostsTheWatchdogNoWakeUp() throws Exception {
        try (Pipe p = Pipe.open()) {
            // Make sure the watchdog thread exists: one interrupted read starts it and settles.
            Worker first = start(false, () -> p.reader().read(new byte[1]));
            assertThat(awaitFinalWait(first.tid().get(), READ)).isEqualTo(READ);
            first.thread().interrupt();
            assertThat(first.outcome().get()).isInstanceOf(InterruptedIOException.class);
            Path watchdog = taskNamed("jipc-io-wake");
            Worker w = start(false, () -> p.reader().read(new byte[1]));
            assertThat(awaitFinalWait(w.tid().get(), READ)).isEqualTo(READ);
            long before = contextSwitches(watchdog);
            Thread.sleep(300); // the old watchdog looked every 10 ms while anyone slept in a read
            long after = contextSwitches(watchdog);
            p.writer().writeFully(new byte[] {1});
            assertThat(w.outcome().get()).isEqualTo(1);
            assertThat(after - before).as("watchdog wake-ups while nothing was pending").isLessThanOrEqualTo(1);
        }
    }

    @Test
    void closeWakesAReaderSleepingInRead() throws Exception {
        try (Pipe p = Pipe.open()) {
            Worker w = start(false, () -> p.reader().read(new byte[8]));
            assertThat(awaitFinalWait(w.tid().get(), READ)).isEqualTo(READ);
            p.reader().close();
            assertThat(w.outcome().get()).isInstanceOf(AsynchronousCloseException.class);
        }
    }

    @Test
    void interruptWakesAReaderAndThePipeStaysUsable() throws Exception {
        try (Pipe p = Pipe.open()) {
            Worker w = start(false, () -> p.reader().read(new byte[8]));
            assertThat(awaitFinalWait(w.tid().get(), READ)).isEqualTo(READ);
            w.thread().interrupt();
            assertThat(w.outcome().get()).isInstanceOf(InterruptedIOException.class);
            p.writer().writeFully(new byte[] {42});
            byte[] b = new byte[1];
            assertThat(p.reader().read(b)).isEqualTo(1);
            assertThat(b[0]).isEqualTo((byte) 42);
        }
    }

    @Test
    void timedReadsWaitOnThePollerNotInRead() throws Exception {
        try (Pipe p = Pipe.open()) {
            Worker w = start(false, () -> p.reader().read(new byte[16], 0, 16, Duration.ofMinutes(5)));
            int tid = w.tid().get();
            assertThat(awaitFinalWait(tid, READ, PPOLL)).isEqualTo(PPOLL);
            assertNeverIn(tid, READ);
            p.writer().writeFully(new byte[] {1, 2, 3});
            assertThat(w.outcome().get()).isEqualTo(3);
        }
        try (Pipe p = Pipe.open()) {
            assertThat(start(false, () -> p.reader().read(new byte[1], 0, 1, Duration.ofMillis(20))).outcome().get())
                    .isInstanceOf(dev.jipc.TimedOutException.class);
        }
    }

    @Test
    void virtualReadersNeverHoldTheirCarrier() throws Exception {
        int readers = Runtime.getRuntime().availableProcessors() * 4;
        List<Pipe> pipes = new ArrayList<>();
        try {
            Worker[] ws = new Worker[readers];
            for (int i = 0; i < readers; i++) {
                Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT);
                pipes.add(p);
                ws[i] = start(true, () -> p.reader().read(new byte[1]));
            }
            for (Pipe p : pipes) {
                p.writer().writeFully(new byte[] {7});
            }
            for (Worker w : ws) {
                assertThat(w.outcome().get()).isEqualTo(1);
            }
        } finally {
            for (Pipe p : pipes) {
                p.close();
            }
        }
    }

    @Test
    void heapAndNativeMemoryCrossLargeTransfersIntactOnEveryPath() throws Exception {
        byte[] data = new byte[3 << 20];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + (i >>> 11));
        }
        // Platform heap (scratch), platform native (straight), virtual heap (pooled bounce), timed native.
        for (int path = 0; path < 4; path++) {
            int which = path;
            try (Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT)) {
                Worker writer = start(false, () -> {
                    p.writer().writeFully(data);
                    p.writer().close();
                    return null;
                });
                Worker reader = start(which == 2, () -> readAll(p.reader(), which));
                assertThat(writer.outcome().get()).isNull();
                assertThat(reader.outcome().get()).isEqualTo(data);
            }
        }
    }

    private static byte[] readAll(Fd in, int path) throws IOException {
        byte[] got = new byte[3 << 20];
        int done = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(100_000);
            byte[] heap = new byte[100_000];
            while (true) {
                long n = switch (path) {
                    case 0, 2 -> in.read(heap);
                    case 1 -> in.read(buf);
                    default -> in.read(buf, Duration.ofMinutes(1));
                };
                if (n < 0) {
                    break;
                }
                if (path == 0 || path == 2) {
                    System.arraycopy(heap, 0, got, done, (int) n);
                } else {
                    MemorySegment.copy(buf, 0, MemorySegment.ofArray(got), done, n);
                }
                done += (int) n;
            }
        }
        return done == got.length ? got : java.util.Arrays.copyOf(got, done);
    }

    @Test
    void childrenGetBlockingEndsAndPipelinesToo(@TempDir Path dir) throws Exception {
        String check = "import fcntl, os, sys\n"
                + "print(' '.join(str(fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_NONBLOCK) for fd in (0, 1)))\n"
                + "sys.stdin.read()\n";
        String out = Command.of("python3", "-c", check).communicate(new byte[0], Duration.ofMinutes(1)).text();
        assertThat(out.strip()).isEqualTo("0 0");
        Path result = dir.resolve("out");
        Pipeline.of(Command.of("python3", "-c", "print('a')"), Command.of("python3", "-c", check))
                .stdout(Redirect.write(result)).run();
        assertThat(Files.readString(result).strip()).isEqualTo("0 0");
    }
}
