package dev.jipc.net;

import static dev.jipc.net.Sockets.C;
import static dev.jipc.net.Sockets.IO;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.jipc.ErrnoException;
import dev.jipc.internal.Socket;
import dev.jipc.io.Fd;
import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Two connected Unix sockets ({@code socketpair(2)}): a two-way channel between threads, or between
 * this process and a child given one end ({@link StreamSocket#handOff()} and a
 * {@link dev.jipc.process.Command} redirect). Unlike a pipe, both ends read and write.
 *
 * @param first one end
 * @param second the other end
 * @param <S> {@link StreamSocket} or {@link DatagramEndpoint}
 */
public record SocketPair<S extends Closeable>(S first, S second) implements Closeable {
    /** Checks both ends. */
    public SocketPair {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
    }

    /** A connected pair of stream sockets: bytes in order, end of stream when the other end closes. */
    public static SocketPair<StreamSocket> stream() throws IOException {
        Fd[] fds = pair(C.SOCK_STREAM(), "socketpair stream");
        return new SocketPair<>(new StreamSocket(fds[0], C.AF_UNIX(), null), new StreamSocket(fds[1], C.AF_UNIX(), null));
    }

    /** A connected pair of datagram sockets: message boundaries kept. */
    public static SocketPair<DatagramEndpoint> datagram() throws IOException {
        Fd[] fds = pair(C.SOCK_DGRAM(), "socketpair datagram");
        return new SocketPair<>(new DatagramEndpoint(fds[0], C.AF_UNIX(), null), new DatagramEndpoint(fds[1], C.AF_UNIX(), null));
    }

    private static Fd[] pair(int type, String label) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sv = arena.allocate(JAVA_INT, 2);
            // Stream pairs are blocking, like connected sockets (Fd, "Sockets"); datagram pairs are not.
            int blocking = type == C.SOCK_STREAM() ? 0 : C.SOCK_NONBLOCK();
            int r = Socket.socketpair(C.AF_UNIX(), type | blocking | C.SOCK_CLOEXEC(), 0, sv);
            if (r < 0) {
                throw new ErrnoException(-r, "socketpair", null);
            }
            int a = sv.getAtIndex(JAVA_INT, 0);
            int b = sv.getAtIndex(JAVA_INT, 1);
            return new Fd[] {IO.ofNewSocket(a, label + " end 1"), IO.ofNewSocket(b, label + " end 2")};
        }
    }

    /** Closes both ends. */
    @Override
    public void close() throws IOException {
        try {
            first.close();
        } finally {
            second.close();
        }
    }
}
