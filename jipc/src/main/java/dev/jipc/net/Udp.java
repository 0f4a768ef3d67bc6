package dev.jipc.net;

import static dev.jipc.net.Sockets.C;

import dev.jipc.io.Fd;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.Objects;

/**
 * UDP sockets over IPv4 and IPv6.
 *
 * <pre>{@code
 * try (DatagramEndpoint server = Udp.bind(new InetSocketAddress("127.0.0.1", 0));
 *      DatagramEndpoint client = Udp.open()) {
 *     client.send("ping".getBytes(), server.localAddress());
 *     Datagram d = server.receive(new byte[1500]);
 * }
 * }</pre>
 */
public final class Udp {
    private Udp() {}

    /** An unbound IPv4 UDP socket; the kernel gives it a port on its first send. */
    public static DatagramEndpoint open() throws IOException {
        return open(StandardProtocolFamily.INET);
    }

    /** An unbound UDP socket of the given family ({@code INET} or {@code INET6}). */
    public static DatagramEndpoint open(StandardProtocolFamily family) throws IOException {
        Objects.requireNonNull(family, "family");
        int f = switch (family) {
            case INET -> C.AF_INET();
            case INET6 -> C.AF_INET6();
            case UNIX -> throw new IllegalArgumentException("use Unix.datagram() for Unix datagram sockets");
        };
        Fd fd = Sockets.open(f, C.SOCK_DGRAM(), "udp");
        return new DatagramEndpoint(fd, f, null);
    }

    /** A UDP socket bound to {@code port} on every IPv4 interface (0: a free port). */
    public static DatagramEndpoint bind(int port) throws IOException {
        return bind(new InetSocketAddress(Services.checkPort(port)));
    }

    /**
     * A UDP socket bound to a local address.
     *
     * @throws dev.jipc.ErrnoException EADDRINUSE when the address is taken
     */
    public static DatagramEndpoint bind(InetSocketAddress address) throws IOException {
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            address = new InetSocketAddress(Resolver.resolveOne(address.getHostString()), address.getPort());
        }
        int family = Sockets.family(address);
        Fd fd = Sockets.open(family, C.SOCK_DGRAM(), "udp " + Sockets.describe(address));
        try {
            Sockets.bind(fd, address);
            return new DatagramEndpoint(fd, family, null);
        } catch (IOException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /**
     * A UDP socket connected to {@code host} (its first address) on {@code port}: only that peer's
     * datagrams are received, and {@link DatagramEndpoint#send(byte[])} needs no address.
     */
    public static DatagramEndpoint connect(String host, int port) throws IOException {
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65535) {
            throw new InvalidPortException(Integer.toString(port));
        }
        InetAddress a = Resolver.resolveOne(host);
        DatagramEndpoint d = open(a.getAddress().length == 4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        try {
            return d.connect(new InetSocketAddress(a, port));
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    /** Like {@link #connect(String, int)} with a service: a number, a name, or {@code "name(number)"}. */
    public static DatagramEndpoint connect(String host, String service) throws IOException {
        return connect(host, Services.udpPort(service));
    }

    /**
     * The address of {@code host} (its first, IPv4 or IPv6 as the resolver prefers) and a UDP
     * service, for {@link DatagramEndpoint#send(byte[], java.net.SocketAddress)}. An IPv6 socket can
     * send to either kind; for an IPv4 socket ({@link #open()}) use
     * {@link #address(String, String, StandardProtocolFamily)} with {@code INET}.
     */
    public static InetSocketAddress address(String host, String service) throws IOException {
        return new InetSocketAddress(Resolver.resolveOne(host), Services.udpPort(service));
    }

    /**
     * Like {@link #address(String, String)}, taking the host's first address of {@code family}.
     *
     * @throws java.net.UnknownHostException when the host has no address of that family
     */
    public static InetSocketAddress address(String host, String service, StandardProtocolFamily family)
            throws IOException {
        if (Objects.requireNonNull(family, "family") == StandardProtocolFamily.UNIX) {
            throw new IllegalArgumentException("UDP has no Unix family; use Unix.datagram");
        }
        int port = Services.udpPort(service);
        for (InetAddress a : Resolver.resolve(host)) {
            if ((a.getAddress().length == 4) == (family == StandardProtocolFamily.INET)) {
                return new InetSocketAddress(a, port);
            }
        }
        throw new java.net.UnknownHostException(host + ": no " + (family == StandardProtocolFamily.INET ? "IPv4" : "IPv6")
                + " address");
    }
}
