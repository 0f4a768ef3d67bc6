package dev.jipc.bench;

import dev.jipc.net.Listener;
import dev.jipc.net.SocketPair;
import dev.jipc.net.SocketServer;
import dev.jipc.net.StreamSocket;
import dev.jipc.net.Tcp;
import dev.jipc.net.TcpOptions;
import dev.jipc.net.Unix;
import dev.jipc.process.Command;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;

/**
 * The jipc contenders of {@link NetBench} and {@link HelloServer}, over {@code dev.jipc.net}: kept in
 * a class of their own so that the harness loads them by name.
 *
 * <p>Transfers use {@link StreamSocket#read(ByteBuffer)} and {@link StreamSocket#write(ByteBuffer)}
 * with direct buffers, the calls a program would make; the sockets are jipc's defaults (non-blocking
 * descriptors, waits parked on jipc's poller). The hello servers are {@link SocketServer#start} (a
 * virtual thread per connection) and {@link SocketServer#spawning} (a child per connection).
 */
public final class JipcNet implements NetBench.Contender {
    private final ThreadFactory threads;

    /** jipc on virtual threads ({@code true}) or platform threads. */
    public JipcNet(boolean virtual) {
        this.threads = virtual ? Thread.ofVirtual().factory() : Thread.ofPlatform().factory();
    }

    @Override
    public boolean offers(String transport) {
        return transport.equals("pair") || transport.equals("unix") || transport.equals("tcp");
    }

    @Override
    public ThreadFactory threads() {
        return threads;
    }

    @Override
    public NetBench.Ends connect(String transport, int bufSize) throws IOException {
        switch (transport) {
            case "pair" -> {
                SocketPair<StreamSocket> pair = SocketPair.stream();
                return ends(pair.first(), pair.second(), bufSize);
            }
            case "tcp" -> {
                try (Listener listener = Tcp.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                    StreamSocket client = Tcp.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.port()));
                    StreamSocket accepted = listener.accept();
                    client.setNoDelay(true);
                    accepted.setNoDelay(true);
                    return ends(client, accepted, bufSize);
                }
            }
            default -> {
                Path path = NetBench.unixPath();
                try (Listener listener = Unix.listen(path)) {
                    StreamSocket client = Unix.connect(path);
                    return ends(client, listener.accept(), bufSize);
                } finally {
                    NetBench.removeUnixPath(path);
                }
            }
        }
    }

    private static NetBench.Ends ends(StreamSocket client, StreamSocket server, int bufSize) {
        return new NetBench.Ends(new SocketEnd(client, bufSize), new SocketEnd(server, bufSize));
    }

    /** A jipc {@link StreamSocket} with a direct buffer. */
    static final class SocketEnd implements NetBench.End {
        private final StreamSocket socket;
        private final ByteBuffer buf;

        SocketEnd(StreamSocket socket, int bufSize) {
            this.socket = socket;
            this.buf = ByteBuffer.allocateDirect(bufSize);
        }

        @Override
        public int read(int off, int len) throws IOException {
            buf.limit(off + len).position(off);
            return socket.read(buf);
        }

        @Override
        public int write(int off, int len) throws IOException {
            buf.limit(off + len).position(off);
            return socket.write(buf);
        }

        @Override
        public void shutdownOutput() throws IOException {
            socket.shutdownOutput();
        }

        @Override
        public void setBufferSizes(int bytes) throws IOException {
            socket.setOption(StandardSocketOptions.SO_SNDBUF, bytes);
            socket.setOption(StandardSocketOptions.SO_RCVBUF, bytes);
        }

        @Override
        public void setCongestionControl(String algorithm) throws IOException {
            socket.setOption(TcpOptions.CONGESTION_CONTROL, algorithm);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The hello servers: {@code jipc-vt} (a virtual thread per client) or {@code jipc-spawn} (GREETER per client). */
    public static HelloServer.Server helloServer(String mode, String greeter) throws IOException {
        Listener listener = Tcp.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = listener.port();
        SocketServer server = switch (mode) {
            case "jipc-vt" -> SocketServer.start(listener, JipcNet::greet);
            case "jipc-spawn" -> SocketServer.spawning(listener, Command.of(greeter));
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
        return new HelloServer.Server() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void serve() throws InterruptedException {
                server.awaitTermination();
            }
        };
    }

    private static void greet(StreamSocket conn) throws IOException {
        InetSocketAddress peer = (InetSocketAddress) conn.remoteAddress();
        String name = conn.remoteHostName();
        String time = HelloServer.now();
        HelloServer.log(System.err, name, peer, time);
        conn.writeFully(HelloServer.greeting(name, time).getBytes(StandardCharsets.US_ASCII));
    }
}
