package dev.jipc.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.internal.Fcntl;
import dev.jipc.internal.PlatformConstants;
import dev.jipc.io.Fd;
import dev.jipc.io.Pipe;
import dev.jipc.process.Command;
import dev.jipc.process.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Descriptors passed over Unix sockets (SCM_RIGHTS), peer credentials, and sockets handed to children. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FdPassingTest {
    @TempDir
    Path dir;

    private static boolean closeOnExec(Fd fd) {
        PlatformConstants c = PlatformConstants.current();
        return (Fcntl.fcntl(fd.number(), c.F_GETFD(), 0) & c.FD_CLOEXEC()) != 0;
    }

    @Test
    void passAPipeEndAndUseIt() throws Exception {
        try (SocketPair<StreamSocket> p = SocketPair.stream(); Pipe pipe = Pipe.open()) {
            p.first().sendWithFds("take this".getBytes(US_ASCII), List.of(pipe.writer()));
            byte[] buf = new byte[32];
            try (FdMessage m = p.second().receiveWithFds(buf, 4)) {
                assertThat(new String(buf, 0, m.length(), US_ASCII)).isEqualTo("take this");
                assertThat(m.truncated()).isFalse();
                assertThat(m.fds()).hasSize(1);
                Fd received = m.fds().getFirst();
                assertThat(received.number()).isNotEqualTo(pipe.writer().number());
                assertThat(closeOnExec(received)).isTrue();
                received.writeFully("through the copy".getBytes(US_ASCII));
            }
            byte[] got = new byte[16];
            assertThat(pipe.reader().read(got)).isEqualTo(16);
            assertThat(new String(got, US_ASCII)).isEqualTo("through the copy");
        }
    }

    @Test
    void twoHundredFiftyDescriptorsInOneMessage() throws Exception {
        List<Pipe> pipes = new ArrayList<>();
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            List<Fd> fds = new ArrayList<>();
            for (int i = 0; i < 125; i++) {
                Pipe pipe = Pipe.open(Pipe.KERNEL_DEFAULT);
                pipes.add(pipe);
                fds.add(pipe.reader());
                fds.add(pipe.writer());
            }
            p.first().sendWithFds(new byte[] {7}, fds);
            byte[] buf = new byte[1];
            try (FdMessage m = p.second().receiveWithFds(buf, 253)) {
                assertThat(m.length()).isEqualTo(1);
                assertThat(m.truncated()).isFalse();
                assertThat(m.fds()).hasSize(250);
                // Pair 100's write end, received, feeds pair 100's original read end.
                m.fds().get(201).writeFully(new byte[] {100});
                byte[] one = new byte[1];
                assertThat(pipes.get(100).reader().read(one)).isEqualTo(1);
                assertThat(one[0]).isEqualTo((byte) 100);
            }
        } finally {
            for (Pipe pipe : pipes) {
                pipe.close();
            }
        }
    }

    @Test
    void tooFewSlotsTruncatesAndTheKernelClosesTheRest() throws Exception {
        try (SocketPair<StreamSocket> p = SocketPair.stream(); Pipe a = Pipe.open(); Pipe b = Pipe.open()) {
            p.first().sendWithFds("x".getBytes(US_ASCII), List.of(a.reader(), b.reader(), a.writer()));
            try (FdMessage m = p.second().receiveWithFds(new byte[1], 1)) {
                assertThat(m.truncated()).isTrue();
                assertThat(m.fds()).hasSize(1);
            }
            assertThatThrownBy(() -> p.first().sendWithFds(new byte[0], List.of(a.reader())))
                    .isInstanceOf(IllegalArgumentException.class);
            List<Fd> tooMany = java.util.Collections.nCopies(254, a.reader());
            assertThatThrownBy(() -> p.first().sendWithFds(new byte[1], tooMany))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("253");
        }
    }

    @Test
    void plainBytesReceivedWithRoomForDescriptors() throws Exception {
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            p.first().writeFully("no fds".getBytes(US_ASCII));
            p.first().shutdownOutput();
            byte[] buf = new byte[10];
            try (FdMessage m = p.second().receiveWithFds(buf, 8)) {
                assertThat(m.length()).isEqualTo(6);
                assertThat(m.fds()).isEmpty();
            }
            try (FdMessage eof = p.second().receiveWithFds(buf, 8)) {
                assertThat(eof.length()).isZero();
            }
        }
    }

    @Test
    void overDatagramsAndBetweenNamedSockets() throws Exception {
        Path path = dir.resolve("fds");
        try (DatagramEndpoint server = Unix.bindDatagram(path); DatagramEndpoint client = Unix.datagram(); Pipe pipe = Pipe.open()) {
            client.sendWithFds("d".getBytes(US_ASCII), List.of(pipe.writer()), java.net.UnixDomainSocketAddress.of(path));
            try (FdMessage m = server.receiveWithFds(new byte[4], 2)) {
                assertThat(m.length()).isEqualTo(1);
                assertThat(m.fds()).hasSize(1);
            }
        }
    }

    @Test
    void descriptorsFromAnotherProcess() throws Exception {
        // A Python child sends its own pipe's read end, with the text already written into the pipe
        // (Perl's core has no sendmsg).
        org.junit.jupiter.api.Assumptions.assumeTrue(onPath("python3"), "python3 is not installed");
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            Fd childEnd = p.second().handOff();
            String script = "import os,socket; s=socket.socket(fileno=3); r,w=os.pipe(); os.write(w,b'from child');"
                    + " os.close(w); socket.send_fds(s,[b'!'],[r])";
            var child = Command.of("python3", "-c", script).fd(3, Redirect.from(childEnd)).start();
            childEnd.close();
            try (FdMessage m = p.first().receiveWithFds(new byte[1], 1)) {
                assertThat(child.waitFor().success()).isTrue();
                assertThat(m.fds()).hasSize(1);
                Fd r = m.fds().getFirst();
                assertThat(r.isNonBlocking()).isFalse(); // adopted as the sender made it
                byte[] buf = new byte[10];
                int n = r.read(buf);
                assertThat(new String(buf, 0, n, US_ASCII)).isEqualTo("from child");
            }
        }
    }

    @Test
    void peerCredentialsOfAChild() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(onPath("perl"), "perl is not installed");
        Path path = dir.resolve("cred");
        try (Listener l = Unix.listen(path)) {
            var child = Command.of("perl", "-MIO::Socket::UNIX", "-e",
                    "my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or die $!; sysread($s, my $b, 1)",
                    path.toString()).start();
            try (StreamSocket s = l.accept()) {
                PeerCredentials c = s.peerCredentials();
                assertThat(c.pid()).isEqualTo(child.pid());
                assertThat(c.uid()).isEqualTo(dev.jipc.internal.Unistd.geteuid());
                s.writeFully(new byte[] {1});
            }
            assertThat(child.waitFor().success()).isTrue();
        }
    }

    @Test
    void handOffGivesAChildABlockingSocketOnAnyDescriptor() throws Exception {
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            Fd end = p.second().handOff();
            assertThat(p.second().isClosed()).isTrue();
            assertThat(dev.jipc.internal.Descriptors.isNonBlocking(end.number(), "handed-off end")).isFalse();
            // The child reads its fd 4 with ordinary blocking reads and answers on it.
            var child = Command.of("sh", "-c", "read line <&4; echo \"got $line\" >&4").fd(4, Redirect.from(end)).start();
            end.close();
            p.first().writeFully("hello\n".getBytes(US_ASCII));
            byte[] buf = new byte[32];
            p.first().setReadTimeout(java.time.Duration.ofSeconds(20));
            int n = p.first().read(buf);
            assertThat(new String(buf, 0, n, US_ASCII)).isEqualTo("got hello\n");
            assertThat(child.waitFor().success()).isTrue();
            assertThat(p.first().read(buf)).isEqualTo(-1); // the child's copy was the last
        }
    }

    @Test
    void aChildAcceptsOnAHandedOffListener() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(onPath("perl"), "perl is not installed");
        Listener l = Tcp.listen("127.0.0.1", 0);
        int port = l.port();
        Fd listening = l.handOff();
        assertThat(l.isClosed()).isTrue();
        var child = Command.of("perl", "-MIO::Socket::INET", "-e",
                "my $l = IO::Socket::INET->new_from_fd(3, 'r+') or die $!; my $c = $l->accept or die $!;"
                        + " print $c \"accepted by the child\\n\"; close $c")
                .fd(3, Redirect.from(listening)).start();
        listening.close();
        try (StreamSocket c = Tcp.connect("127.0.0.1", port)) {
            c.setReadTimeout(java.time.Duration.ofSeconds(30));
            assertThat(new String(c.inputStream().readAllBytes(), US_ASCII)).isEqualTo("accepted by the child\n");
        }
        assertThat(child.waitFor().success()).isTrue();
    }

    @Test
    void adoptAnInheritedSocket() throws Exception {
        try (SocketPair<StreamSocket> p = SocketPair.stream()) {
            // As a program started by an inetd-style server finds its connection on fd 0: blocking.
            int inherited = p.second().handOff().release();
            try (StreamSocket s = StreamSocket.adopt(inherited)) {
                assertThat(s.fd().isNonBlocking()).isTrue();
                assertThat(s.isUnix()).isTrue();
                p.first().writeFully("over the adopted socket".getBytes(US_ASCII));
                byte[] buf = new byte[64];
                int n = s.read(buf);
                assertThat(new String(buf, 0, n, US_ASCII)).isEqualTo("over the adopted socket");
            }
        }
        try (Pipe pipe = Pipe.open()) {
            int n = pipe.reader().number();
            assertThatThrownBy(() -> StreamSocket.adopt(n))
                    .isInstanceOfSatisfying(dev.jipc.ErrnoException.class,
                            e -> assertThat(e.errno()).isEqualTo(dev.jipc.Errno.ENOTSOCK));
        }
        try (SocketPair<DatagramEndpoint> d = SocketPair.datagram()) {
            int n = d.first().fd().number();
            assertThatThrownBy(() -> StreamSocket.adopt(n)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    static boolean onPath(String program) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> !d.isEmpty() && java.nio.file.Files.isExecutable(Path.of(d, program)));
    }
}
