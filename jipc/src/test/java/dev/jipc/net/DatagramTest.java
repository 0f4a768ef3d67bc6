package dev.jipc.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import dev.jipc.io.Readiness;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DatagramTest {
    @TempDir
    Path dir;

    private static String text(byte[] b, Datagram d) {
        return new String(b, 0, d.length(), US_ASCII);
    }

    @Test
    void udpRequestAndReplyWithThePeerAddress() throws Exception {
        try (DatagramEndpoint server = Udp.bind(new InetSocketAddress("127.0.0.1", 0)); DatagramEndpoint client = Udp.open()) {
            client.send("what time is it".getBytes(US_ASCII), server.localAddress());
            byte[] buf = new byte[100];
            Datagram q = server.receive(buf);
            assertThat(text(buf, q)).isEqualTo("what time is it");
            assertThat(q.truncated()).isFalse();
            server.send("noon".getBytes(US_ASCII), q.sender());
            Datagram a = client.receive(buf, Duration.ofSeconds(10));
            assertThat(text(buf, a)).isEqualTo("noon");
            assertThat(a.sender()).isEqualTo(server.localAddress());
        }
    }

    @Test
    void udpOverIpv6() throws Exception {
        Assumptions.assumeTrue(StreamSocketTest.ipv6Loopback(), "::1 is not configured on this machine's loopback interface");
        try (DatagramEndpoint server = Udp.bind(new InetSocketAddress("::1", 0));
                DatagramEndpoint client = Udp.open(StandardProtocolFamily.INET6)) {
            client.send("six".getBytes(US_ASCII), server.localAddress());
            byte[] buf = new byte[10];
            assertThat(text(buf, server.receive(buf))).isEqualTo("six");
        }
    }

    @Test
    void anIpv6SocketReachesIpv4PeersAndAnIpv4SocketRefusesIpv6Ones() throws Exception {
        Assumptions.assumeTrue(StreamSocketTest.ipv6Loopback(), "::1 is not configured on this machine's loopback interface");
        try (DatagramEndpoint server = Udp.bind(new InetSocketAddress("127.0.0.1", 0));
                DatagramEndpoint six = Udp.open(StandardProtocolFamily.INET6);
                DatagramEndpoint four = Udp.open()) {
            six.send("mapped".getBytes(US_ASCII), server.localAddress()); // sent as ::ffff:127.0.0.1
            byte[] buf = new byte[10];
            assertThat(text(buf, server.receive(buf, Duration.ofSeconds(10)))).isEqualTo("mapped");
            assertThatThrownBy(() -> four.send(new byte[1], new InetSocketAddress("::1", 9)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("IPv6 address")
                    .hasMessageContaining("Udp.open(StandardProtocolFamily.INET6)");
        }
    }

    @Test
    void addressOfOneFamily() throws Exception {
        assertThat(Udp.address("127.0.0.1", "53", StandardProtocolFamily.INET).getAddress().getHostAddress())
                .isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> Udp.address("127.0.0.1", "53", StandardProtocolFamily.INET6))
                .isInstanceOf(java.net.UnknownHostException.class)
                .hasMessageContaining("no IPv6 address");
        assertThatThrownBy(() -> Udp.address("127.0.0.1", "53", StandardProtocolFamily.UNIX))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connectedUdp() throws Exception {
        try (DatagramEndpoint server = Udp.bind(new InetSocketAddress("127.0.0.1", 0));
                DatagramEndpoint client = Udp.connect("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort());
                DatagramEndpoint stranger = Udp.open()) {
            client.send("hi".getBytes(US_ASCII));
            byte[] buf = new byte[10];
            Datagram d = server.receive(buf);
            // A connected socket only hears its peer: the stranger's datagram is dropped.
            stranger.send("noise".getBytes(US_ASCII), client.localAddress());
            server.send("back".getBytes(US_ASCII), d.sender());
            assertThat(text(buf, client.receive(buf))).isEqualTo("back");
            assertThat(client.remoteAddress()).isEqualTo(server.localAddress());
        }
    }

    @Test
    void connectedUdpSeesRefusal() throws Exception {
        int port;
        try (DatagramEndpoint gone = Udp.bind(new InetSocketAddress("127.0.0.1", 0))) {
            port = ((InetSocketAddress) gone.localAddress()).getPort();
        }
        try (DatagramEndpoint client = Udp.connect("127.0.0.1", port)) {
            client.send("anyone?".getBytes(US_ASCII));
            assertThatThrownBy(() -> client.receive(new byte[10], Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ECONNREFUSED));
        }
    }

    @Test
    void receiveTimeout() throws Exception {
        try (DatagramEndpoint s = Udp.bind(new InetSocketAddress("127.0.0.1", 0))) {
            assertThatThrownBy(() -> s.receive(new byte[10], Duration.ofMillis(50))).isInstanceOf(TimedOutException.class);
        }
    }

    @Test
    void broadcastOption() throws Exception {
        try (DatagramEndpoint s = Udp.open()) {
            assertThat(s.option(StandardSocketOptions.SO_BROADCAST)).isFalse();
            s.setBroadcast(true);
            assertThat(s.option(StandardSocketOptions.SO_BROADCAST)).isTrue();
        }
    }

    @Test
    void waitingForManyServersAtOnce() throws Exception {
        try (DatagramEndpoint a = Udp.bind(new InetSocketAddress("127.0.0.1", 0));
                DatagramEndpoint b = Udp.bind(new InetSocketAddress("127.0.0.1", 0));
                DatagramEndpoint client = Udp.open()) {
            client.send(new byte[] {1}, b.localAddress());
            Readiness.Ready r = Readiness.await(List.of(a.fd(), b.fd()), List.of(), Duration.ofSeconds(10));
            assertThat(r.readable()).containsExactly(b.fd());
        }
    }

    @Test
    void multicastJoinAndDelivery() throws Exception {
        NetworkInterface ni = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(n -> {
                    try {
                        return n.isUp() && n.supportsMulticast() && n.inetAddresses().anyMatch(x -> x instanceof Inet4Address);
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                })
                .findFirst().orElse(null);
        Assumptions.assumeTrue(ni != null, "no IPv4 interface that is up and supports multicast");
        InetAddress group = InetAddress.getByName("239.255.77.77");
        try (DatagramEndpoint member = Udp.bind(0); DatagramEndpoint sender = Udp.open()) {
            member.joinGroup(group, ni);
            int port = ((InetSocketAddress) member.localAddress()).getPort();
            sender.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            sender.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 0);
            assertThat(sender.option(StandardSocketOptions.IP_MULTICAST_IF)).isNull();
            sender.setOption(StandardSocketOptions.IP_MULTICAST_IF, ni);
            assertThat(sender.option(StandardSocketOptions.IP_MULTICAST_IF)).isEqualTo(ni);
            InetAddress local = ni.inetAddresses().filter(x -> x instanceof Inet4Address).findFirst().orElseThrow();
            // Send through the member's interface by binding-free routing: the group route may be missing,
            // so a refusal to route is a reason to stop here, not a failure of the join.
            try {
                sender.send("to all".getBytes(US_ASCII), new InetSocketAddress(group, port));
            } catch (ErrnoException e) {
                Assumptions.assumeTrue(false, "no route for multicast from " + local + ": " + e.getMessage());
            }
            byte[] buf = new byte[20];
            Datagram d = member.receive(buf, Duration.ofSeconds(10));
            assertThat(text(buf, d)).isEqualTo("to all");
            member.leaveGroup(group, ni);
        }
        assertThatThrownBy(() -> {
            try (DatagramEndpoint u = Udp.open()) {
                u.joinGroup(InetAddress.getByName("127.0.0.1"), null);
            }
        }).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unixDatagramsByPath() throws Exception {
        Path server = dir.resolve("srv");
        Path client = dir.resolve("cli");
        try (DatagramEndpoint s = Unix.bindDatagram(server); DatagramEndpoint c = Unix.bindDatagram(client)) {
            c.send("one".getBytes(US_ASCII), UnixDomainSocketAddress.of(server));
            c.send("two".getBytes(US_ASCII), UnixDomainSocketAddress.of(server));
            byte[] buf = new byte[10];
            Datagram d = s.receive(buf);
            assertThat(text(buf, d)).isEqualTo("one");
            assertThat(d.sender()).isEqualTo(UnixDomainSocketAddress.of(client));
            assertThat(text(buf, s.receive(buf))).isEqualTo("two");
            s.send("ack".getBytes(US_ASCII), d.sender());
            assertThat(text(buf, c.receive(buf))).isEqualTo("ack");
            assertThat(Unix.isSocket(server)).isTrue();
        }
        assertThat(Files.exists(server)).isFalse();
        assertThat(Files.exists(client)).isFalse();
    }

    @Test
    void unixDatagramFromAnUnboundSocketAndAbstractNames() throws Exception {
        String name = "jipc-dgram-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (DatagramEndpoint s = Unix.bindDatagramAbstract(name); DatagramEndpoint c = Unix.datagram()) {
            c.send("anon".getBytes(US_ASCII), AbstractUnixAddress.of(name));
            byte[] buf = new byte[10];
            Datagram d = s.receive(buf);
            assertThat(text(buf, d)).isEqualTo("anon");
            assertThat(d.sender()).isEqualTo(UnixDomainSocketAddress.of(""));
        }
    }

    @Test
    void datagramSocketPairKeepsBoundaries() throws Exception {
        try (SocketPair<DatagramEndpoint> p = SocketPair.datagram()) {
            p.first().send("ab".getBytes(US_ASCII));
            p.first().send("cde".getBytes(US_ASCII));
            byte[] buf = new byte[10];
            assertThat(p.second().receive(buf).length()).isEqualTo(2);
            assertThat(p.second().receive(buf).length()).isEqualTo(3);
            p.second().send("x".repeat(50).getBytes(US_ASCII));
            Datagram cut = p.first().receive(new byte[4]);
            assertThat(cut.truncated()).isTrue();
            assertThat(cut.size()).isEqualTo(50);
        }
    }
}
