package dev.jipc.net;

import static dev.jipc.testing.KernelThreads.PPOLL;
import static dev.jipc.testing.KernelThreads.RECVFROM;
import static dev.jipc.testing.KernelThreads.SENDTO;
import static dev.jipc.testing.KernelThreads.awaitFinalWait;
import static dev.jipc.testing.KernelThreads.assertNeverIn;
import static dev.jipc.testing.KernelThreads.start;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jipc.internal.Descriptors;
import dev.jipc.internal.KernelBlocking;
import dev.jipc.testing.KernelThreads.Worker;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.AsynchronousCloseException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Platform threads sleep inside {@code recv}/{@code send} on a socket, like C, and are still woken
 * by a close or an interrupt; virtual threads and timed calls never block in the kernel.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KernelBlockingTest {
    @Test
    void aPlatformReaderSleepsInRecvAndGetsTheData() throws Exception {
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            Worker w = start(false, () -> {
                byte[] b = new byte[16];
                int n = p.second().read(b);
                return new String(b, 0, n, US_ASCII);
            });
            assertThat(awaitFinalWait(w.tid().get(), RECVFROM, PPOLL)).isEqualTo(RECVFROM);
            p.first().writeFully("ping".getBytes(US_ASCII));
            assertThat(w.outcome().get()).isEqualTo("ping");
        }
    }

    @Test
    void connectedSocketsAreBlockingYetVirtualThreadsNeverBlockTheirCarrier() throws Exception {
        try (Listener l = Tcp.listen("127.0.0.1", 0);
                StreamSocket c = Tcp.connect("127.0.0.1", l.port());
                StreamSocket s = l.accept()) {
            assertThat(Descriptors.isNonBlocking(c.fd().number(), "client")).isFalse();
            assertThat(Descriptors.isNonBlocking(s.fd().number(), "accepted")).isFalse();
            assertThat(c.fd().isNonBlocking()).isTrue(); // in jipc's sense: waits park the thread
            // More virtual readers than carriers, all waiting: none holds its carrier.
            int readers = Runtime.getRuntime().availableProcessors() * 4;
            try (SocketPairs pairs = new SocketPairs(readers)) {
                Worker[] ws = new Worker[readers];
                for (int i = 0; i < readers; i++) {
                    StreamSocket in = pairs.get(i).second();
                    ws[i] = start(true, () -> in.read(new byte[1]));
                }
                for (int i = 0; i < readers; i++) {
                    pairs.get(i).first().writeFully(new byte[] {7});
                }
                for (Worker w : ws) {
                    assertThat(w.outcome().get()).isEqualTo(1);
                }
            }
            s.writeFully("over tcp".getBytes(US_ASCII));
            byte[] b = new byte[8];
            c.readFully(b, 0, 8);
            assertThat(new String(b, US_ASCII)).isEqualTo("over tcp");
        }
    }

    @Test
    void closeWakesAReaderBlockedInTheKernel() throws Exception {
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            Worker w = start(false, () -> p.second().read(new byte[16]));
            assertThat(awaitFinalWait(w.tid().get(), RECVFROM, PPOLL)).isEqualTo(RECVFROM);
            p.second().close();
            assertThat(w.outcome().get()).isInstanceOf(AsynchronousCloseException.class);
            // The peer sees the close as end of stream.
            assertThat(p.first().read(new byte[1])).isEqualTo(-1);
        }
    }

    @Test
    void aCloseRacingTheStartOfTheReadStillWakesIt() throws Exception {
        // No waiting for the reader to be inside recv: the close lands anywhere from before the
        // registration to inside the call, including just before the call starts, where only the
        // watchdog's repeated signal can reach it.
        for (int i = 0; i < 300; i++) {
            try (SocketPair<StreamSocket> p = SocketPair.stream()) {
                Worker w = start(false, () -> p.second().read(new byte[16]));
                if (i % 2 == 0) {
                    w.tid().get();
                }
                p.second().close();
                assertThat(w.outcome().get(30, TimeUnit.SECONDS)).isInstanceOf(java.nio.channels.ClosedChannelException.class);
            }
        }
    }

    @Test
    void anInterruptRacingTheStartOfTheReadStillWakesIt() throws Exception {
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            for (int i = 0; i < 300; i++) {
                Worker w = start(false, () -> p.second().read(new byte[16]));
                if (i % 2 == 0) {
                    w.tid().get();
                }
                w.thread().interrupt();
                assertThat(w.outcome().get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class);
            }
            p.first().writeFully(new byte[] {42});
            assertThat(p.second().read(new byte[1])).isEqualTo(1);
        }
    }

    @Test
    void interruptWakesAReaderAndTheSocketStaysUsable() throws Exception {
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            Worker w = start(false, () -> p.second().read(new byte[16]));
            assertThat(awaitFinalWait(w.tid().get(), RECVFROM, PPOLL)).isEqualTo(RECVFROM);
            w.thread().interrupt();
            assertThat(w.outcome().get()).isInstanceOf(InterruptedIOException.class);
            p.first().writeFully("still here".getBytes(US_ASCII));
            byte[] b = new byte[10];
            p.second().readFully(b, 0, 10);
            assertThat(new String(b, US_ASCII)).isEqualTo("still here");
        }
    }

    @Test
    void closeWakesAWriterBlockedOnAFullSocket() throws Exception {
        try (SocketPair<StreamSocket> p = SocketPair.stream(); Arena arena = Arena.ofShared()) {
            MemorySegment chunk = arena.allocate(1 << 20);
            Worker w = start(false, () -> {
                while (true) {
                    p.first().fd().write(chunk); // nobody reads: the socket buffer fills
                }
            });
            assertThat(awaitFinalWait(w.tid().get(), SENDTO, PPOLL)).isEqualTo(SENDTO);
            p.first().close();
            // Woken mid-send, the call returns what it wrote; the next write finds the socket closed.
            assertThat(w.outcome().get()).isInstanceOf(java.nio.channels.ClosedChannelException.class);
        }
    }

    @Test
    void interruptWakesAWriterBlockedOnAFullSocket() throws Exception {
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            byte[] chunk = new byte[1 << 20];
            Worker w = start(false, () -> {
                while (true) {
                    p.first().write(chunk, 0, chunk.length);
                }
            });
            assertThat(awaitFinalWait(w.tid().get(), SENDTO, PPOLL)).isEqualTo(SENDTO);
            w.thread().interrupt();
            assertThat(w.outcome().get()).isInstanceOf(InterruptedIOException.class);
            assertThat(p.first().isClosed()).isFalse();
        }
    }

    @Test
    void aPendingInterruptStopsAWriteBeforeAByteIsSent() throws Exception {
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            Worker w = start(false, () -> {
                Thread.currentThread().interrupt();
                try {
                    p.first().write(new byte[] {'x'}, 0, 1);
                    return "written";
                } catch (InterruptedIOException e) {
                    Thread.interrupted();
                    p.first().writeFully(new byte[] {'y'});
                    return e;
                }
            });
            assertThat(w.outcome().get()).isInstanceOf(InterruptedIOException.class);
            byte[] b = new byte[4];
            assertThat(p.second().read(b)).isEqualTo(1);
            assertThat(b[0]).isEqualTo((byte) 'y');
        }
    }

    @Test
    void smallWritesOfAPlatformThreadArriveWholeAndInOrder() throws Exception {
        // Small writes go out without waiting; once one does not fit, the writer waits in send.
        // Either way every byte arrives once, in order, from heap and native memory alike.
        int messages = 20_000;
        try (SocketPair<StreamSocket> p = SocketPair.stream(); Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate(3);
            Worker w = start(false, () -> {
                for (int i = 0; i < messages; i++) {
                    byte[] msg = {(byte) i, (byte) (i >>> 8), (byte) (i >>> 16)};
                    if (i % 2 == 0) {
                        p.first().writeFully(msg);
                    } else {
                        MemorySegment.copy(MemorySegment.ofArray(msg), 0, seg, 0, 3);
                        p.first().fd().writeFully(seg);
                    }
                }
                p.first().shutdownOutput();
                return null;
            });
            byte[] got = new byte[3 * messages];
            p.second().readFully(got, 0, got.length);
            assertThat(p.second().read(new byte[1])).isEqualTo(-1);
            assertThat(w.outcome().get()).isNull();
            for (int i = 0; i < messages; i++) {
                int v = (got[3 * i] & 0xff) | (got[3 * i + 1] & 0xff) << 8 | (got[3 * i + 2] & 0xff) << 16;
                assertThat(v).isEqualTo(i);
            }
        }
    }

    @Test
    void threadsThatHaveEndedAreForgotten() throws Exception {
        // Each thread that ever blocked in the kernel registers once; a program running thread
        // after thread must not keep every one of them (and its Thread object) forever.
        int threads = 300;
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            for (int i = 0; i < threads; i++) {
                p.first().writeFully(new byte[] {(byte) i});
                Worker w = start(false, () -> p.second().read(new byte[1]));
                assertThat(w.outcome().get()).isEqualTo(1);
                w.thread().join();
            }
        }
        assertThat(KernelBlocking.registeredThreads()).isLessThan(threads / 2);
    }

    @Test
    void timedReadsWaitOnThePollerNotInRecv() throws Exception {
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            Worker w = start(false, () -> p.second().read(new byte[16], 0, 16, Duration.ofMinutes(5)));
            // A timed read waits for readiness (ppoll first, then parked on the poller), never inside
            // recv: look at where it sleeps a hundred times over.
            int tid = w.tid().get();
            assertThat(awaitFinalWait(tid, RECVFROM, PPOLL)).isEqualTo(PPOLL);
            assertNeverIn(tid, RECVFROM);
            p.first().writeFully(new byte[] {1, 2, 3});
            assertThat(w.outcome().get()).isEqualTo(3);
        }
    }

    @Test
    void heapAndNativeMemoryCrossLargeTransfersIntact() throws Exception {
        byte[] data = new byte[3 << 20];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + (i >>> 11));
        }
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            // Heap writes from a platform thread (through its scratch memory), native reads here.
            Worker w = start(false, () -> {
                p.first().writeFully(data);
                p.first().shutdownOutput();
                return null;
            });
            byte[] got = new byte[data.length];
            int done = 0;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(100_000);
                long n;
                while ((n = p.second().fd().read(buf)) > 0) {
                    MemorySegment.copy(buf, 0, MemorySegment.ofArray(got), done, n);
                    done += (int) n;
                }
            }
            assertThat(w.outcome().get()).isNull();
            assertThat(done).isEqualTo(data.length);
            assertThat(got).isEqualTo(data);
        }
    }

    /** A number of stream socket pairs, closed together. */
    private static final class SocketPairs implements AutoCloseable {
        private final java.util.List<SocketPair<StreamSocket>> pairs = new java.util.ArrayList<>();

        SocketPairs(int n) throws IOException {
            for (int i = 0; i < n; i++) {
                pairs.add(SocketPair.stream());
            }
        }

        SocketPair<StreamSocket> get(int i) {
            return pairs.get(i);
        }

        @Override
        public void close() throws IOException {
            for (SocketPair<StreamSocket> p : pairs) {
                p.close();
            }
        }
    }
}
