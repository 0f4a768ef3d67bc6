package dev.jipc.net;

import static dev.jipc.net.Sockets.C;

import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import dev.jipc.io.Fd;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * TCP clients and servers over IPv4 and IPv6.
 *
 * <pre>{@code
 * try (Listener server = Tcp.listen(0);                       // any free port
 *      StreamSocket client = Tcp.connect("localhost", server.port());
 *      StreamSocket conn = server.accept()) {
 *     client.writeFully("hello\n".getBytes());
 * }
 * }</pre>
 *
 * <p>Connecting to a host name tries each of its addresses in the resolver's order until one
 * accepts, as IO::Socket::IP does; the error of the last attempt is thrown when none does. A
 * timeout bounds the whole attempt. Listeners set {@code SO_REUSEADDR} (so a restarted server can
 * bind while old connections linger in TIME_WAIT) and use a backlog of {@code SOMAXCONN} unless told
 * otherwise.
 */
public final class Tcp {
    private Tcp() {}

    /** The backlog listeners use unless given one: the kernel's {@code SOMAXCONN}. */
    public static final int DEFAULT_BACKLOG = C.SOMAXCONN();

    // ---------------------------------------------------------------- clients

    /**
     * Connects to {@code host} (a name or address literal) on {@code port}.
     *
     * @throws java.net.UnknownHostException when the host does not resolve
     * @throws InvalidPortException for a port outside 1..65535
     * @throws ErrnoException ECONNREFUSED, ENETUNREACH... from the last address tried
     */
    public static StreamSocket connect(String host, int port) throws IOException {
        return connect(host, port, null);
    }

    /** Like {@link #connect(String, int)}, giving up with {@link TimedOutException} after {@code timeout}. */
    public static StreamSocket connect(String host, int port, Duration timeout) throws IOException {
        Objects.requireNonNull(host, "host");
        checkRemotePort(port);
        long start = System.nanoTime();
        List<InetAddress> addresses = Resolver.resolve(host);
        IOException last = null;
        for (InetAddress a : addresses) {
            Duration left = null;
            if (timeout != null) {
                left = timeout.minusNanos(System.nanoTime() - start);
                if (left.isNegative() || left.isZero()) {
                    throw new TimedOutException("connect " + host + ":" + port, timeout);
                }
            }
            try {
                return connect(new InetSocketAddress(a, port), left);
            } catch (TimedOutException e) {
                throw new TimedOutException("connect " + host + ":" + port, timeout);
            } catch (ErrnoException e) {
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
            }
        }
        throw last;
    }

    /**
     * Connects to {@code host} on a service: a port number, a name from the services database, or
     * {@code "name(number)"}.
     *
     * @throws ServiceNotFoundException for an unknown service name
     * @throws InvalidPortException for a malformed service or port
     */
    public static StreamSocket connect(String host, String service) throws IOException {
        return connect(host, Services.tcpPort(service), null);
    }

    /** Like {@link #connect(String, String)} with a timeout. */
    public static StreamSocket connect(String host, String service, Duration timeout) throws IOException {
        return connect(host, Services.tcpPort(service), timeout);
    }

    /** Connects to a resolved address. */
    public static StreamSocket connect(InetSocketAddress address) throws IOException {
        return connect(address, null);
    }

    /**
     * Connects to a resolved address, giving up after {@code timeout} (null: the kernel's own
     * limit, minutes for an unanswered SYN).
     */
    public static StreamSocket connect(InetSocketAddress address, Duration timeout) throws IOException {
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            return connect(address.getHostString(), address.getPort(), timeout);
        }
        checkRemotePort(address.getPort());
        int family = Sockets.family(address);
        Fd fd = Sockets.open(family, C.SOCK_STREAM(), "tcp to " + Sockets.describe(address));
        try {
            Sockets.connect(fd, address, timeout);
            Sockets.makeBlocking(fd);
            return new StreamSocket(fd, family, address);
        } catch (IOException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    private static void checkRemotePort(int port) {
        if (port <= 0 || port > 65535) {
            throw new InvalidPortException(Integer.toString(port));
        }
    }

    // ---------------------------------------------------------------- servers

    /**
     * Listens on every interface on {@code port} (0: the kernel picks a free one, see
     * {@link Listener#port()}), IPv6 and IPv4 alike: one dual-stack socket bound to {@code [::]} with
     * {@code IPV6_V6ONLY} off, whose IPv4 clients appear with their IPv4 addresses. On a host
     * without IPv6 it listens on every IPv4 interface ({@code 0.0.0.0}).
     */
    public static Listener listen(int port) throws IOException {
        Services.checkPort(port);
        InetSocketAddress any6 = new InetSocketAddress(InetAddress.getByAddress(new byte[16]), port);
        Fd fd;
        try {
            fd = Sockets.open(C.AF_INET6(), C.SOCK_STREAM(), "tcp listener " + Sockets.describe(any6));
        } catch (ErrnoException e) {
            if (e.errno() != dev.jipc.Errno.EAFNOSUPPORT) {
                throw e;
            }
            return listenOnEveryIpv4Interface(port);
        }
        try {
            return listenOn(fd, C.AF_INET6(), any6, DEFAULT_BACKLOG, true);
        } catch (ErrnoException e) {
            if (e.errno() != dev.jipc.Errno.EADDRNOTAVAIL) {
                throw e;
            }
            // IPv6 is compiled in but switched off (no address can be bound): IPv4 alone.
            return listenOnEveryIpv4Interface(port);
        }
    }

    private static Listener listenOnEveryIpv4Interface(int port) throws IOException {
        return listen(new InetSocketAddress(InetAddress.getByAddress(new byte[4]), port), DEFAULT_BACKLOG);
    }

    /** Listens on a service: a number, a name from the services database, or {@code "name(number)"}. */
    public static Listener listen(String service) throws IOException {
        return listen(Services.tcpPort(service));
    }

    /**
     * Listens on one local address ({@code "127.0.0.1"}, {@code "::1"}, {@code "localhost"}: the
     * first address it resolves to) and port.
     */
    public static Listener listen(String host, int port) throws IOException {
        Objects.requireNonNull(host, "host");
        Services.checkPort(port);
        return listen(new InetSocketAddress(Resolver.resolveOne(host), port), DEFAULT_BACKLOG);
    }

    /** Listens on a local address with the default backlog. */
    public static Listener listen(InetSocketAddress address) throws IOException {
        return listen(address, DEFAULT_BACKLOG);
    }

    /**
     * Listens on a local address.
     *
     * @param backlog how many connections the kernel queues before {@link Listener#accept()} takes them
     * @throws ErrnoException EADDRINUSE when another socket listens on the port, EACCES below 1024 without privilege
     */
    public static Listener listen(InetSocketAddress address, int backlog) throws IOException {
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            address = new InetSocketAddress(Resolver.resolveOne(address.getHostString()), address.getPort());
        }
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog must be positive: " + backlog);
        }
        int family = Sockets.family(address);
        return listenOn(Sockets.open(family, C.SOCK_STREAM(), "tcp listener " + Sockets.describe(address)), family,
                address, backlog, false);
    }

    /** Binds and listens on a fresh socket (dual-stack: IPv4 clients too), closing it on failure. */
    private static Listener listenOn(Fd fd, int family, InetSocketAddress address, int backlog, boolean dualStack)
            throws IOException {
        try {
            if (dualStack) {
                Sockets.setIntOption(fd, C.IPPROTO_IPV6(), C.IPV6_V6ONLY(), 0, "IPV6_V6ONLY");
            }
            Sockets.setIntOption(fd, C.SOL_SOCKET(), C.SO_REUSEADDR(), 1, "SO_REUSEADDR");
            Sockets.bind(fd, address);
            Sockets.listen(fd, backlog, address);
            SocketAddress bound = Sockets.localAddress(fd);
            return new Listener(fd, family, bound, null);
        } catch (IOException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }
}
