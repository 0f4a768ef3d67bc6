package dev.jipc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jipc.net.Listener;
import dev.jipc.net.Tcp;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bad input and failures of the socket subcommands: one clear line on stderr and exit code 1 (2 for usage). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SocketCommandsTest {
    @TempDir
    Path dir;

    /** A port nobody listens on: one the kernel just gave a listener that is now closed. */
    private static int closedPort() throws Exception {
        try (Listener l = Tcp.listen("127.0.0.1", 0)) {
            return l.port();
        }
    }

    @Test
    void connectionRefused() throws Exception {
        String port = Integer.toString(closedPort());
        for (String[] args : new String[][] {
            {"tcp-client", "127.0.0.1", port},
            {"daytime", "127.0.0.1", "--port", port},
            {"webget", "127.0.0.1:" + port, "/"},
            {"chat", "127.0.0.1", port}}) {
            CliRun r = CliRun.of(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", args)).contains("ECONNREFUSED").doesNotContain("\tat ");
        }
    }

    @Test
    void timeClientReportsAHostItCannotAskAndGoesOn() throws Exception {
        CliRun r = CliRun.of("time-client", "--port", Integer.toString(closedPort()), "127.0.0.1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out().lines().toList()).hasSize(2);
        assertThat(r.out().lines().toList().get(1)).startsWith("127.0.0.1 ").contains("ECONNREFUSED");
    }

    @Test
    void udpTimeSaysWhoDidNotAnswer() throws Exception {
        // A bound UDP socket that never answers: the querier gives up when its wait is over.
        try (dev.jipc.net.DatagramEndpoint silent = dev.jipc.net.Udp.bind(new java.net.InetSocketAddress("127.0.0.1", 0))) {
            int port = ((java.net.InetSocketAddress) silent.localAddress()).getPort();
            CliRun r = CliRun.of("udp-time", "--wait", "300ms", "--port", Integer.toString(port), "127.0.0.1");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.out()).contains("1 of 1 hosts did not answer within 300ms");
        }
    }

    @Test
    void portInUse() throws Exception {
        try (Listener taken = Tcp.listen(0)) {
            for (String cmd : new String[] {"tcp-server", "daytime-server", "command-server", "time-server"}) {
                CliRun r = CliRun.of(cmd, Integer.toString(taken.port()));
                assertThat(r.exitCode()).as(cmd).isEqualTo(1);
                assertThat(r.err()).as(cmd).contains("EADDRINUSE");
            }
        }
    }

    @Test
    void badPortsAndServices() {
        CliRun high = CliRun.of("tcp-server", "70000");
        assertThat(high.exitCode()).isNotZero();
        assertThat(high.err()).contains("70000");
        CliRun unknown = CliRun.of("daytime", "127.0.0.1", "--port", "no-such-service");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no-such-service");
        CliRun word = CliRun.of("tcp-client", "127.0.0.1", "not a port!");
        assertThat(word.exitCode()).isNotZero();
        assertThat(word.err()).contains("not a port!");
    }

    @Test
    void unknownHost() {
        CliRun r = CliRun.of("tcp-client", "no-such-host.invalid", "2345");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("no-such-host.invalid");
        CliRun udp = CliRun.of("udp-time", "--wait", "1s", "no-such-host.invalid");
        assertThat(udp.exitCode()).isEqualTo(1);
        assertThat(udp.err()).contains("no-such-host.invalid");
    }

    @Test
    void unixPathProblems() {
        CliRun missing = CliRun.of("unix-client", dir.resolve("nobody-here").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("ENOENT");
        String tooLong = dir.resolve("x".repeat(200)).toString();
        CliRun longPath = CliRun.of("unix-server", tooLong);
        assertThat(longPath.exitCode()).isEqualTo(1);
        assertThat(longPath.err()).contains("108");
    }

    @Test
    void unixServerRefusesALiveSocketAndAPlainFile() throws Exception {
        Path live = dir.resolve("live.sock");
        try (Listener other = dev.jipc.net.Unix.listen(live)) {
            CliRun r = CliRun.of("unix-server", live.toString());
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("EADDRINUSE");
            assertThat(dev.jipc.net.Unix.isSocket(live)).as("the live server's file stays").isTrue();
        }
        Path plain = java.nio.file.Files.writeString(dir.resolve("plain"), "not a socket");
        CliRun r = CliRun.of("unix-server", plain.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("EADDRINUSE");
        assertThat(java.nio.file.Files.readString(plain)).isEqualTo("not a socket");
    }

    @Test
    void usageErrors() {
        assertThat(CliRun.of("tcp-server", "0", "--spawn").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("tcp-server", "0", "--", "true").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("tcp-server", "1", "2").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("time-client").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("udp-time").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("webget", "localhost").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("webget", "localhost", "/a b").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("chat", "localhost").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("daytime", "--timeout", "soon").exitCode()).isEqualTo(2);
    }

    @Test
    void tourIncludesSockets() {
        CliRun r = CliRun.of("tour");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Sockets", "Hello there, ", "ending in CR LF",
                "got \"ping over a socket pair\"");
    }
}
