package dev.jipc.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpOptionsTest {

    /** What a test does with both ends of a fresh loopback TCP connection. */
    private interface ConnectionTest {
        void run(StreamSocket client, StreamSocket server) throws Exception;
    }

    private static void onConnection(ConnectionTest test) throws Exception {
        try (Listener l = Tcp.listen("127.0.0.1", 0);
                StreamSocket c = Tcp.connect("127.0.0.1", l.port());
                StreamSocket s = l.accept()) {
            test.run(c, s);
        }
    }

    private static String sysctl(String name) throws Exception {
        return Files.readString(Path.of("/proc/sys/net/ipv4", name)).strip();
    }

    @Test
    void congestionControlStartsAsTheSystemDefaultAndCanBeChosenPerConnection() throws Exception {
        onConnection((c, s) -> {
            assertThat(c.option(TcpOptions.CONGESTION_CONTROL)).isEqualTo(sysctl("tcp_congestion_control"));
            // reno is built into every kernel and every process may choose it.
            c.setOption(TcpOptions.CONGESTION_CONTROL, "reno");
            assertThat(c.option(TcpOptions.CONGESTION_CONTROL)).isEqualTo("reno");
            assertThat(s.option(TcpOptions.CONGESTION_CONTROL)).isEqualTo(sysctl("tcp_congestion_control"));
            c.writeFully("after the switch\n".getBytes(US_ASCII));
            byte[] got = new byte[17];
            s.readFully(got, 0, got.length);
            assertThat(new String(got, US_ASCII)).isEqualTo("after the switch\n");
        });
    }

    @Test
    void anAlgorithmTheKernelLacksIsEnoentNamingThoseItHas() throws Exception {
        onConnection((c, s) -> {
            String before = c.option(TcpOptions.CONGESTION_CONTROL);
            assertThatThrownBy(() -> c.setOption(TcpOptions.CONGESTION_CONTROL, "no-such-cc"))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                    .hasMessageContaining("\"no-such-cc\"")
                    .hasMessageContaining(sysctl("tcp_available_congestion_control"));
            assertThat(c.option(TcpOptions.CONGESTION_CONTROL)).isEqualTo(before);
        });
    }

    @Test
    void namesTheKernelCannotTakeAreRefusedBeforeAnyCall() throws Exception {
        onConnection((c, s) -> {
            String before = c.option(TcpOptions.CONGESTION_CONTROL);
            // The kernel would cut a 16-character name to 15 and choose something else.
            for (String bad : new String[] {"", "sixteen-chars-cc", "cubić"}) {
                assertThatThrownBy(() -> c.setOption(TcpOptions.CONGESTION_CONTROL, bad))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("TCP_CONGESTION");
            }
            assertThatThrownBy(() -> c.setOption(TcpOptions.CONGESTION_CONTROL, null))
                    .isInstanceOf(NullPointerException.class);
            assertThat(c.option(TcpOptions.CONGESTION_CONTROL)).isEqualTo(before);
        });
    }

    @Test
    void aUdpSocketHasNoCongestionControl() throws Exception {
        try (DatagramEndpoint udp = Udp.open()) {
            assertThatThrownBy(() -> udp.setOption(TcpOptions.CONGESTION_CONTROL, "reno"))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("UDP socket");
            assertThatThrownBy(() -> udp.option(TcpOptions.CONGESTION_CONTROL))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void aUnixSocketHasNoCongestionControl() throws Exception {
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            assertThatThrownBy(() -> p.first().setOption(TcpOptions.CONGESTION_CONTROL, "reno"))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("Unix socket");
            assertThatThrownBy(() -> p.first().option(TcpOptions.CONGESTION_CONTROL))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
