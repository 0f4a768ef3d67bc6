package dev.jipc.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import dev.jipc.io.LineReader;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bad input and faults: each one a clear, typed error. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetErrorsTest {
    @TempDir
    Path dir;

    private static void assertErrno(Throwable t, Errno... expected) {
        assertThat(t).isInstanceOf(ErrnoException.class);
        assertThat(((ErrnoException) t).errno()).isIn((Object[]) expected);
    }

    @Test
    void portInUse() throws Exception {
        try (Listener l = Tcp.listen("127.0.0.1", 0)) {
            assertThatThrownBy(() -> Tcp.listen("127.0.0.1", l.port()))
                    .satisfies(t -> assertErrno(t, Errno.EADDRINUSE))
                    .hasMessageContaining("bind 127.0.0.1:" + l.port());
        }
    }

    @Test
    void invalidPorts() {
        assertThatThrownBy(() -> Tcp.listen(70000)).isInstanceOf(InvalidPortException.class).hasMessageContaining("70000");
        assertThatThrownBy(() -> Tcp.listen(-1)).isInstanceOf(InvalidPortException.class);
        assertThatThrownBy(() -> Tcp.connect("127.0.0.1", 0)).isInstanceOf(InvalidPortException.class);
        assertThatThrownBy(() -> Tcp.connect("127.0.0.1", "99999")).isInstanceOf(InvalidPortException.class);
        assertThatThrownBy(() -> Tcp.connect("127.0.0.1", "12ab")).isInstanceOf(InvalidPortException.class);
        assertThatThrownBy(() -> Tcp.connect("127.0.0.1", "")).isInstanceOf(InvalidPortException.class);
        assertThatThrownBy(() -> Udp.connect("127.0.0.1", 65536)).isInstanceOf(InvalidPortException.class);
    }

    @Test
    void unknownService() {
        assertThatThrownBy(() -> Tcp.connect("127.0.0.1", "no-such-service"))
                .isInstanceOfSatisfying(ServiceNotFoundException.class, e -> {
                    assertThat(e.service()).isEqualTo("no-such-service");
                    assertThat(e.protocol()).isEqualTo("tcp");
                });
        assertThatThrownBy(() -> Services.udpPort("no-such-service")).isInstanceOf(ServiceNotFoundException.class);
    }

    @Test
    void unknownHost() {
        assertThatThrownBy(() -> Tcp.connect("no-such-host.invalid", 80))
                .isInstanceOf(UnknownHostException.class).hasMessageContaining("no-such-host.invalid");
        assertThatThrownBy(() -> Resolver.resolve("")).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void connectionRefused() throws Exception {
        int port;
        try (Listener l = Tcp.listen("127.0.0.1", 0)) {
            port = l.port();
        }
        assertThatThrownBy(() -> Tcp.connect("127.0.0.1", port))
                .satisfies(t -> assertErrno(t, Errno.ECONNREFUSED))
                .hasMessageContaining("connect 127.0.0.1:" + port);
        assertThatThrownBy(() -> Unix.connect(dir.resolve("nobody")))
                .satisfies(t -> assertErrno(t, Errno.ENOENT));
    }

    @Test
    void connectTimeout() throws Exception {
        // A listener whose accept queue is full drops further SYNs: the next connect gets no answer.
        List<StreamSocket> queued = new ArrayList<>();
        try (Listener l = Tcp.listen(new InetSocketAddress("127.0.0.1", 0), 1)) {
            TimedOutException timedOut = null;
            for (int i = 0; i < 20 && timedOut == null; i++) {
                try {
                    queued.add(Tcp.connect(new InetSocketAddress("127.0.0.1", l.port()), Duration.ofMillis(300)));
                } catch (TimedOutException e) {
                    timedOut = e;
                }
            }
            assertThat(timedOut).as("a connect that timed out").isNotNull();
            assertThat(timedOut.getMessage()).contains("connect 127.0.0.1:" + l.port());
        } finally {
            for (StreamSocket s : queued) {
                s.close();
            }
        }
    }

    @Test
    void unixConnectTimeoutWhileTheBacklogIsFull() throws Exception {
        // A full Unix backlog answers EAGAIN at once; connect retries until its deadline.
        Path path = dir.resolve("busy");
        List<StreamSocket> queued = new ArrayList<>();
        try (Listener l = Unix.listen(path, Unix.DEFAULT_PERMISSIONS, 1)) {
            TimedOutException timedOut = null;
            for (int i = 0; i < 20 && timedOut == null; i++) {
                try {
                    queued.add(Unix.connect(java.net.UnixDomainSocketAddress.of(path), Duration.ofMillis(200)));
                } catch (TimedOutException e) {
                    timedOut = e;
                }
            }
            assertThat(timedOut).as("a connect that timed out").isNotNull();
            assertThat(timedOut.getMessage()).contains(path.toString());
            // Once the server takes a connection, a waiting client gets in.
            CompletableFuture<StreamSocket> late = CompletableFuture.supplyAsync(() -> {
                try {
                    return Unix.connect(java.net.UnixDomainSocketAddress.of(path), Duration.ofSeconds(30));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            Thread.sleep(50);
            for (int i = 0; i < queued.size(); i++) {
                l.accept().close();
            }
            queued.add(late.get(30, TimeUnit.SECONDS));
        } finally {
            for (StreamSocket s : queued) {
                s.close();
            }
        }
    }

    @Test
    void peerResetMidWrite() throws Exception {
        try (Listener l = Tcp.listen("127.0.0.1", 0); StreamSocket c = Tcp.connect("127.0.0.1", l.port())) {
            try (StreamSocket s = l.accept()) {
                s.setLinger(Duration.ZERO); // close sends RST
            }
            byte[] chunk = new byte[64 * 1024];
            assertThatThrownBy(() -> {
                for (int i = 0; i < 1000; i++) {
                    c.writeFully(chunk);
                }
            }).satisfies(t -> assertErrno(t, Errno.ECONNRESET, Errno.EPIPE));
        }
    }

    @Test
    void writeAfterPeerClosedIsEpipeNotASignal() throws Exception {
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            p.second().close();
            assertThatThrownBy(() -> p.first().writeFully("x".getBytes(US_ASCII)))
                    .satisfies(t -> assertErrno(t, Errno.EPIPE));
            assertThatThrownBy(() -> p.first().outputStream().write(1)).satisfies(t -> assertErrno(t, Errno.EPIPE));
        }
    }

    @Test
    void aPeerThatStopsReadingTimesOutTheWriter() throws Exception {
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            StreamSocket w = p.first().setWriteTimeout(Duration.ofMillis(200));
            assertThat(w.writeTimeout()).isEqualTo(Duration.ofMillis(200));
            byte[] chunk = new byte[1 << 16];
            long written = 0;
            Throwable failure = null;
            try {
                while (true) { // nobody reads: the buffer fills, then the write times out
                    w.writeFully(chunk);
                    written += chunk.length;
                }
            } catch (TimedOutException e) {
                failure = e;
            }
            assertThat(failure).hasMessageContaining("send");
            assertThat(written).isPositive();
            // The stream view is bounded the same way.
            assertThatThrownBy(() -> w.outputStream().write(chunk)).isInstanceOf(TimedOutException.class);
            assertThatThrownBy(() -> w.setWriteTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
            // Once the peer reads, writes go through again.
            p.second().readFully(new byte[1 << 16], 0, 1 << 16);
            w.setWriteTimeout(null);
            assertThat(w.write(new byte[] {1}, 0, 1)).isEqualTo(1);
        }
    }

    @Test
    void readAfterResetIsEconnreset() throws Exception {
        try (Listener l = Tcp.listen("127.0.0.1", 0); StreamSocket c = Tcp.connect("127.0.0.1", l.port())) {
            try (StreamSocket s = l.accept()) {
                s.setLinger(Duration.ZERO);
            }
            assertThatThrownBy(() -> c.read(new byte[10])).satisfies(t -> assertErrno(t, Errno.ECONNRESET));
        }
    }

    @Test
    void peerClosingMidLine() throws Exception {
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            p.first().writeFully("complete\r\npartial".getBytes(US_ASCII));
            p.first().close();
            LineReader in = LineReader.of(p.second().fd());
            assertThat(in.readLine()).isEqualTo("complete");
            assertThat(in.readLine()).isEqualTo("partial"); // the unterminated tail, then end of stream
            assertThat(in.readLine()).isNull();
        }
    }

    @Test
    void unixPathTooLong() {
        Path longPath = dir.resolve("x".repeat(120));
        assertThatThrownBy(() -> Unix.listen(longPath))
                .isInstanceOfSatisfying(UnixPathTooLongException.class, e -> {
                    assertThat(e.limit()).isEqualTo(108);
                    assertThat(e.bytesNeeded()).isEqualTo(longPath.toString().length() + 1);
                })
                .hasMessageContaining("108 bytes");
        assertThatThrownBy(() -> Unix.connect(longPath)).isInstanceOf(UnixPathTooLongException.class);
        assertThatThrownBy(() -> AbstractUnixAddress.of("y".repeat(108))).isInstanceOf(UnixPathTooLongException.class);
    }

    @Test
    void unixPathOfExactlyTheLimitWorks() throws Exception {
        String base = dir.toString() + "/";
        int room = UnixPathTooLongException.MAX_PATH_BYTES - base.length();
        org.junit.jupiter.api.Assumptions.assumeTrue(room > 0, "temp dir path too long to test the limit");
        Path fits = Path.of(base + "s".repeat(room));
        try (Listener l = Unix.listen(fits); StreamSocket c = Unix.connect(fits); StreamSocket s = l.accept()) {
            assertThat(fits.toString()).hasSize(107);
        }
        Path oneMore = Path.of(base + "s".repeat(room + 1));
        assertThatThrownBy(() -> Unix.listen(oneMore)).isInstanceOf(UnixPathTooLongException.class);
    }

    @Test
    void udpDatagramLargerThanTheBuffer() throws Exception {
        try (DatagramEndpoint server = Udp.bind(new InetSocketAddress("127.0.0.1", 0)); DatagramEndpoint client = Udp.open()) {
            byte[] big = new byte[3000];
            big[9] = 9;
            client.send(big, server.localAddress());
            byte[] small = new byte[10];
            Datagram d = server.receive(small);
            assertThat(d.truncated()).isTrue();
            assertThat(d.length()).isEqualTo(10);
            assertThat(d.size()).isEqualTo(3000);
            assertThat(small[9]).isEqualTo((byte) 9);
            assertThat(((InetSocketAddress) d.sender()).getPort())
                    .isEqualTo(((InetSocketAddress) client.localAddress()).getPort());
        }
    }

    @Test
    void acceptInterruptedByThreadInterrupt() throws Exception {
        try (Listener l = Tcp.listen("127.0.0.1", 0)) {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    l.accept().close();
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            });
            Thread.sleep(100);
            t.interrupt();
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class);
            // The listener survives the interrupt.
            try (StreamSocket c = Tcp.connect("127.0.0.1", l.port()); StreamSocket s = l.accept(Duration.ofSeconds(10))) {
                assertThat(s.isClosed()).isFalse();
            }
        }
    }

    @Test
    void aSignalDuringAcceptDoesNotDisturbIt() throws Exception {
        // perlipc's servers restart accept after EINTR; here the signal is handled by the JVM's own
        // thread, so a thread in accept never sees it.
        java.util.concurrent.atomic.AtomicInteger handled = new java.util.concurrent.atomic.AtomicInteger();
        try (Listener l = Tcp.listen("127.0.0.1", 0);
                dev.jipc.signal.Registration r = dev.jipc.signal.Signals.handle(dev.jipc.signal.Signal.SIGUSR1,
                        s -> handled.incrementAndGet())) {
            CompletableFuture<StreamSocket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return l.accept();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, r2 -> Thread.ofPlatform().start(r2));
            Thread.sleep(100);
            dev.jipc.signal.Signals.raise(dev.jipc.signal.Signal.SIGUSR1);
            while (handled.get() == 0) {
                Thread.sleep(10);
            }
            assertThat(accepted).isNotDone();
            try (StreamSocket c = Tcp.connect("127.0.0.1", l.port()); StreamSocket s = accepted.get(10, TimeUnit.SECONDS)) {
                assertThat(s.isClosed()).isFalse();
            }
        }
    }

    @Test
    void acceptEndsWhenTheListenerIsClosed() throws Exception {
        Listener l = Unix.listen(dir.resolve("closing"));
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                l.accept().close();
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        Thread.sleep(100);
        l.close();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(AsynchronousCloseException.class);
        assertThat(Unix.isSocket(dir.resolve("closing"))).isFalse();
    }

    @Test
    void acceptTimeout() throws Exception {
        try (Listener l = Tcp.listen("127.0.0.1", 0)) {
            assertThatThrownBy(() -> l.accept(Duration.ofMillis(50))).isInstanceOf(TimedOutException.class);
        }
    }

    @Test
    void clientThatNeverSendsAnything() throws Exception {
        try (Listener l = Tcp.listen("127.0.0.1", 0);
                StreamSocket silent = Tcp.connect("127.0.0.1", l.port());
                StreamSocket s = l.accept()) {
            s.setReadTimeout(Duration.ofMillis(100));
            assertThatThrownBy(() -> s.read(new byte[10])).isInstanceOf(TimedOutException.class);
            assertThatThrownBy(() -> s.inputStream().read()).isInstanceOf(TimedOutException.class);
            assertThatThrownBy(() -> LineReader.of(s.fd()).readLine(Duration.ofMillis(50))).isInstanceOf(TimedOutException.class);
            // Still usable afterwards.
            silent.writeFully("late\n".getBytes(US_ASCII));
            byte[] buf = new byte[5];
            s.readFully(buf, 0, 5);
            assertThat(new String(buf, US_ASCII)).isEqualTo("late\n");
        }
    }
}
