package dev.jipc.net;

import dev.jipc.internal.Netdb;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

/**
 * Host names to addresses and back, through the C library's resolver ({@code getaddrinfo},
 * {@code getnameinfo}), so {@code /etc/hosts}, DNS and nsswitch.conf apply exactly as they do for
 * C and Perl programs. Lookups may block for a DNS round trip; on a virtual thread that pins its
 * carrier for the duration.
 */
public final class Resolver {
    private Resolver() {}

    /**
     * Every address of a host name or address literal ({@code "localhost"}, {@code "127.0.0.1"},
     * {@code "::1"}), IPv4 and IPv6, in the order the resolver prefers.
     *
     * @throws UnknownHostException naming the host and the resolver's reason
     */
    public static List<InetAddress> resolve(String host) throws UnknownHostException {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new UnknownHostException("empty host name");
        }
        return Netdb.resolve(host, Sockets.C.AF_UNSPEC());
    }

    /** The first address of {@link #resolve}. */
    public static InetAddress resolveOne(String host) throws UnknownHostException {
        return resolve(host).getFirst();
    }

    /**
     * The host name of an address by reverse lookup, or its numeric form when it has none: what a
     * server logs about a client.
     */
    public static String hostName(InetAddress address) {
        Objects.requireNonNull(address, "address");
        String name = Netdb.hostName(address);
        return name != null ? name : address.getHostAddress();
    }
}
