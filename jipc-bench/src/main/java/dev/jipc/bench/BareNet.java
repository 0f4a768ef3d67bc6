package dev.jipc.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadFactory;

/**
 * The floor for any Java library on FFM: blocking {@code recv}/{@code send} downcalls on a
 * {@code socketpair(2)} or a TCP connection over 127.0.0.1 (made with plain calls as well), each
 * capturing errno as a library must, and nothing else (no close or interrupt handling, no poller).
 * Beside jipc in {@link NetBench} ({@code bare}), it shows how much of jipc's cost is the JVM's own
 * and how much is jipc's. Platform threads.
 */
public final class BareNet implements NetBench.Contender {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_VALUE =
            Linker.Option.captureStateLayout().varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_SNDBUF = 7;
    private static final int SO_RCVBUF = 8;
    private static final int IPPROTO_TCP = 6;
    private static final int TCP_NODELAY = 1;
    private static final int TCP_CONGESTION = 13;
    /** sizeof(struct sockaddr_in). */
    private static final int SOCKADDR_IN = 16;
    private static final int SOCK_STREAM_CLOEXEC = 1 | 0x80000;
    private static final int SHUT_WR = 1;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int EINTR = 4;

    private static MethodHandle fn(String name, FunctionDescriptor fd, Linker.Option... options) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd, options);
    }

    private static final MethodHandle SOCKETPAIR =
            fn("socketpair", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle RECV =
            fn("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), ERRNO);
    private static final MethodHandle SEND =
            fn("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), ERRNO);
    private static final MethodHandle SHUTDOWN = fn("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SOCKET = fn("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = fn("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle LISTEN = fn("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle GETSOCKNAME =
            fn("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle CONNECT = fn("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle ACCEPT4 = fn("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle SETSOCKOPT =
            fn("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = fn("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    @Override
    public boolean offers(String transport) {
        return transport.equals("pair") || transport.equals("tcp");
    }

    @Override
    public ThreadFactory threads() {
        return Thread.ofPlatform().factory();
    }

    @Override
    public NetBench.Ends connect(String transport, int bufSize) throws IOException {
        if (transport.equals("tcp")) {
            return tcp(bufSize);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            if ((int) SOCKETPAIR.invokeExact(AF_UNIX, SOCK_STREAM_CLOEXEC, 0, fds) != 0) {
                throw new IOException("socketpair failed");
            }
            return new NetBench.Ends(new End(fds.getAtIndex(JAVA_INT, 0), bufSize),
                    new End(fds.getAtIndex(JAVA_INT, 1), bufSize));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    /** A TCP connection over 127.0.0.1, both ends blocking, TCP_NODELAY on both, made with plain calls too. */
    private static NetBench.Ends tcp(int bufSize) throws IOException {
        int listener = -1;
        int client = -1;
        int server = -1;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = arena.allocate(SOCKADDR_IN, 4);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
            addr.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 4, 0x7f000001);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, SOCKADDR_IN);
            listener = checked((int) SOCKET.invokeExact(AF_INET, SOCK_STREAM_CLOEXEC, 0), "socket");
            checked((int) BIND.invokeExact(listener, addr, SOCKADDR_IN), "bind");
            checked((int) LISTEN.invokeExact(listener, 1), "listen");
            checked((int) GETSOCKNAME.invokeExact(listener, addr, len), "getsockname");
            client = checked((int) SOCKET.invokeExact(AF_INET, SOCK_STREAM_CLOEXEC, 0), "socket");
            checked((int) CONNECT.invokeExact(client, addr, SOCKADDR_IN), "connect");
            server = checked((int) ACCEPT4.invokeExact(listener, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC),
                    "accept4");
            MemorySegment one = arena.allocate(JAVA_INT);
            one.set(JAVA_INT, 0, 1);
            checked((int) SETSOCKOPT.invokeExact(client, IPPROTO_TCP, TCP_NODELAY, one, 4), "TCP_NODELAY");
            checked((int) SETSOCKOPT.invokeExact(server, IPPROTO_TCP, TCP_NODELAY, one, 4), "TCP_NODELAY");
            NetBench.Ends ends = new NetBench.Ends(new End(client, bufSize), new End(server, bufSize));
            client = -1;
            server = -1;
            return ends;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        } finally {
            closeQuietly(server);
            closeQuietly(client);
            closeQuietly(listener);
        }
    }

    /** {@code TCP_CONGESTION} on descriptor {@code fd}: NetBench's JDK channels use it too. */
    static void setCongestionControl(int fd, String algorithm) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(algorithm); // NUL-terminated; the length passed leaves it out
            if ((int) SETSOCKOPT.invokeExact(fd, IPPROTO_TCP, TCP_CONGESTION, name, (int) name.byteSize() - 1) < 0) {
                throw new IOException("setsockopt TCP_CONGESTION " + algorithm + " failed (see"
                        + " /proc/sys/net/ipv4/tcp_available_congestion_control and, unprivileged,"
                        + " tcp_allowed_congestion_control)");
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    private static int checked(int r, String call) throws IOException {
        if (r < 0) {
            throw new IOException(call + " failed");
        }
        return r;
    }

    private static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                int unused = (int) CLOSE.invokeExact(fd);
            } catch (Throwable t) {
                // nothing to add to the failure being reported
            }
        }
    }

    /** One descriptor with a native buffer of its own and the memory errno is captured into. */
    static final class End implements NetBench.End {
        private final int fd;
        private final Arena arena = Arena.ofShared();
        private final MemorySegment buf;
        private final MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());

        End(int fd, int bufSize) {
            this.fd = fd;
            this.buf = arena.allocate(bufSize, 64);
        }

        @Override
        public int read(int off, int len) throws IOException {
            try {
                while (true) {
                    long n = (long) RECV.invokeExact(state, fd, buf.asSlice(off, len), (long) len, 0);
                    if (n >= 0) {
                        return n == 0 ? -1 : (int) n;
                    }
                    check("recv");
                }
            } catch (IOException e) {
                throw e;
            } catch (Throwable t) {
                throw new IOException(t);
            }
        }

        @Override
        public int write(int off, int len) throws IOException {
            try {
                while (true) {
                    long n = (long) SEND.invokeExact(state, fd, buf.asSlice(off, len), (long) len, MSG_NOSIGNAL);
                    if (n >= 0) {
                        return (int) n;
                    }
                    check("send");
                }
            } catch (IOException e) {
                throw e;
            } catch (Throwable t) {
                throw new IOException(t);
            }
        }

        private void check(String call) throws IOException {
            int errno = (int) ERRNO_VALUE.get(state, 0L);
            if (errno != EINTR) {
                throw new IOException(call + " failed: errno " + errno);
            }
        }

        @Override
        public void shutdownOutput() throws IOException {
            try {
                int unused = (int) SHUTDOWN.invokeExact(fd, SHUT_WR);
            } catch (Throwable t) {
                throw new IOException(t);
            }
        }

        @Override
        public void setBufferSizes(int bytes) throws IOException {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment value = arena.allocate(JAVA_INT);
                value.set(JAVA_INT, 0, bytes);
                checked((int) SETSOCKOPT.invokeExact(fd, SOL_SOCKET, SO_SNDBUF, value, 4), "SO_SNDBUF");
                checked((int) SETSOCKOPT.invokeExact(fd, SOL_SOCKET, SO_RCVBUF, value, 4), "SO_RCVBUF");
            } catch (IOException e) {
                throw e;
            } catch (Throwable t) {
                throw new IOException(t);
            }
        }

        @Override
        public void setCongestionControl(String algorithm) throws IOException {
            BareNet.setCongestionControl(fd, algorithm);
        }

        @Override
        public void close() throws IOException {
            try {
                int unused = (int) CLOSE.invokeExact(fd);
            } catch (Throwable t) {
                throw new IOException(t);
            } finally {
                arena.close();
            }
        }
    }
}
