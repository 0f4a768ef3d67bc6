package dev.jipc.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jipc.io.LineReader;
import dev.jipc.io.LineWriter;
import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** jipc sockets talking to Perl's IO::Socket programs, as clients and as servers, over TCP and Unix sockets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PerlInteropTest {
    @TempDir
    Path dir;

    // A client: reads the greeting, sends a line, prints both lines it received.
    private static final String CLIENT = """
            use IO::Socket::INET; use IO::Socket::UNIX; $| = 1;
            my $s = $ARGV[0] =~ m{/} ? IO::Socket::UNIX->new(Peer => $ARGV[0])
                                     : IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $ARGV[0]);
            die "connect: $!\\n" unless $s;
            my $hello = <$s>; print $s "from perl\\r\\n"; my $answer = <$s>;
            $hello =~ s/\\r?\\n$//; $answer =~ s/\\r?\\n$//; print "$hello|$answer\\n";
            """;

    // A server: prints where it listens, greets one client, answers its line in upper case.
    private static final String SERVER = """
            use IO::Socket::INET; use IO::Socket::UNIX; $| = 1;
            my $l = $ARGV[0] ? IO::Socket::UNIX->new(Local => $ARGV[0], Listen => 5)
                             : IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 5, ReuseAddr => 1);
            die "listen: $!\\n" unless $l;
            print(($ARGV[0] ? 'ready' : $l->sockport), "\\n");
            my $c = $l->accept or die "accept: $!\\n";
            print $c "Hello from perl\\r\\n"; my $line = <$c>; $line =~ s/\\r?\\n$//; print $c uc($line), "\\r\\n";
            close $c; unlink $ARGV[0] if $ARGV[0];
            """;

    @BeforeAll
    static void needsPerl() {
        Assumptions.assumeTrue(FdPassingTest.onPath("perl"), "perl is not installed");
    }

    private static void serveOne(Listener l) throws Exception {
        try (StreamSocket c = l.accept(Duration.ofSeconds(30))) {
            LineWriter out = LineWriter.crlf(c.fd()).autoFlush(true);
            out.writeLine("Hello from jipc");
            String line = LineReader.of(c.fd()).readLine(Duration.ofSeconds(30));
            out.writeLine(line.toUpperCase(Locale.ROOT));
        }
    }

    private static String runClient(String where, Listener l) throws Exception {
        try (ChildProcess perl = Command.of("perl", "-e", CLIENT, where).stdout(Redirect.pipe()).start()) {
            serveOne(l);
            String printed = LineReader.of(perl.stdout()).readLine(Duration.ofSeconds(30));
            assertThat(perl.waitFor(Duration.ofSeconds(30)).success()).isTrue();
            return printed;
        }
    }

    @Test
    void perlClientOfAJipcTcpServer() throws Exception {
        try (Listener l = Tcp.listen("127.0.0.1", 0)) {
            assertThat(runClient(Integer.toString(l.port()), l)).isEqualTo("Hello from jipc|FROM PERL");
        }
    }

    @Test
    void perlClientOfAJipcUnixServer() throws Exception {
        Path path = dir.resolve("jipc.sock");
        try (Listener l = Unix.listen(path)) {
            assertThat(runClient(path.toString(), l)).isEqualTo("Hello from jipc|FROM PERL");
        }
    }

    private static String talkTo(StreamSocket s) throws Exception {
        LineReader in = LineReader.of(s.fd());
        String hello = in.readLine(Duration.ofSeconds(30));
        LineWriter.crlf(s.fd()).autoFlush(true).writeLine("from jipc");
        return hello + "|" + in.readLine(Duration.ofSeconds(30)) + "|" + in.readLine(Duration.ofSeconds(30));
    }

    @Test
    void jipcClientOfAPerlTcpServer() throws Exception {
        try (ChildProcess perl = Command.of("perl", "-e", SERVER, "").stdout(Redirect.pipe()).start()) {
            int port = Integer.parseInt(LineReader.of(perl.stdout()).readLine(Duration.ofSeconds(30)));
            try (StreamSocket s = Tcp.connect("localhost", "jipc-unknown(" + port + ")", Duration.ofSeconds(30))) {
                assertThat(talkTo(s)).isEqualTo("Hello from perl|FROM JIPC|null");
            }
            assertThat(perl.waitFor(Duration.ofSeconds(30)).success()).isTrue();
        }
    }

    @Test
    void jipcClientOfAPerlUnixServer() throws Exception {
        Path path = dir.resolve("perl.sock");
        try (ChildProcess perl = Command.of("perl", "-e", SERVER, path.toString()).stdout(Redirect.pipe()).start()) {
            assertThat(LineReader.of(perl.stdout()).readLine(Duration.ofSeconds(30))).isEqualTo("ready");
            assertThat(Unix.isSocket(path)).isTrue();
            try (StreamSocket s = Unix.connect(path)) {
                assertThat(talkTo(s)).isEqualTo("Hello from perl|FROM JIPC|null");
            }
            assertThat(perl.waitFor(Duration.ofSeconds(30)).success()).isTrue();
        }
    }
}
