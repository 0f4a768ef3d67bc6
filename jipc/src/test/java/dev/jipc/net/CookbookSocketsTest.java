package dev.jipc.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jipc.io.Fd;
import dev.jipc.io.LineReader;
import dev.jipc.io.Readiness;
import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.Redirect;
import dev.jipc.signal.Registration;
import dev.jipc.signal.Signal;
import dev.jipc.signal.Signals;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The socket examples of docs/cookbook.md, run against real sockets on loopback. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CookbookSocketsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(screen, true, UTF_8);

    /** A one-line greeting server on a free loopback port, for the client examples. */
    private static SocketServer greeter(String text) throws IOException {
        return SocketServer.start(Tcp.listen("127.0.0.1", 0), c -> c.writeFully(text.getBytes(UTF_8)));
    }

    @Test
    void socketPairWithAChild() throws Exception {
        String answer;
        // snippet: socket-pair
        try (SocketPair<StreamSocket> pair = SocketPair.stream()) {
            ChildProcess child;
            try (Fd childEnd = pair.second().handOff()) {          // blocking again, for an ordinary program
                child = Command.of("sh", "-c", "read line; echo \"child $$ read: $line\"")
                        .stdin(Redirect.from(childEnd))
                        .stdout(Redirect.from(childEnd))
                        .start();
            }                                                      // our copy of the child's end is closed here
            pair.first().writeFully(("parent " + ProcessHandle.current().pid() + " is sending this\n").getBytes(UTF_8));
            answer = LineReader.of(pair.first().fd()).readLine();  // closed with the pair
            child.waitFor();
        }
        // end snippet
        assertThat(answer).matches("child \\d+ read: parent \\d+ is sending this");
    }

    @Test
    void tcpClient() throws Exception {
        List<String> received = new ArrayList<>();
        try (SocketServer server = greeter("one\r\ntwo\n")) {
            String remote = "127.0.0.1";
            String port = Integer.toString(server.listener().port());
            // snippet: tcp-client
            try (StreamSocket sock = Tcp.connect(remote, port)) {     // port: "2345", "daytime" or "daytime(13)"
                LineReader lines = LineReader.of(sock.fd());          // CR LF or LF; closed with the socket
                for (String line; (line = lines.readLine()) != null; ) {
                    received.add(line);
                }
            }
            // end snippet
        }
        assertThat(received).containsExactly("one", "two");
    }

    @Test
    void iterativeTcpServer() throws Exception {
        int port = freePort();
        int clients = 2;
        List<String> log = new CopyOnWriteArrayList<>();
        List<String> greetings = new CopyOnWriteArrayList<>();
        Thread server = Thread.ofVirtual().start(() -> {
            try {
                // snippet: tcp-server
                try (Listener listener = Tcp.listen(port)) {              // SO_REUSEADDR, backlog SOMAXCONN
                    for (int i = 0; i < clients; i++) {
                        try (StreamSocket client = listener.accept()) {
                            InetSocketAddress peer = (InetSocketAddress) client.remoteAddress();
                            String name = client.remoteHostName();           // reverse lookup, for the log
                            log.add("connection from " + name + " [" + peer.getAddress().getHostAddress()
                                    + "] at port " + peer.getPort());
                            client.writeFully(("Hello there, " + name + ", it's now " + LocalDateTime.now() + "\r\n")
                                    .getBytes(UTF_8));
                        }
                    }
                }
                // end snippet
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        for (int i = 0; i < clients; i++) {
            StreamSocket c = connectWhenListening(port);
            try (c) {
                greetings.add(new String(c.inputStream().readAllBytes(), UTF_8));
            }
        }
        server.join();
        assertThat(greetings).hasSize(2).allMatch(g -> g.startsWith("Hello there, ") && g.endsWith("\r\n"));
        assertThat(log).hasSize(2).allMatch(l -> l.contains("[127.0.0.1] at port "));
    }

    /** The server thread may not be listening yet: refused connections are retried (not a timing test; it only waits). */
    private static StreamSocket connectWhenListening(int port) throws Exception {
        while (true) {
            try {
                return Tcp.connect("127.0.0.1", port);
            } catch (dev.jipc.ErrnoException e) {
                if (e.errno() != dev.jipc.Errno.ECONNREFUSED) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    @Test
    @ResourceLock("jipc.signals")
    void multitaskingServerUntilSigterm() throws Exception {
        int port = freePort();
        List<String> got = new CopyOnWriteArrayList<>();
        Thread client = Thread.ofVirtual().start(() -> {
            try (StreamSocket c = connectWhenListening(port)) {
                got.add(new String(c.inputStream().readAllBytes(), UTF_8));
                while (!Signals.isCaught(Signal.SIGTERM)) {       // the handler below must be in place
                    Thread.sleep(10);
                }
                Signals.raise(Signal.SIGTERM);                     // as `kill -TERM` would
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // snippet: tcp-server-threads
        SocketServer server = SocketServer.start(Tcp.listen(port), conn ->      // a virtual thread per client
                conn.writeFully(("Hello there, " + conn.remoteHostName() + "\r\n").getBytes(UTF_8)));
        try (Registration term = Signals.handle(Signal.SIGTERM, s -> server.stop())) {
            server.awaitTermination();                             // until SIGTERM, and the last clients are served
        }
        // end snippet
        client.join();
        assertThat(got).singleElement().asString().startsWith("Hello there, ").endsWith("\r\n");
        assertThat(server.isRunning()).isFalse();
        server.close();
    }

    /** A port that was free a moment ago (its listener is closed again). */
    private static int freePort() throws IOException {
        try (Listener probe = Tcp.listen("127.0.0.1", 0)) {
            return probe.port();
        }
    }

    @Test
    void spawningServer() throws Exception {
        int port = 0;
        // snippet: tcp-server-spawn
        SocketServer server = SocketServer.spawning(Tcp.listen(port),             // inetd-style
                Command.of("sh", "-c", "echo \"Hello there, it's now $(date)\"; exec cat"));
        // end snippet
        try (server; StreamSocket c = Tcp.connect("127.0.0.1", server.listener().port())) {
            c.writeFully("echoed by cat\n".getBytes(UTF_8));
            c.shutdownOutput();
            String got = new String(c.inputStream().readAllBytes(), UTF_8);
            assertThat(got).startsWith("Hello there, it's now ").endsWith("\nechoed by cat\n");
            server.stop();
            assertThat(server.awaitTermination(Duration.ofSeconds(60))).isTrue();
        }
    }

    /** RFC 868: four bytes, the seconds since 1900 in network order. */
    private static SocketServer timeServer(long offset) throws IOException {
        return SocketServer.start(Tcp.listen("127.0.0.1", 0), c -> c.writeFully(ByteBuffer.allocate(4)
                .putInt((int) (System.currentTimeMillis() / 1000 + offset + 2_208_988_800L)).array()));
    }

    @Test
    void timeClient() throws Exception {
        long difference;
        try (SocketServer server = timeServer(3600)) {
            String host = "127.0.0.1";
            String timePort = Integer.toString(server.listener().port());
            // snippet: time-client
            final long SECONDS_1900_TO_1970 = 2_208_988_800L;
            try (StreamSocket conn = Tcp.connect(host, timePort, Duration.ofSeconds(10))) {   // timePort: "time(37)"
                byte[] answer = new byte[4];
                conn.setReadTimeout(Duration.ofSeconds(10)).readFully(answer, 0, 4);
                long theirs = Integer.toUnsignedLong(ByteBuffer.wrap(answer).getInt()) - SECONDS_1900_TO_1970;
                difference = theirs - System.currentTimeMillis() / 1000;
                out.printf("%-24s %8d %s%n", host, difference, java.time.Instant.ofEpochSecond(theirs));
            }
            // end snippet
        }
        assertThat(difference).isBetween(3000L, 4200L);               // an hour ahead, whatever the machine's speed
    }

    @Test
    void unixDomain() throws Exception {
        Path rendezvous = dir.resolve("catsock");
        // snippet: unix-server
        SocketServer server = SocketServer.start(Unix.listen(rendezvous),   // 0600; a stale file is replaced
                conn -> conn.writeFully(("Hello there, it's now " + LocalDateTime.now() + "\n").getBytes(UTF_8)));
        boolean isSocket = Unix.isSocket(rendezvous);                       // Perl's -S test
        // end snippet
        try (server) {
            assertThat(isSocket).isTrue();
            // snippet: unix-client
            try (StreamSocket sock = Unix.connect(rendezvous)) {
                sock.inputStream().transferTo(out);
            }
            // end snippet
        }
        assertThat(screen.toString(UTF_8)).startsWith("Hello there, it's now ").endsWith("\n");
        assertThat(rendezvous).doesNotExist();                              // removed when the server closed
    }

    @Test
    void daytimeWithAServiceName() throws Exception {
        try (SocketServer server = greeter("Mon Nov 30 12:00:00 2026\r\n")) {
            String host = "localhost";
            String daytime = "no-such-daytime(" + server.listener().port() + ")";
            // snippet: daytime-client
            try (StreamSocket remote = Tcp.connect(host, daytime)) {   // daytime: "daytime(13)", the name or else 13
                remote.inputStream().transferTo(out);
            }
            // end snippet
        }
        assertThat(screen.toString(UTF_8)).isEqualTo("Mon Nov 30 12:00:00 2026\r\n");
        assertThat(Services.tcpPort("no-such-daytime(13)")).isEqualTo(13);
    }

    @Test
    void webget() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        try (SocketServer server = SocketServer.start(Tcp.listen("127.0.0.1", 0), c -> {
            requests.add(LineReader.of(c.fd()).readLine());
            c.writeFully("HTTP/1.0 200 OK\r\n\r\nbody\n".getBytes(UTF_8));
        })) {
            String host = "127.0.0.1";
            String web = Integer.toString(server.listener().port());
            List<String> documents = List.of("/index.html", "/guanaco.html");
            // snippet: webget
            for (String document : documents) {
                try (StreamSocket remote = Tcp.connect(host, web)) {          // web: "http(80)"
                    remote.writeFully(("GET " + document + " HTTP/1.0\r\n\r\n").getBytes(US_ASCII));
                    remote.inputStream().transferTo(out);                  // the raw response, headers and all
                }
            }
            // end snippet
        }
        assertThat(requests).containsExactly("GET /index.html HTTP/1.0", "GET /guanaco.html HTTP/1.0");
        assertThat(screen.toString(UTF_8)).isEqualTo("HTTP/1.0 200 OK\r\n\r\nbody\n".repeat(2));
    }

    @Test
    void interactiveClientAndCommandServer() throws Exception {
        int port = 0;
        // snippet: command-server
        SocketServer server = SocketServer.start(Tcp.listen(port), client -> {      // many clients at once
            LineReader in = LineReader.of(client.fd());
            client.writeFully("Welcome; type help for command list.\nCommand? ".getBytes(UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                String command = line.strip().toLowerCase(Locale.ROOT);
                if (command.equals("quit")) {
                    break;
                }
                String answer = switch (command) {
                    case "" -> "";
                    case "date" -> ZonedDateTime.now() + "\n";
                    default -> "Commands: quit date\n";
                };
                client.writeFully((answer + "Command? ").getBytes(UTF_8));
            }
        });
        // end snippet
        try (server) {
            String host = "127.0.0.1";
            int commandPort = server.listener().port();
            InputStream keyboard = new ByteArrayInputStream("help\n\ndate\nquit\n".getBytes(UTF_8));
            // snippet: interactive-client
            try (StreamSocket conn = Tcp.connect(host, commandPort)) {       // keyboard: System.in, out: System.out
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        keyboard.transferTo(conn.outputStream());             // each line as it is typed
                        conn.shutdownOutput();                               // end of input: the server sees EOF
                    } catch (IOException e) {
                        // the server hung up first
                    }
                });
                conn.inputStream().transferTo(out);                          // a prompt shows without a newline
            }
            // end snippet
        }
        assertThat(screen.toString(UTF_8)).startsWith("Welcome; type help for command list.\nCommand? Commands: quit date\nCommand? Command? ")
                .endsWith("Command? ");
    }

    @Test
    void udpTimeOfManyHosts() throws Exception {
        List<String> hosts = List.of("127.0.0.1", "127.0.0.1");
        List<String> lines = new ArrayList<>();
        try (DatagramEndpoint timeServer = Udp.bind(new InetSocketAddress("127.0.0.1", 0))) {
            Thread answering = Thread.ofVirtual().start(() -> {
                try {
                    byte[] buf = new byte[16];
                    for (int i = 0; i < hosts.size(); i++) {
                        Datagram d = timeServer.receive(buf);
                        timeServer.send(ByteBuffer.allocate(4).putInt((int) (System.currentTimeMillis() / 1000 + 2_208_988_800L)).array(), d.sender());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            String timeService = Integer.toString(((InetSocketAddress) timeServer.localAddress()).getPort());
            // snippet: udp-time
            try (DatagramEndpoint socket = Udp.open()) {
                for (String host : hosts) {                                  // all at once, one socket
                    socket.send(new byte[0], Udp.address(host, timeService));   // timeService: "time(37)"
                }
                int waiting = hosts.size();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                byte[] answer = new byte[4];
                while (waiting > 0) {
                    Duration left = Duration.ofNanos(deadline - System.nanoTime());
                    if (left.isNegative() || Readiness.await(List.of(socket.fd()), List.of(), left).isEmpty()) {
                        break;                                               // ten seconds are up
                    }
                    Datagram d = socket.receive(answer);                     // will not wait
                    long theirs = Integer.toUnsignedLong(ByteBuffer.wrap(answer).getInt()) - 2_208_988_800L;
                    String name = Resolver.hostName(((InetSocketAddress) d.sender()).getAddress());
                    lines.add(String.format("%-12s %8d", name, theirs - System.currentTimeMillis() / 1000));
                    waiting--;
                }
            }
            // end snippet
            answering.join();
        }
        assertThat(lines).hasSize(2);
    }
}
