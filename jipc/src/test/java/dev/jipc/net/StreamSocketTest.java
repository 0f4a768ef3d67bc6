package dev.jipc.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jipc.io.LineReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamSocketTest {
    @TempDir
    Path dir;

    /** Writes on one end, reads on the other, both ways, then half-closes. */
    private static void exchange(StreamSocket a, StreamSocket b) throws Exception {
        a.writeFully("ping\n".getBytes(US_ASCII));
        byte[] buf = new byte[5];
        b.readFully(buf, 0, 5);
        assertThat(new String(buf, US_ASCII)).isEqualTo("ping\n");
        b.writeFully("pong\n".getBytes(US_ASCII));
        b.readFully(buf, 0, 0);
        a.readFully(buf, 0, 5);
        assertThat(new String(buf, US_ASCII)).isEqualTo("pong\n");
        a.shutdownOutput();
        assertThat(b.read(buf)).isEqualTo(-1);
        b.writeFully("still\n".getBytes(US_ASCII)); // the other direction stays open
        assertThat(a.read(buf, 0, 5)).isPositive();
    }

    @Test
    void tcpOverIpv4() throws Exception {
        try (Listener l = Tcp.listen("127.0.0.1", 0);
                StreamSocket c = Tcp.connect("127.0.0.1", l.port());
                StreamSocket s = l.accept()) {
            assertThat(l.isUnix()).isFalse();
            assertThat(c.remoteAddress()).isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), l.port()));
            assertThat(s.remoteAddress()).isEqualTo(c.localAddress());
            assertThat(s.localAddress()).isEqualTo(l.localAddress());
            exchange(c, s);
        }
    }

    @Test
    void tcpOverIpv6() throws Exception {
        Assumptions.assumeTrue(ipv6Loopback(), "::1 is not configured on this machine's loopback interface");
        try (Listener l = Tcp.listen("::1", 0);
                StreamSocket c = Tcp.connect("::1", l.port());
                StreamSocket s = l.accept()) {
            assertThat(((InetSocketAddress) s.remoteAddress()).getAddress()).isInstanceOf(Inet6Address.class);
            exchange(c, s);
        }
    }

    static boolean ipv6Loopback() {
        try {
            NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getByName("::1"));
            if (lo == null) {
                return false;
            }
            try (Listener probe = Tcp.listen("::1", 0)) {
                return true;
            }
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void connectByHostNameAndService() throws Exception {
        try (Listener l = Tcp.listen(new InetSocketAddress("127.0.0.1", 0));
                StreamSocket c = Tcp.connect("localhost", "nosuchname(" + l.port() + ")");
                StreamSocket s = l.accept()) {
            exchange(c, s);
            assertThat(s.remoteHostName()).isNotEmpty();
        }
    }

    @Test
    void listenOnEveryInterfaceDefaultsToReuseAddress() throws Exception {
        try (Listener l = Tcp.listen(0);
                StreamSocket c = Tcp.connect("127.0.0.1", l.port());
                StreamSocket s = l.accept()) {
            assertThat(((InetSocketAddress) l.localAddress()).getAddress().isAnyLocalAddress()).isTrue();
            assertThat(l.port()).isPositive();
            assertThat(s.option(StandardSocketOptions.SO_REUSEADDR)).isTrue(); // inherited from the listener
            // An IPv4 client of the dual-stack listener shows its IPv4 address.
            assertThat(((InetSocketAddress) s.remoteAddress()).getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            exchange(c, s);
        }
    }

    @Test
    void listenOnEveryInterfaceTakesIpv6ClientsToo() throws Exception {
        Assumptions.assumeTrue(ipv6Loopback(), "::1 is not configured on this machine's loopback interface");
        try (Listener l = Tcp.listen(0);
                StreamSocket c = Tcp.connect("::1", l.port());
                StreamSocket s = l.accept()) {
            assertThat(((InetSocketAddress) s.remoteAddress()).getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
            exchange(c, s);
        }
    }

    @Test
    void unixByPath() throws Exception {
        Path path = dir.resolve("s");
        try (Listener l = Unix.listen(path);
                StreamSocket c = Unix.connect(path);
                StreamSocket s = l.accept()) {
            assertThat(l.isUnix()).isTrue();
            assertThat(c.isUnix()).isTrue();
            assertThat(c.remoteAddress()).isEqualTo(UnixDomainSocketAddress.of(path));
            assertThat(s.remoteAddress()).isEqualTo(UnixDomainSocketAddress.of(""));
            assertThat(s.remoteHostName()).isEmpty();
            exchange(c, s);
            PeerCredentials cred = s.peerCredentials();
            assertThat(cred.pid()).isEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    void unixAbstractName() throws Exception {
        String name = "jipc-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (Listener l = Unix.listenAbstract(name);
                StreamSocket c = Unix.connectAbstract(name);
                StreamSocket s = l.accept()) {
            assertThat(l.localAddress()).isEqualTo(AbstractUnixAddress.of(name));
            assertThat(c.remoteAddress()).hasToString("@" + name);
            exchange(c, s);
        }
    }

    @Test
    void socketPairOfStreams() throws Exception {
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            exchange(p.first(), p.second());
            assertThat(p.first().peerCredentials().uid()).isEqualTo(p.second().peerCredentials().uid());
        }
    }

    @Test
    void streamAndChannelViews() throws Exception {
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            OutputStream out = p.first().outputStream();
            InputStream in = p.second().inputStream();
            out.write('A');
            out.write("BC\n".getBytes(US_ASCII));
            assertThat(in.read()).isEqualTo('A');
            byte[] two = new byte[3];
            assertThat(in.readNBytes(two, 0, 3)).isEqualTo(3);
            ByteChannel ch = p.second().channel();
            ch.write(ByteBuffer.wrap("xyz\n".getBytes(US_ASCII)));
            try (LineReader lines = LineReader.of(p.first().fd())) {
                assertThat(lines.readLine()).isEqualTo("xyz");
            }
        }
    }

    @Test
    void typedOptions() throws Exception {
        try (Listener l = Tcp.listen("127.0.0.1", 0);
                StreamSocket c = Tcp.connect("127.0.0.1", l.port());
                StreamSocket s = l.accept()) {
            c.setNoDelay(true).setKeepAlive(true);
            assertThat(c.option(StandardSocketOptions.TCP_NODELAY)).isTrue();
            assertThat(c.option(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
            c.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
            assertThat(c.option(StandardSocketOptions.SO_SNDBUF)).isGreaterThanOrEqualTo(64 * 1024); // the kernel doubles it
            c.setOption(StandardSocketOptions.SO_RCVBUF, 32 * 1024);
            assertThat(c.option(StandardSocketOptions.SO_RCVBUF)).isGreaterThanOrEqualTo(32 * 1024);
            assertThat(c.option(StandardSocketOptions.SO_LINGER)).isEqualTo(-1);
            c.setLinger(java.time.Duration.ofSeconds(3));
            assertThat(c.option(StandardSocketOptions.SO_LINGER)).isEqualTo(3);
            c.setLinger(null);
            assertThat(c.option(StandardSocketOptions.SO_LINGER)).isEqualTo(-1);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> c.option(new java.net.SocketOption<Integer>() {
                        @Override
                        public String name() {
                            return "MADE_UP";
                        }

                        @Override
                        public Class<Integer> type() {
                            return Integer.class;
                        }
                    }))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("MADE_UP");
        }
    }
}
