package dev.jipc.net;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import dev.jipc.io.Fd;
import dev.jipc.internal.Descriptors;
import dev.jipc.internal.FdAccess;
import dev.jipc.internal.Fcntl;
import dev.jipc.internal.Netdb;
import dev.jipc.internal.PlatformConstants;
import dev.jipc.internal.Poller;
import dev.jipc.internal.Socket;
import dev.jipc.internal.Unistd;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The socket calls every socket class of this package shares: creation, addresses, options, fd passing. */
final class Sockets {
    private Sockets() {}

    static final PlatformConstants C = PlatformConstants.current();
    static final FdAccess.Bridge IO = FdAccess.get();
    static final long NO_DEADLINE = Long.MAX_VALUE;

    /** The most descriptors one message may carry (the kernel's SCM_MAX_FD). */
    static final int MAX_FDS = 253;

    // ---------------------------------------------------------------- creation

    /**
     * A new socket, close-on-exec and non-blocking from the start (so that connect and accept can
     * wait on the poller); a connected stream socket is made blocking once connected, see
     * {@link #connect}.
     */
    static Fd open(int domain, int type, String label) throws ErrnoException {
        int fd = Socket.socket(domain, type | C.SOCK_NONBLOCK() | C.SOCK_CLOEXEC(), 0);
        if (fd < 0) {
            throw new ErrnoException(-fd, "socket", label);
        }
        return IO.ofNewSocket(fd, label);
    }

    /**
     * Puts a connected stream socket in blocking mode: its reads and writes say per call whether
     * they may block ({@code Fd}, "Sockets"), so platform threads can sleep in the kernel, and a
     * child handed the socket finds the ordinary blocking socket it expects.
     */
    static void makeBlocking(Fd fd) throws IOException {
        int n = IO.acquire(fd);
        try {
            Descriptors.setNonBlocking(n, false, IO.describe(fd));
        } finally {
            IO.release(fd);
        }
    }

    static int family(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            if (i.isUnresolved()) {
                throw new IllegalArgumentException("unresolved address: " + i);
            }
            return i.getAddress().getAddress().length == 4 ? C.AF_INET() : C.AF_INET6();
        }
        if (a instanceof UnixDomainSocketAddress || a instanceof AbstractUnixAddress) {
            return C.AF_UNIX();
        }
        throw new IllegalArgumentException("unsupported address type: " + (a == null ? "null" : a.getClass().getName()));
    }

    // ---------------------------------------------------------------- addresses

    /** Writes the sockaddr for {@code a} into {@code sa} (at least sockaddr_storage big); returns its length. */
    static int encode(SocketAddress a, MemorySegment sa) {
        Objects.requireNonNull(a, "address");
        if (a instanceof InetSocketAddress i) {
            family(i);
            return Netdb.encodeInet(i, sa);
        }
        sa.fill((byte) 0);
        sa.set(JAVA_SHORT, 0, (short) C.AF_UNIX());
        int base = C.OFFSETOF_SOCKADDR_UN__SUN_PATH();
        if (a instanceof AbstractUnixAddress abs) {
            byte[] name = abs.name().getBytes(StandardCharsets.UTF_8);
            MemorySegment.copy(name, 0, sa, JAVA_BYTE, base + 1, name.length);
            return base + 1 + name.length;
        }
        if (a instanceof UnixDomainSocketAddress u) {
            byte[] path = checkedPath(u);
            MemorySegment.copy(path, 0, sa, JAVA_BYTE, base, path.length);
            return base + path.length + 1;
        }
        throw new IllegalArgumentException("unsupported address type: " + a.getClass().getName());
    }

    /** The path's bytes; refuses one that does not fit sun_path with its NUL. */
    static byte[] checkedPath(UnixDomainSocketAddress u) {
        String p = u.getPath().toString();
        if (p.isEmpty()) {
            throw new IllegalArgumentException("empty Unix socket path");
        }
        byte[] bytes = p.getBytes(StandardCharsets.UTF_8);
        int need = bytes.length + 1;
        if (need > C.SIZEOF_SOCKADDR_UN() - C.OFFSETOF_SOCKADDR_UN__SUN_PATH()) {
            throw new UnixPathTooLongException(p, need);
        }
        return bytes;
    }

    /**
     * Reads a sockaddr of {@code len} bytes. An empty one (the kernel gives none for an unnamed Unix
     * sender) is the unnamed Unix address on a Unix socket of {@code socketFamily}, else null.
     */
    static SocketAddress decode(MemorySegment sa, int len, int socketFamily) {
        if (len < 2) {
            return socketFamily == C.AF_UNIX() ? UnixDomainSocketAddress.of("") : null;
        }
        return decode(sa, len);
    }

    /** Reads a sockaddr of {@code len} bytes (at least its family). */
    static SocketAddress decode(MemorySegment sa, int len) {
        int family = sa.get(JAVA_SHORT, 0);
        if (family == C.AF_UNIX()) {
            int base = C.OFFSETOF_SOCKADDR_UN__SUN_PATH();
            if (len <= base) {
                return UnixDomainSocketAddress.of(""); // unnamed: socketpair, unbound client
            }
            if (sa.get(JAVA_BYTE, base) == 0) {
                byte[] name = new byte[len - base - 1];
                MemorySegment.copy(sa, JAVA_BYTE, base + 1, name, 0, name.length);
                return AbstractUnixAddress.of(new String(name, StandardCharsets.UTF_8));
            }
            int end = base;
            while (end < len && sa.get(JAVA_BYTE, end) != 0) {
                end++;
            }
            byte[] path = new byte[end - base];
            MemorySegment.copy(sa, JAVA_BYTE, base, path, 0, path.length);
            return UnixDomainSocketAddress.of(new String(path, StandardCharsets.UTF_8));
        }
        InetSocketAddress i = Netdb.decodeInet(sa);
        if (i == null) {
            throw new IllegalStateException("socket address of unknown family " + family);
        }
        return i;
    }

    static SocketAddress localAddress(Fd fd) throws IOException {
        return name(fd, true);
    }

    static SocketAddress remoteAddress(Fd fd) throws IOException {
        return name(fd, false);
    }

    private static SocketAddress name(Fd fd, boolean local) throws IOException {
        return name(fd, local, (r, sa, len) -> {
            if (r < 0) {
                throw new ErrnoException(-r, local ? "getsockname" : "getpeername", IO.describe(fd));
            }
            return decode(sa, len);
        });
    }

    /** What to make of a getsockname or getpeername: its result or -errno, the address and its length. */
    @FunctionalInterface
    private interface NameResult<T> {
        T apply(int result, MemorySegment sa, int len) throws IOException;
    }

    /** Calls getsockname ({@code local}) or getpeername on the held socket and hands the outcome on. */
    private static <T> T name(Fd fd, boolean local, NameResult<T> result) throws IOException {
        int n = IO.acquire(fd);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(C.SIZEOF_SOCKADDR_STORAGE(), 8);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, C.SIZEOF_SOCKADDR_STORAGE());
            int r = local ? Socket.getsockname(n, sa, len) : Socket.getpeername(n, sa, len);
            return result.apply(r, sa, len.get(JAVA_INT, 0));
        } finally {
            IO.release(fd);
        }
    }

    // ---------------------------------------------------------------- bind, listen, connect

    static void bind(Fd fd, SocketAddress address) throws IOException {
        int n = IO.acquire(fd);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(C.SIZEOF_SOCKADDR_STORAGE(), 8);
            int len = encode(address, sa);
            int r = Socket.bind(n, sa, len);
            if (r < 0) {
                throw new ErrnoException(-r, "bind", describe(address));
            }
        } finally {
            IO.release(fd);
        }
    }

    static void listen(Fd fd, int backlog, SocketAddress address) throws IOException {
        int n = IO.acquire(fd);
        try {
            int r = Socket.listen(n, backlog);
            if (r < 0) {
                throw new ErrnoException(-r, "listen", describe(address));
            }
        } finally {
            IO.release(fd);
        }
    }

    /**
     * Connects a non-blocking socket: starts the connection, waits until the socket is writable
     * (parked on the poller), then reads the outcome from SO_ERROR.
     */
    static void connect(Fd fd, SocketAddress address, Duration timeout) throws IOException {
        long deadline = timeout == null ? NO_DEADLINE : IO.deadline(timeout);
        int n = IO.acquire(fd);
        int r;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(C.SIZEOF_SOCKADDR_STORAGE(), 8);
            int len = encode(address, sa);
            r = Socket.connect(n, sa, len);
        } finally {
            IO.release(fd);
        }
        if (r == 0) {
            return;
        }
        int e = -r;
        if (e == Unistd.EAGAIN && family(address) == C.AF_UNIX()) {
            // A Unix server's backlog is full: the kernel does not queue the attempt, so retry.
            retryUnixConnect(fd, address, deadline, timeout);
            return;
        }
        if (e != dev.jipc.Errno.EINPROGRESS.number() && e != dev.jipc.Errno.EINTR.number()) {
            throw new ErrnoException(e, "connect", describe(address));
        }
        while (true) {
            IO.await(fd, Poller.WRITE, "connect " + describe(address), deadline, timeout);
            int err = intOption(fd, C.SOL_SOCKET(), C.SO_ERROR());
            if (err != 0) {
                throw new ErrnoException(err, "connect", describe(address));
            }
            // A wake-up may be spurious: only a peer name proves the connection is made.
            if (isConnected(fd)) {
                return;
            }
        }
    }

    private static boolean isConnected(Fd fd) throws IOException {
        return name(fd, false, (r, sa, len) -> {
            if (r == -dev.jipc.Errno.ENOTCONN.number()) {
                return false;
            }
            if (r < 0) {
                throw new ErrnoException(-r, "getpeername", IO.describe(fd));
            }
            return true;
        });
    }

    private static void retryUnixConnect(Fd fd, SocketAddress address, long deadline, Duration timeout)
            throws IOException {
        long pause = 1_000_000;
        while (true) {
            if (deadline != NO_DEADLINE && System.nanoTime() - deadline >= 0) {
                throw new TimedOutException("connect " + describe(address), timeout);
            }
            try {
                Thread.sleep(Duration.ofNanos(pause));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("connect " + describe(address) + ": interrupted");
            }
            pause = Math.min(pause * 2, 50_000_000);
            int n = IO.acquire(fd);
            int r;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment sa = arena.allocate(C.SIZEOF_SOCKADDR_STORAGE(), 8);
                r = Socket.connect(n, sa, encode(address, sa));
            } finally {
                IO.release(fd);
            }
            if (r == 0 || r == -dev.jipc.Errno.EISCONN.number()) {
                return;
            }
            if (r != -Unistd.EAGAIN) {
                throw new ErrnoException(-r, "connect", describe(address));
            }
        }
    }

    static String describe(SocketAddress a) {
        if (a instanceof UnixDomainSocketAddress u) {
            return u.getPath().toString();
        }
        if (a instanceof InetSocketAddress i && i.getAddress() != null) {
            String host = i.getAddress().getHostAddress();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    // ---------------------------------------------------------------- handing over

    /**
     * Duplicates {@code fd}, makes the open socket blocking, closes {@code fd} and returns the
     * duplicate: a socket for a child process that uses ordinary blocking calls.
     */
    static Fd handOff(Fd fd) throws IOException {
        int n = IO.acquire(fd);
        int copy;
        try {
            copy = Descriptors.check(Fcntl.fcntl(n, C.F_DUPFD_CLOEXEC(), 0), "fcntl F_DUPFD_CLOEXEC", IO.describe(fd));
        } finally {
            IO.release(fd);
        }
        Fd result = null;
        try {
            Descriptors.setNonBlocking(copy, false, "fd " + copy);
            result = IO.ofNewSocket(copy, "handed-off " + IO.describe(fd));
        } finally {
            if (result == null) {
                Unistd.close(copy);
            }
        }
        fd.close();
        return result;
    }

    // ---------------------------------------------------------------- shutdown

    static void shutdown(Fd fd, int how, String what) throws IOException {
        int n = IO.acquire(fd);
        try {
            int r = Socket.shutdown(n, how);
            if (r < 0 && r != -dev.jipc.Errno.ENOTCONN.number()) {
                throw new ErrnoException(-r, what, IO.describe(fd));
            }
        } finally {
            IO.release(fd);
        }
    }

    // ---------------------------------------------------------------- options

    static int intOption(Fd fd, int level, int name) throws IOException {
        int n = IO.acquire(fd);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, 4);
            int r = Socket.getsockopt(n, level, name, v, len);
            if (r < 0) {
                throw new ErrnoException(-r, "getsockopt", IO.describe(fd));
            }
            return v.get(JAVA_INT, 0);
        } finally {
            IO.release(fd);
        }
    }

    /** An int option of a raw descriptor not (yet) owned by an {@code Fd}. */
    static int rawIntOption(int n, int level, int name, String subject) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, 4);
            int r = Socket.getsockopt(n, level, name, v, len);
            if (r < 0) {
                throw new ErrnoException(-r, "getsockopt", subject);
            }
            return v.get(JAVA_INT, 0);
        }
    }

    /** The address family of a socket, from its own name. */
    static int familyOf(Fd fd) throws IOException {
        return name(fd, true, (r, sa, len) -> {
            if (r < 0) {
                throw new ErrnoException(-r, "getsockname", IO.describe(fd));
            }
            return (int) sa.get(JAVA_SHORT, 0);
        });
    }

    static void setIntOption(Fd fd, int level, int name, int value, String what) throws IOException {
        int n = IO.acquire(fd);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            v.set(JAVA_INT, 0, value);
            int r = Socket.setsockopt(n, level, name, v, 4);
            if (r < 0) {
                throw new ErrnoException(-r, "setsockopt " + what, IO.describe(fd));
            }
        } finally {
            IO.release(fd);
        }
    }

    /**
     * Sets one of the JDK's standard options this layer supports (see {@link #levelAndName}) or one
     * of {@link TcpOptions}.
     */
    static <T> void setOption(Fd fd, int family, SocketOption<T> option, T value) throws IOException {
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(value, "value");
        String what = option.name();
        if (option == TcpOptions.CONGESTION_CONTROL) {
            setCongestionControl(fd, family, (String) value);
            return;
        }
        if (option == StandardSocketOptions.SO_LINGER) {
            int seconds = (Integer) value;
            int n = IO.acquire(fd);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment l = arena.allocate(C.SIZEOF_LINGER(), 4);
                l.set(JAVA_INT, C.OFFSETOF_LINGER__L_ONOFF(), seconds >= 0 ? 1 : 0);
                l.set(JAVA_INT, C.OFFSETOF_LINGER__L_LINGER(), Math.max(seconds, 0));
                int r = Socket.setsockopt(n, C.SOL_SOCKET(), C.SO_LINGER(), l, C.SIZEOF_LINGER());
                if (r < 0) {
                    throw new ErrnoException(-r, "setsockopt " + what, IO.describe(fd));
                }
            } finally {
                IO.release(fd);
            }
            return;
        }
        if (option == StandardSocketOptions.IP_MULTICAST_IF) {
            setMulticastInterface(fd, family, (NetworkInterface) value);
            return;
        }
        int[] ln = levelAndName(option, family);
        int raw = value instanceof Boolean b ? (b ? 1 : 0) : (Integer) value;
        if (raw < 0 && value instanceof Integer) {
            throw new IllegalArgumentException(what + " must not be negative: " + value);
        }
        setIntOption(fd, ln[0], ln[1], raw, what);
    }

    @SuppressWarnings("unchecked")
    static <T> T option(Fd fd, int family, SocketOption<T> option) throws IOException {
        Objects.requireNonNull(option, "option");
        if (option == TcpOptions.CONGESTION_CONTROL) {
            return (T) congestionControl(fd, family);
        }
        if (option == StandardSocketOptions.SO_LINGER) {
            int n = IO.acquire(fd);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment l = arena.allocate(C.SIZEOF_LINGER(), 4);
                MemorySegment len = arena.allocate(JAVA_INT);
                len.set(JAVA_INT, 0, C.SIZEOF_LINGER());
                int r = Socket.getsockopt(n, C.SOL_SOCKET(), C.SO_LINGER(), l, len);
                if (r < 0) {
                    throw new ErrnoException(-r, "getsockopt " + option.name(), IO.describe(fd));
                }
                boolean on = l.get(JAVA_INT, C.OFFSETOF_LINGER__L_ONOFF()) != 0;
                return (T) Integer.valueOf(on ? l.get(JAVA_INT, C.OFFSETOF_LINGER__L_LINGER()) : -1);
            } finally {
                IO.release(fd);
            }
        }
        if (option == StandardSocketOptions.IP_MULTICAST_IF) {
            return (T) multicastInterface(fd, family);
        }
        int[] ln = levelAndName(option, family);
        int v = intOption(fd, ln[0], ln[1]);
        if (option.type() == Boolean.class) {
            return (T) Boolean.valueOf(v != 0);
        }
        return (T) Integer.valueOf(v);
    }

    /**
     * The interface outgoing multicast leaves by: {@code IPV6_MULTICAST_IF} takes its index;
     * {@code IP_MULTICAST_IF} a {@code struct ip_mreqn} with the index and the interface's first IPv4
     * address, which is what reading the option back gives.
     */
    private static void setMulticastInterface(Fd fd, int family, NetworkInterface ni) throws IOException {
        if (family == C.AF_INET6()) {
            setIntOption(fd, C.IPPROTO_IPV6(), C.IPV6_MULTICAST_IF(), ni.getIndex(), "IP_MULTICAST_IF");
            return;
        }
        if (family != C.AF_INET()) {
            throw new UnsupportedOperationException("IP_MULTICAST_IF on a Unix socket");
        }
        byte[] address = ni.inetAddresses().filter(a -> a instanceof Inet4Address).findFirst()
                .map(InetAddress::getAddress).orElse(new byte[4]);
        int n = IO.acquire(fd);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(C.SIZEOF_IP_MREQN(), 4);
            MemorySegment.copy(address, 0, m, JAVA_BYTE, C.OFFSETOF_IP_MREQN__IMR_ADDRESS(), 4);
            m.set(JAVA_INT, C.OFFSETOF_IP_MREQN__IMR_IFINDEX(), ni.getIndex());
            int r = Socket.setsockopt(n, C.IPPROTO_IP(), C.IP_MULTICAST_IF(), m, C.SIZEOF_IP_MREQN());
            if (r < 0) {
                throw new ErrnoException(-r, "setsockopt IP_MULTICAST_IF " + ni.getName(), IO.describe(fd));
            }
        } finally {
            IO.release(fd);
        }
    }

    /** The interface set by {@link #setMulticastInterface}, or null when none was. */
    private static NetworkInterface multicastInterface(Fd fd, int family) throws IOException {
        if (family == C.AF_INET6()) {
            int index = intOption(fd, C.IPPROTO_IPV6(), C.IPV6_MULTICAST_IF());
            return index == 0 ? null : NetworkInterface.getByIndex(index);
        }
        if (family != C.AF_INET()) {
            throw new UnsupportedOperationException("IP_MULTICAST_IF on a Unix socket");
        }
        int n = IO.acquire(fd);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(4, 4);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, 4);
            int r = Socket.getsockopt(n, C.IPPROTO_IP(), C.IP_MULTICAST_IF(), a, len);
            if (r < 0) {
                throw new ErrnoException(-r, "getsockopt IP_MULTICAST_IF", IO.describe(fd));
            }
            byte[] address = a.toArray(JAVA_BYTE);
            return java.util.Arrays.equals(address, new byte[4])
                    ? null
                    : NetworkInterface.getByInetAddress(InetAddress.getByAddress(address));
        } finally {
            IO.release(fd);
        }
    }

    /** The kernel's TCP_CA_NAME_MAX: an algorithm's name and its terminating NUL. */
    private static final int CONGESTION_NAME_MAX = 16;

    private static void setCongestionControl(Fd fd, int family, String name) throws IOException {
        requireTcp(fd, family);
        if (name.isEmpty() || name.length() >= CONGESTION_NAME_MAX || !StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
            throw new IllegalArgumentException("TCP_CONGESTION takes an algorithm's kernel name of 1 to "
                    + (CONGESTION_NAME_MAX - 1) + " ASCII characters, not \"" + name + "\"");
        }
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        int n = IO.acquire(fd);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(bytes.length);
            MemorySegment.copy(bytes, 0, v, JAVA_BYTE, 0, bytes.length);
            int r = Socket.setsockopt(n, C.IPPROTO_TCP(), C.TCP_CONGESTION(), v, bytes.length);
            if (r < 0) {
                String detail = switch (dev.jipc.Errno.of(-r)) {
                    case ENOENT -> "the kernel has " + sysctl("tcp_available_congestion_control");
                    case EPERM -> "an unprivileged process may choose " + sysctl("tcp_allowed_congestion_control");
                    default -> null;
                };
                throw new ErrnoException(-r, "setsockopt TCP_CONGESTION \"" + name + "\"", IO.describe(fd), detail);
            }
        } finally {
            IO.release(fd);
        }
    }

    private static String congestionControl(Fd fd, int family) throws IOException {
        requireTcp(fd, family);
        int n = IO.acquire(fd);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(CONGESTION_NAME_MAX);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, CONGESTION_NAME_MAX);
            int r = Socket.getsockopt(n, C.IPPROTO_TCP(), C.TCP_CONGESTION(), v, len);
            if (r < 0) {
                throw new ErrnoException(-r, "getsockopt TCP_CONGESTION", IO.describe(fd));
            }
            return v.getString(0, StandardCharsets.US_ASCII);
        } finally {
            IO.release(fd);
        }
    }

    private static void requireTcp(Fd fd, int family) throws IOException {
        if (family != C.AF_INET() && family != C.AF_INET6()) {
            throw new UnsupportedOperationException("TCP_CONGESTION on a Unix socket");
        }
        if (intOption(fd, C.SOL_SOCKET(), C.SO_TYPE()) != C.SOCK_STREAM()) {
            throw new UnsupportedOperationException("TCP_CONGESTION on a UDP socket");
        }
    }

    /** A line of /proc/sys/net/ipv4 for an error message, or a note that it could not be read. */
    private static String sysctl(String name) {
        Path path = Path.of("/proc/sys/net/ipv4", name);
        try {
            return "\"" + Files.readString(path).strip() + "\" (" + path + ")";
        } catch (IOException e) {
            return "what " + path + " lists (unreadable here)";
        }
    }

    private static int[] levelAndName(SocketOption<?> o, int family) {
        boolean v6 = family == C.AF_INET6();
        if (o == StandardSocketOptions.TCP_NODELAY) {
            return new int[] {C.IPPROTO_TCP(), C.TCP_NODELAY()};
        }
        if (o == StandardSocketOptions.SO_KEEPALIVE) {
            return new int[] {C.SOL_SOCKET(), C.SO_KEEPALIVE()};
        }
        if (o == StandardSocketOptions.SO_REUSEADDR) {
            return new int[] {C.SOL_SOCKET(), C.SO_REUSEADDR()};
        }
        if (o == StandardSocketOptions.SO_REUSEPORT) {
            return new int[] {C.SOL_SOCKET(), C.SO_REUSEPORT()};
        }
        if (o == StandardSocketOptions.SO_BROADCAST) {
            return new int[] {C.SOL_SOCKET(), C.SO_BROADCAST()};
        }
        if (o == StandardSocketOptions.SO_SNDBUF) {
            return new int[] {C.SOL_SOCKET(), C.SO_SNDBUF()};
        }
        if (o == StandardSocketOptions.SO_RCVBUF) {
            return new int[] {C.SOL_SOCKET(), C.SO_RCVBUF()};
        }
        if (o == StandardSocketOptions.IP_MULTICAST_TTL) {
            return v6 ? new int[] {C.IPPROTO_IPV6(), C.IPV6_MULTICAST_HOPS()} : new int[] {C.IPPROTO_IP(), C.IP_MULTICAST_TTL()};
        }
        if (o == StandardSocketOptions.IP_MULTICAST_LOOP) {
            return v6 ? new int[] {C.IPPROTO_IPV6(), C.IPV6_MULTICAST_LOOP()} : new int[] {C.IPPROTO_IP(), C.IP_MULTICAST_LOOP()};
        }
        if (o == StandardSocketOptions.IP_TOS && !v6) {
            return new int[] {C.IPPROTO_IP(), C.IP_TOS()};
        }
        throw new UnsupportedOperationException("socket option not supported here: " + o.name());
    }

    // ---------------------------------------------------------------- credentials

    static PeerCredentials peerCredentials(Fd fd) throws IOException {
        int n = IO.acquire(fd);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cred = arena.allocate(C.SIZEOF_UCRED(), 4);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, C.SIZEOF_UCRED());
            int r = Socket.getsockopt(n, C.SOL_SOCKET(), C.SO_PEERCRED(), cred, len);
            if (r < 0) {
                throw new ErrnoException(-r, "getsockopt SO_PEERCRED", IO.describe(fd));
            }
            return new PeerCredentials(cred.get(JAVA_INT, C.OFFSETOF_UCRED__PID()),
                    cred.get(JAVA_INT, C.OFFSETOF_UCRED__UID()), cred.get(JAVA_INT, C.OFFSETOF_UCRED__GID()));
        } finally {
            IO.release(fd);
        }
    }

    // ---------------------------------------------------------------- descriptor passing

    private static long align(long n) {
        return (n + 7) & ~7L;
    }

    private static final FdAccess.Op SENDMSG = (fd, msg, flags) -> Socket.sendmsg(fd, msg, (int) flags);
    private static final FdAccess.Op RECVMSG = (fd, msg, flags) -> Socket.recvmsg(fd, msg, (int) flags);

    /**
     * Sends bytes and descriptors in one sendmsg; the descriptors travel with the first byte. Returns
     * the bytes sent (a stream socket may take fewer than given).
     */
    static long sendWithFds(Fd sock, byte[] b, int off, int len, List<Fd> fds, SocketAddress to) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        Objects.requireNonNull(fds, "fds");
        if (fds.size() > MAX_FDS) {
            throw new IllegalArgumentException("at most " + MAX_FDS + " descriptors fit one message (SCM_MAX_FD), got " + fds.size());
        }
        if (len == 0 && !fds.isEmpty() && to == null) {
            throw new IllegalArgumentException("descriptors need at least one byte of data to travel with");
        }
        List<Fd> held = new ArrayList<>(fds.size());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(Math.max(len, 1));
            MemorySegment.copy(b, off, data, JAVA_BYTE, 0, len);
            MemorySegment iov = arena.allocate(C.SIZEOF_IOVEC(), 8);
            iov.set(ADDRESS, C.OFFSETOF_IOVEC__IOV_BASE(), data);
            iov.set(JAVA_LONG, C.OFFSETOF_IOVEC__IOV_LEN(), len);
            MemorySegment msg = arena.allocate(C.SIZEOF_MSGHDR(), 8);
            msg.set(ADDRESS, C.OFFSETOF_MSGHDR__MSG_IOV(), iov);
            msg.set(JAVA_LONG, C.OFFSETOF_MSGHDR__MSG_IOVLEN(), 1);
            if (to != null) {
                MemorySegment sa = arena.allocate(C.SIZEOF_SOCKADDR_STORAGE(), 8);
                int salen = encode(to, sa);
                msg.set(ADDRESS, C.OFFSETOF_MSGHDR__MSG_NAME(), sa);
                msg.set(JAVA_INT, C.OFFSETOF_MSGHDR__MSG_NAMELEN(), salen);
            }
            if (!fds.isEmpty()) {
                long hdr = align(C.SIZEOF_CMSGHDR());
                long cmsgLen = hdr + 4L * fds.size();
                MemorySegment control = arena.allocate(align(cmsgLen), 8);
                control.set(JAVA_LONG, C.OFFSETOF_CMSGHDR__CMSG_LEN(), cmsgLen);
                control.set(JAVA_INT, C.OFFSETOF_CMSGHDR__CMSG_LEVEL(), C.SOL_SOCKET());
                control.set(JAVA_INT, C.OFFSETOF_CMSGHDR__CMSG_TYPE(), C.SCM_RIGHTS());
                for (int i = 0; i < fds.size(); i++) {
                    Fd f = fds.get(i);
                    int num = IO.acquire(f);
                    held.add(f);
                    control.set(JAVA_INT, hdr + 4L * i, num);
                }
                msg.set(ADDRESS, C.OFFSETOF_MSGHDR__MSG_CONTROL(), control);
                msg.set(JAVA_LONG, C.OFFSETOF_MSGHDR__MSG_CONTROLLEN(), control.byteSize());
            }
            return IO.call(sock, Poller.WRITE, "sendmsg", msg, C.MSG_NOSIGNAL() | C.MSG_DONTWAIT(), NO_DEADLINE, null,
                    SENDMSG);
        } finally {
            for (Fd f : held) {
                IO.release(f);
            }
        }
    }

    /**
     * Owns received descriptors. They are close-on-exec already (MSG_CMSG_CLOEXEC), but their
     * blocking mode is whatever the sender's was, so each is adopted as it is rather than assumed
     * non-blocking. If one cannot be adopted, all of them are closed, none leaks.
     */
    private static List<Fd> adoptReceived(List<Integer> numbers) throws IOException {
        List<Fd> fds = new ArrayList<>(numbers.size());
        int i = 0;
        try {
            for (; i < numbers.size(); i++) {
                fds.add(Fd.adopt(numbers.get(i), "received fd " + numbers.get(i)));
            }
            return fds;
        } catch (IOException | RuntimeException e) {
            for (Fd f : fds) {
                f.close();
            }
            for (; i < numbers.size(); i++) {
                Unistd.close(numbers.get(i));
            }
            throw e;
        }
    }

    /** What {@link #receiveWithFds} read, with the sender's address when asked for. */
    record Received(FdMessage message, SocketAddress sender) {}

    static Received receiveWithFds(Fd sock, byte[] b, int off, int len, int maxFds, boolean wantSender,
            Duration timeout) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (maxFds < 0 || maxFds > MAX_FDS) {
            throw new IllegalArgumentException("maxFds must be 0.." + MAX_FDS + ": " + maxFds);
        }
        long deadline = timeout == null ? NO_DEADLINE : IO.deadline(timeout);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(Math.max(len, 1));
            MemorySegment iov = arena.allocate(C.SIZEOF_IOVEC(), 8);
            iov.set(ADDRESS, C.OFFSETOF_IOVEC__IOV_BASE(), data);
            iov.set(JAVA_LONG, C.OFFSETOF_IOVEC__IOV_LEN(), len);
            MemorySegment msg = arena.allocate(C.SIZEOF_MSGHDR(), 8);
            msg.set(ADDRESS, C.OFFSETOF_MSGHDR__MSG_IOV(), iov);
            msg.set(JAVA_LONG, C.OFFSETOF_MSGHDR__MSG_IOVLEN(), 1);
            MemorySegment sa = MemorySegment.NULL;
            if (wantSender) {
                sa = arena.allocate(C.SIZEOF_SOCKADDR_STORAGE(), 8);
                msg.set(ADDRESS, C.OFFSETOF_MSGHDR__MSG_NAME(), sa);
                msg.set(JAVA_INT, C.OFFSETOF_MSGHDR__MSG_NAMELEN(), C.SIZEOF_SOCKADDR_STORAGE());
            }
            long hdr = align(C.SIZEOF_CMSGHDR());
            MemorySegment control = MemorySegment.NULL;
            if (maxFds > 0) {
                control = arena.allocate(align(hdr + 4L * maxFds), 8);
                msg.set(ADDRESS, C.OFFSETOF_MSGHDR__MSG_CONTROL(), control);
                // CMSG_LEN, not CMSG_SPACE: the kernel fills (controllen - header) / 4 slots, and
                // the aligned size would leave room for one more descriptor than asked for.
                msg.set(JAVA_LONG, C.OFFSETOF_MSGHDR__MSG_CONTROLLEN(), hdr + 4L * maxFds);
            }
            long n = IO.call(sock, Poller.READ, "recvmsg", msg, C.MSG_CMSG_CLOEXEC() | C.MSG_DONTWAIT(), deadline,
                    timeout, RECVMSG);
            int flags = msg.get(JAVA_INT, C.OFFSETOF_MSGHDR__MSG_FLAGS());
            List<Integer> numbers = new ArrayList<>();
            long controlLen = msg.get(JAVA_LONG, C.OFFSETOF_MSGHDR__MSG_CONTROLLEN());
            long pos = 0;
            while (maxFds > 0 && pos + hdr <= controlLen) {
                long cmsgLen = control.get(JAVA_LONG, pos + C.OFFSETOF_CMSGHDR__CMSG_LEN());
                if (cmsgLen < hdr) {
                    break;
                }
                int level = control.get(JAVA_INT, pos + C.OFFSETOF_CMSGHDR__CMSG_LEVEL());
                int type = control.get(JAVA_INT, pos + C.OFFSETOF_CMSGHDR__CMSG_TYPE());
                if (level == C.SOL_SOCKET() && type == C.SCM_RIGHTS()) {
                    int count = (int) ((cmsgLen - hdr) / 4);
                    for (int i = 0; i < count; i++) {
                        numbers.add(control.get(JAVA_INT, pos + hdr + 4L * i));
                    }
                }
                pos += align(cmsgLen);
            }
            List<Fd> fds = adoptReceived(numbers);
            int stored = (int) Math.min(n, len);
            MemorySegment.copy(data, JAVA_BYTE, 0, b, off, stored);
            boolean truncated = (flags & (C.MSG_CTRUNC() | C.MSG_TRUNC())) != 0;
            SocketAddress sender = null;
            if (wantSender) {
                int salen = msg.get(JAVA_INT, C.OFFSETOF_MSGHDR__MSG_NAMELEN());
                sender = decode(sa, salen, C.AF_UNIX());
            }
            return new Received(new FdMessage(stored, fds, truncated), sender);
        }
    }
}
