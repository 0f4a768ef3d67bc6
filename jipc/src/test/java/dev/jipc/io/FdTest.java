package dev.jipc.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.TimedOutException;
import dev.jipc.internal.Descriptors;
import dev.jipc.internal.Fcntl;
import dev.jipc.internal.PlatformConstants;
import dev.jipc.testing.ProcSelf;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FdTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    @Test
    void closeIsIdempotent() throws IOException {
        Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT);
        int number = p.reader().number();
        p.close();
        p.close();
        p.reader().close();

        assertThat(p.reader().isClosed()).isTrue();
        assertThat(ProcSelf.isOpen(number)).isFalse();
    }

    @Test
    void everyOperationAfterCloseThrowsClosedChannelException() throws IOException {
        Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT);
        p.close();
        Fd r = p.reader();
        Fd w = p.writer();

        assertThatThrownBy(() -> r.read(new byte[1])).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> r.read(ByteBuffer.allocate(1), Duration.ofSeconds(1))).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> w.write(new byte[1], 0, 1)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> w.writeFully(ByteBuffer.allocateDirect(1))).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(w::pipeSize).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> w.setPipeSize(4096)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(w::dup).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(w::release).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> w.outputStream().write(1)).isInstanceOf(ClosedChannelException.class);
        assertThat(r.readableChannel().isOpen()).isFalse();
    }

    @Test
    void closeWakesAParkedReaderWithAsynchronousCloseException() throws Exception {
        try (Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT)) {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    p.reader().read(new byte[1]);
                    failure.complete(null);
                } catch (Throwable t) {
                    failure.complete(t);
                }
            });
            awaitParked(reader);
            int number = p.reader().number();

            p.reader().close();

            assertThat(failure.get()).isInstanceOf(AsynchronousCloseException.class);
            reader.join();
            assertThat(ProcSelf.isOpen(number)).as("fd %d closed once the reader left", number).isFalse();
        }
    }

    /**
     * A close that lands while the reader is on its way into the poller (between the read that
     * found the pipe empty and the park) must still wake it: repeat the race many times.
     */
    @Test
    void closeRacingWithAReaderAboutToParkNeverStrandsIt() throws Exception {
        for (int i = 0; i < 2_000; i++) {
            Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT);
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    p.reader().read(new byte[1]);
                    failure.complete(null);
                } catch (Throwable t) {
                    failure.complete(t);
                }
            });
            Thread.onSpinWait();
            p.reader().close();
            assertThat(failure.get(30, TimeUnit.SECONDS)).as("round %d", i)
                    .isInstanceOfAny(AsynchronousCloseException.class, ClosedChannelException.class);
            reader.join();
            p.close();
        }
    }

    /**
     * The decision this test records: interrupting a parked reader throws InterruptedIOException,
     * leaves the thread's interrupt status set, and does <em>not</em> close the descriptor.
     */
    @Test
    void interruptingAParkedReaderKeepsTheFdOpenAndTheInterruptStatusSet() throws Exception {
        try (Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT)) {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
            CompletableFuture<Integer> afterwards = new CompletableFuture<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    p.reader().read(new byte[1]);
                    failure.complete(null);
                } catch (Throwable t) {
                    failure.complete(t);
                }
                stillInterrupted.complete(Thread.interrupted());
                try {
                    byte[] b = new byte[1];
                    p.reader().read(b);
                    afterwards.complete((int) b[0]);
                } catch (Throwable t) {
                    afterwards.completeExceptionally(t);
                }
            });
            awaitParked(reader);

            reader.interrupt();

            assertThat(failure.get()).isInstanceOf(InterruptedIOException.class).hasMessageContaining("interrupted");
            assertThat(stillInterrupted.get()).isTrue();
            assertThat(p.reader().isClosed()).isFalse();
            p.writer().writeFully(new byte[] {7});
            assertThat(afterwards.get()).isEqualTo(7);
            reader.join();
        }
    }

    @Test
    void aReadThatWouldWaitOnAnInterruptedThreadFailsAtOnce() throws IOException {
        try (Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT)) {
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> p.reader().read(new byte[1])).isInstanceOf(InterruptedIOException.class);
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void dupSharesThePipeAndIsClosedSeparately() throws IOException {
        try (Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT); Fd second = p.writer().dup()) {
            assertThat(second.number()).isNotEqualTo(p.writer().number());
            assertThat(second.isNonBlocking()).isTrue();

            second.writeFully(HELLO);
            p.writer().close();
            assertThat(readAll(p.reader(), 5, Duration.ofSeconds(30))).isEqualTo(HELLO);
            assertThatThrownBy(() -> p.reader().read(new byte[1], 0, 1, Duration.ZERO))
                    .as("no end of file while the dup is open")
                    .isInstanceOf(TimedOutException.class);

            second.close();
            assertThat(p.reader().read(new byte[1])).isEqualTo(-1);
        }
    }

    @Test
    void releaseGivesUpOwnership() throws IOException {
        try (Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT)) {
            Fd w = p.writer();
            int raw = w.release();

            assertThat(w.isClosed()).isTrue();
            w.close();
            assertThat(ProcSelf.isOpen(raw)).as("released fd %d stays open", raw).isTrue();

            try (Fd again = Fd.adopt(raw)) {
                again.writeFully(HELLO);
                assertThat(readAll(p.reader(), 5, Duration.ofSeconds(30))).isEqualTo(HELLO);
            }
            assertThat(ProcSelf.isOpen(raw)).isFalse();
        }
    }

    @Test
    void theCleanerClosesAnUnreachableFd() throws InterruptedException {
        int number = openAndDrop();
        for (int i = 0; i < 200 && ProcSelf.isOpen(number); i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertThat(ProcSelf.isOpen(number)).as("fd %d closed by the cleaner", number).isFalse();
    }

    /** Opens a descriptor whose Fd becomes unreachable on return; returns its number. */
    private static int openAndDrop() {
        int raw = Fcntl.open("/dev/null", PlatformConstants.current().O_RDONLY(), 0);
        assertThat(raw).isNotNegative();
        try {
            return Fd.adopt(raw, "dropped on purpose").number();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void streamsRoundTripAndClosingAViewClosesTheFd() throws IOException {
        Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT);
        try (OutputStream out = p.writer().outputStream(); InputStream in = p.reader().inputStream()) {
            out.write('h');
            out.write(HELLO, 1, 4);
            out.close();
            assertThat(p.writer().isClosed()).isTrue();

            assertThat(in.read()).isEqualTo('h');
            assertThat(in.readAllBytes()).isEqualTo("ello".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(p.reader().isClosed()).isTrue();
    }

    @Test
    void channelsRoundTripAndClosingAViewClosesTheFd() throws IOException {
        Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT);
        try (WritableByteChannel out = p.writer().writableChannel(); ReadableByteChannel in = p.reader().readableChannel()) {
            ByteBuffer src = ByteBuffer.wrap(HELLO).asReadOnlyBuffer();
            while (src.hasRemaining()) {
                out.write(src);
            }
            out.close();
            assertThat(out.isOpen()).isFalse();
            assertThat(p.writer().isClosed()).isTrue();

            ByteBuffer dst = ByteBuffer.allocate(16);
            while (in.read(dst) >= 0) {
                // until end of file
            }
            assertThat(dst.flip()).isEqualTo(ByteBuffer.wrap(HELLO));
        }
        assertThat(p.reader().isClosed()).isTrue();
    }

    @Test
    void buffersTakenInTurnEachMoveTheirOwnBytes() throws IOException {
        // The descriptor keeps a view of the last buffer used: switching buffers, moving a
        // buffer's position and limit, and coming back to an earlier buffer must all still read
        // and write exactly the bytes between position and limit.
        try (Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT)) {
            ByteBuffer a = ByteBuffer.allocateDirect(8).put(new byte[] {0, 1, 2, 3, 4, 5, 6, 7});
            ByteBuffer b = ByteBuffer.wrap(new byte[] {10, 11, 12, 13});
            a.position(2).limit(4);
            p.writer().writeFully(a);
            b.position(1).limit(2);
            p.writer().writeFully(b);
            a.limit(8).position(6);
            p.writer().writeFully(a);
            b.clear();
            p.writer().writeFully(b);

            ByteBuffer in = ByteBuffer.allocateDirect(16);
            ByteBuffer other = ByteBuffer.allocate(16);
            in.position(3).limit(5);
            assertThat(p.reader().read(in)).isEqualTo(2);
            other.limit(1);
            assertThat(p.reader().read(other)).isEqualTo(1);
            in.limit(16);
            int n = 0;
            while (n < 6) {
                n += p.reader().read(in);
            }
            assertThat(in.flip().position(3)).isEqualTo(ByteBuffer.wrap(new byte[] {2, 3, 6, 7, 10, 11, 12, 13}));
            assertThat(other.flip()).isEqualTo(ByteBuffer.wrap(new byte[] {11}));
        }
    }

    @Test
    void arraysTakenInTurnEachMoveTheirOwnBytes() throws IOException {
        // As with buffers: the view of the last array used must follow each call's offset and length.
        try (Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT)) {
            byte[] a = {0, 1, 2, 3, 4, 5};
            byte[] b = {10, 11, 12};
            p.writer().writeFully(a, 1, 2);
            p.writer().writeFully(a, 1, 2);
            p.writer().writeFully(b, 0, 3);
            p.writer().writeFully(a, 4, 2);
            byte[] in = new byte[16];
            byte[] other = new byte[4];
            assertThat(p.reader().read(in, 2, 2)).isEqualTo(2);
            assertThat(p.reader().read(in, 4, 2)).isEqualTo(2);
            assertThat(p.reader().read(other, 1, 3)).isEqualTo(3);
            assertThat(p.reader().read(in, 6, 2)).isEqualTo(2);
            assertThat(in).startsWith(0, 0, 1, 2, 1, 2, 4, 5, 0);
            assertThat(other).containsExactly(0, 10, 11, 12);
        }
    }

    @Test
    void readingIntoAReadOnlyBufferIsRefusedAndLosesNothing() throws IOException {
        try (Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT)) {
            p.writer().writeFully(HELLO);
            ByteBuffer readOnly = ByteBuffer.allocateDirect(16).asReadOnlyBuffer();
            assertThatThrownBy(() -> p.reader().read(readOnly))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("read-only");
            byte[] got = new byte[HELLO.length];
            assertThat(p.reader().read(got)).isEqualTo(HELLO.length);
            assertThat(got).isEqualTo(HELLO);
        }
    }

    @Test
    void readAndWriteWithEveryKindOfBuffer() throws IOException {
        try (Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT); Arena arena = Arena.ofConfined()) {
            Fd r = p.reader();
            Fd w = p.writer();

            w.writeFully(new byte[] {9, 1, 2, 3, 9}, 1, 3);
            byte[] arr = new byte[5];
            assertThat(r.read(arr, 1, 3)).isEqualTo(3);
            assertThat(arr).containsExactly(0, 1, 2, 3, 0);

            ByteBuffer heap = ByteBuffer.wrap(new byte[] {9, 4, 5, 9}).position(1).limit(3);
            assertThat(w.write(heap)).isEqualTo(2);
            assertThat(heap.position()).isEqualTo(3);
            ByteBuffer heapIn = ByteBuffer.allocate(4).position(1);
            assertThat(r.read(heapIn)).isEqualTo(2);
            assertThat(heapIn.position()).isEqualTo(3);
            assertThat(heapIn.array()).containsExactly(0, 4, 5, 0);

            ByteBuffer direct = ByteBuffer.allocateDirect(3).put(new byte[] {6, 7, 8}).flip();
            w.writeFully(direct);
            assertThat(direct.hasRemaining()).isFalse();
            ByteBuffer directIn = ByteBuffer.allocateDirect(8);
            assertThat(r.read(directIn, Duration.ofSeconds(30))).isEqualTo(3);
            assertThat(directIn.flip()).isEqualTo(ByteBuffer.wrap(new byte[] {6, 7, 8}));

            MemorySegment seg = arena.allocateFrom("seg", StandardCharsets.US_ASCII);
            assertThat(w.write(seg)).isEqualTo(4);
            MemorySegment segIn = arena.allocate(16);
            assertThat(r.read(segIn)).isEqualTo(4);
            assertThat(segIn.getString(0, StandardCharsets.US_ASCII)).isEqualTo("seg");

            MemorySegment heapSeg = MemorySegment.ofArray(new byte[] {1, 2});
            w.writeFully(heapSeg);
            byte[] back = new byte[2];
            assertThat(r.read(MemorySegment.ofArray(back), Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(back).containsExactly(1, 2);

            assertThat(r.read(new byte[0])).as("an empty read returns at once").isZero();
        }
    }

    @Test
    void adoptedBlockingDescriptorStaysBlockingAndWorks() throws IOException {
        try (Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT)) {
            int raw = p.reader().release();
            Descriptors.setNonBlocking(raw, false, "test");
            try (Fd r = Fd.adopt(raw, "blocking reader")) {
                assertThat(r.isNonBlocking()).isFalse();
                assertThat(r.toString()).isEqualTo("blocking reader (fd " + raw + ")");

                assertThatThrownBy(() -> r.read(new byte[1], 0, 1, Duration.ofMillis(20)))
                        .isInstanceOf(TimedOutException.class)
                        .hasMessageContaining("blocking reader");

                p.writer().writeFully(HELLO);
                byte[] heap = new byte[2];
                assertThat(r.read(heap)).isEqualTo(2);
                assertThat(heap).containsExactly('h', 'e');
                ByteBuffer direct = ByteBuffer.allocateDirect(8);
                assertThat(r.read(direct, Duration.ofSeconds(30))).isEqualTo(3);
                p.writer().close();
                assertThat(r.read(heap)).isEqualTo(-1);
            }
        }
    }

    @Test
    void adoptSetsCloseOnExec() throws IOException {
        int raw = Fcntl.open("/dev/null", PlatformConstants.current().O_RDWR(), 0);
        assertThat(raw).isNotNegative();
        try (Fd fd = Fd.adopt(raw)) {
            int flags = Fcntl.fcntl(raw, PlatformConstants.current().F_GETFD(), 0);
            assertThat(flags & PlatformConstants.current().FD_CLOEXEC()).isNotZero();
            assertThat(fd.toString()).isEqualTo("fd " + raw);
            assertThat(fd.write(HELLO, 0, 5)).isEqualTo(5);
            assertThat(fd.read(new byte[4])).isEqualTo(-1);
        }
    }

    /** Reads exactly {@code n} bytes. */
    static byte[] readAll(Fd fd, int n, Duration timeout) throws IOException {
        byte[] b = new byte[n];
        int done = 0;
        while (done < n) {
            int r = fd.read(b, done, n - done, timeout);
            assertThat(r).as("end of file after %d of %d bytes", done, n).isPositive();
            done += r;
        }
        return b;
    }

    /** Waits (bounded only by the test's timeout) until {@code t} is parked. */
    static void awaitParked(Thread t) throws InterruptedException {
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            assertThat(t.isAlive()).as("%s still running", t).isTrue();
            Thread.sleep(1);
        }
    }
}
