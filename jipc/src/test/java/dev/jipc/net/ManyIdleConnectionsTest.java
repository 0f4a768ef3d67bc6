package dev.jipc.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jipc.io.LineReader;
import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One server process holds 8,000 idle connections, each served by its own virtual thread parked in
 * a read; the clients live in another process (a Perl child), as they would in production.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ManyIdleConnectionsTest {
    private static final int CONNECTIONS = 8000;

    // Connects N times, reports, waits for the go line, then sends a byte on each connection and
    // counts the echoes. Raises its own soft descriptor limit first (the shell's ulimit) if needed.
    private static final String CLIENTS = """
            use IO::Socket::INET; $| = 1;
            my ($port, $n) = @ARGV; my @s;
            for my $i (1 .. $n) {
                my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port, Proto => 'tcp')
                    or die "connect $i: $!\\n";
                push @s, $s;
            }
            print "connected ", scalar(@s), "\\n";
            my $go = <STDIN>;
            for my $s (@s) { syswrite($s, 'x') == 1 or die "write: $!\\n" }
            my $ok = 0;
            for my $s (@s) { sysread($s, my $b, 1) == 1 and $ok++ }
            print "echoed $ok\\n";
            """;

    private static long openFileLimit() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return Long.MAX_VALUE;
    }

    @Test
    void eightThousandIdleConnectionsOnVirtualThreads() throws Exception {
        Assumptions.assumeTrue(FdPassingTest.onPath("perl"), "perl is not installed; the clients are a Perl program");
        long limit = openFileLimit();
        Assumptions.assumeTrue(limit >= CONNECTIONS + 1000,
                "this JVM may open only " + limit + " descriptors; the test needs " + (CONNECTIONS + 1000));
        SocketServer server = SocketServer.start(Tcp.listen("127.0.0.1", 0), conn -> {
            byte[] one = new byte[1];
            while (conn.read(one) > 0) { // idle until the client speaks, then echo
                conn.writeFully(one);
            }
        });
        try {
            Command cmd = Command.of("sh", "-c", "ulimit -n \"$(ulimit -Hn)\" 2>/dev/null; exec perl -e \"$0\" \"$@\"",
                            CLIENTS, Integer.toString(server.listener().port()), Integer.toString(CONNECTIONS))
                    .stdin(Redirect.pipe()).stdout(Redirect.pipe());
            try (ChildProcess clients = cmd.start()) {
                LineReader out = LineReader.of(clients.stdout(), StandardCharsets.US_ASCII);
                assertThat(out.readLine(Duration.ofSeconds(120))).isEqualTo("connected " + CONNECTIONS);
                // Every connection is accepted and its handler parked in read.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (server.activeCount() < CONNECTIONS && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(server.activeCount()).isEqualTo(CONNECTIONS);
                assertThat(server.acceptedCount()).isEqualTo(CONNECTIONS);

                clients.stdin().writeFully("go\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(out.readLine(Duration.ofSeconds(120))).isEqualTo("echoed " + CONNECTIONS);
                assertThat(clients.waitFor(Duration.ofSeconds(60)).success()).isTrue();
            }
            server.stop();
            // The child's exit closed every connection: each handler saw end of stream and returned.
            assertThat(server.awaitTermination(Duration.ofSeconds(120))).isTrue();
        } finally {
            server.close();
        }
    }
}
