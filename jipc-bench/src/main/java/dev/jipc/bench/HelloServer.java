package dev.jipc.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A hello server of the connection-rate benchmark in {@code jipc-bench/run-net}: each client is
 * greeted with {@code "Hello there, NAME, it's now TIME\r\n"} (NAME the reverse lookup of its
 * address, TIME like Perl's {@code scalar localtime}), one log line goes to stderr, and the
 * connection is closed: what the Perl forking server of the same script does per client.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar dev.jipc.bench.HelloServer MODE [GREETER]</pre>
 *
 * Modes: {@code jdk-vt} (a {@link ServerSocketChannel} accept loop, one virtual thread per
 * connection; for orientation), {@code jipc-vt} and {@code jipc-spawn} (see {@link JipcNet}; the
 * spawning server runs GREETER, {@code hello_greeter.c}, per client, which does the same work). The
 * server listens on 127.0.0.1 on a port the kernel picks, prints that port on stdout once it
 * accepts, and serves until it is killed.
 */
public final class HelloServer {
    private HelloServer() {}

    /** Perl's {@code scalar localtime}: {@code Mon Nov 30 11:43:09 2026}. */
    static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    /** A running hello server. */
    public interface Server {
        /** The port it listens on. */
        int port();

        /** Serves until the process is killed. */
        void serve() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: HelloServer jdk-vt|jipc-vt|jipc-spawn [GREETER]");
            System.exit(2);
        }
        Server server = switch (args[0]) {
            case "jdk-vt" -> new JdkVirtualThreads();
            // Loaded by name so that this harness does not depend on the socket API at compile time.
            case "jipc-vt", "jipc-spawn" -> (Server) Class.forName("dev.jipc.bench.JipcNet")
                    .getMethod("helloServer", String.class, String.class)
                    .invoke(null, args[0], args.length > 1 ? args[1] : "hello_greeter");
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        };
        System.out.println(server.port());
        System.out.flush();
        server.serve();
    }

    /** The time as Perl's {@code scalar localtime} prints it. */
    static String now() {
        return CTIME.format(ZonedDateTime.now());
    }

    /** The greeting for a peer already looked up. */
    static String greeting(String name, String time) {
        return "Hello there, " + name + ", it's now " + time + "\r\n";
    }

    /** The log line of one connection, to stderr (as the Perl server prints its own). */
    static void log(PrintStream err, String name, InetSocketAddress peer, String time) {
        err.println("hello-server " + ProcessHandle.current().pid() + ": connection from " + name + " ["
                + peer.getAddress().getHostAddress() + "] at port " + peer.getPort() + " at " + time);
    }

    /** The JDK on its own: a blocking accept loop, a virtual thread per connection. */
    static final class JdkVirtualThreads implements Server {
        private final ServerSocketChannel server;

        JdkVirtualThreads() throws IOException {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        }

        @Override
        public int port() {
            try {
                return ((InetSocketAddress) server.getLocalAddress()).getPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void serve() throws IOException {
            while (true) {
                SocketChannel client = server.accept();
                Thread.ofVirtual().start(() -> handle(client));
            }
        }

        private static void handle(SocketChannel client) {
            try (client) {
                InetSocketAddress peer = (InetSocketAddress) client.getRemoteAddress();
                String name = peer.getAddress().getHostName();
                String time = now();
                log(System.err, name, peer, time);
                ByteBuffer out = ByteBuffer.wrap(greeting(name, time).getBytes(StandardCharsets.US_ASCII));
                while (out.hasRemaining()) {
                    client.write(out);
                }
            } catch (IOException e) {
                System.err.println("hello-server: " + e);
            }
        }
    }
}
