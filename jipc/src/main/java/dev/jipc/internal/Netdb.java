package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Bindings of {@code <netdb.h>}: name to address ({@code getaddrinfo}), address to name
 * ({@code getnameinfo}) and service name to port ({@code getservbyname_r}, the reentrant form, since
 * {@code getservbyname} returns a static buffer other threads overwrite).
 *
 * <p>These calls may block for a DNS round trip; they are made as ordinary (non-critical) calls.
 */
public final class Netdb {
    private Netdb() {}

    private static final PlatformConstants C = PlatformConstants.current();

    private static final MethodHandle getaddrinfo = Native.plainCall("getaddrinfo",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle freeaddrinfo =
            Native.plainCall("freeaddrinfo", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle gai_strerror =
            Native.plainCall("gai_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle getnameinfo = Native.plainCall("getnameinfo",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle getservbyname_r = Native.plainCall("getservbyname_r",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));

    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    /**
     * getaddrinfo(3) for a host name or literal, of either family ({@code AF_UNSPEC}) or one.
     *
     * @return the distinct addresses in the resolver's order (IPv4/IPv6 preference as configured)
     * @throws UnknownHostException naming the host and the resolver's reason
     */
    @SuppressWarnings("restricted") // the list and its sockaddrs are read within their sizes
    public static List<InetAddress> resolve(String host, int family) throws UnknownHostException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment hints = arena.allocate(C.SIZEOF_ADDRINFO(), 8);
            hints.set(JAVA_INT, C.OFFSETOF_ADDRINFO__AI_FAMILY(), family);
            hints.set(JAVA_INT, C.OFFSETOF_ADDRINFO__AI_SOCKTYPE(), C.SOCK_STREAM());
            MemorySegment result = arena.allocate(ADDRESS);
            int r = (int) getaddrinfo.invokeExact(arena.allocateFrom(host), MemorySegment.NULL, hints, result);
            if (r != 0) {
                throw new UnknownHostException(host + ": " + gaiMessage(r));
            }
            MemorySegment head = result.get(ADDRESS, 0);
            Set<InetAddress> found = new LinkedHashSet<>();
            try {
                MemorySegment ai = head.reinterpret(C.SIZEOF_ADDRINFO());
                while (true) {
                    int len = ai.get(JAVA_INT, C.OFFSETOF_ADDRINFO__AI_ADDRLEN());
                    MemorySegment sa = ai.get(ADDRESS, C.OFFSETOF_ADDRINFO__AI_ADDR()).reinterpret(len);
                    InetSocketAddress a = decodeInet(sa);
                    if (a != null) {
                        found.add(a.getAddress());
                    }
                    MemorySegment next = ai.get(ADDRESS, C.OFFSETOF_ADDRINFO__AI_NEXT());
                    if (next.equals(MemorySegment.NULL)) {
                        break;
                    }
                    ai = next.reinterpret(C.SIZEOF_ADDRINFO());
                }
            } finally {
                freeaddrinfo.invokeExact(head);
            }
            if (found.isEmpty()) {
                throw new UnknownHostException(host + ": no IPv4 or IPv6 address");
            }
            return new ArrayList<>(found);
        } catch (UnknownHostException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /**
     * getnameinfo(3) with {@code NI_NAMEREQD}: the host name of an address, or null when it has
     * none (or the lookup failed).
     */
    public static String hostName(InetAddress address) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(C.SIZEOF_SOCKADDR_STORAGE(), 8);
            int len = encodeInet(new InetSocketAddress(address, 0), sa);
            MemorySegment host = arena.allocate(C.NI_MAXHOST());
            int r = (int) getnameinfo.invokeExact(sa, len, host, C.NI_MAXHOST(), MemorySegment.NULL, 0, C.NI_NAMEREQD());
            return r == 0 ? host.getString(0) : null;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /**
     * getservbyname_r(3): the port of a service from the services database ({@code /etc/services},
     * or what nsswitch.conf names), or -1 when it has no such entry.
     *
     * @param protocol {@code "tcp"} or {@code "udp"}
     */
    public static int servicePort(String name, String protocol) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ent = arena.allocate(C.SIZEOF_SERVENT(), 8);
            long bufLen = 4096;
            MemorySegment buf = arena.allocate(bufLen);
            MemorySegment out = arena.allocate(ADDRESS);
            int r = (int) getservbyname_r.invokeExact(arena.allocateFrom(name), arena.allocateFrom(protocol),
                    ent, buf, bufLen, out);
            if (r != 0 || out.get(ADDRESS, 0).equals(MemorySegment.NULL)) {
                return -1;
            }
            // s_port is an int whose value is htons(port): undo the swap on a little-endian CPU.
            short raw = (short) ent.get(JAVA_INT, C.OFFSETOF_SERVENT__S_PORT());
            return (ByteOrder.nativeOrder() == NET ? raw : Short.reverseBytes(raw)) & 0xffff;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** gai_strerror(3), the resolver's message for a getaddrinfo error code. */
    @SuppressWarnings("restricted") // a NUL-terminated static string
    public static String gaiMessage(int code) {
        try {
            MemorySegment s = (MemorySegment) gai_strerror.invokeExact(code);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** Writes a sockaddr_in or sockaddr_in6 for {@code a} into {@code sa}; returns its length. */
    public static int encodeInet(InetSocketAddress a, MemorySegment sa) {
        InetAddress ip = a.getAddress();
        byte[] raw = ip.getAddress();
        sa.fill((byte) 0);
        if (raw.length == 4) {
            sa.set(JAVA_SHORT, C.OFFSETOF_SOCKADDR_IN__SIN_FAMILY(), (short) C.AF_INET());
            sa.set(JAVA_SHORT.withOrder(NET), C.OFFSETOF_SOCKADDR_IN__SIN_PORT(), (short) a.getPort());
            MemorySegment.copy(raw, 0, sa, JAVA_BYTE, C.OFFSETOF_SOCKADDR_IN__SIN_ADDR(), 4);
            return C.SIZEOF_SOCKADDR_IN();
        }
        sa.set(JAVA_SHORT, C.OFFSETOF_SOCKADDR_IN__SIN_FAMILY(), (short) C.AF_INET6());
        sa.set(JAVA_SHORT.withOrder(NET), C.OFFSETOF_SOCKADDR_IN6__SIN6_PORT(), (short) a.getPort());
        MemorySegment.copy(raw, 0, sa, JAVA_BYTE, C.OFFSETOF_SOCKADDR_IN6__SIN6_ADDR(), 16);
        if (ip instanceof Inet6Address v6) {
            sa.set(JAVA_INT, C.OFFSETOF_SOCKADDR_IN6__SIN6_SCOPE_ID(), v6.getScopeId());
        }
        return C.SIZEOF_SOCKADDR_IN6();
    }

    /** Reads a sockaddr_in or sockaddr_in6; null for any other family. */
    public static InetSocketAddress decodeInet(MemorySegment sa) {
        int family = sa.get(JAVA_SHORT, C.OFFSETOF_SOCKADDR_IN__SIN_FAMILY());
        try {
            if (family == C.AF_INET()) {
                byte[] raw = new byte[4];
                MemorySegment.copy(sa, JAVA_BYTE, C.OFFSETOF_SOCKADDR_IN__SIN_ADDR(), raw, 0, 4);
                int port = sa.get(JAVA_SHORT.withOrder(NET), C.OFFSETOF_SOCKADDR_IN__SIN_PORT()) & 0xffff;
                return new InetSocketAddress(InetAddress.getByAddress(raw), port);
            }
            if (family == C.AF_INET6()) {
                byte[] raw = new byte[16];
                MemorySegment.copy(sa, JAVA_BYTE, C.OFFSETOF_SOCKADDR_IN6__SIN6_ADDR(), raw, 0, 16);
                int port = sa.get(JAVA_SHORT.withOrder(NET), C.OFFSETOF_SOCKADDR_IN6__SIN6_PORT()) & 0xffff;
                int scope = sa.get(JAVA_INT, C.OFFSETOF_SOCKADDR_IN6__SIN6_SCOPE_ID());
                InetAddress ip = scope == 0 ? InetAddress.getByAddress(raw) : Inet6Address.getByAddress(null, raw, scope);
                return new InetSocketAddress(ip, port);
            }
            return null;
        } catch (UnknownHostException e) {
            throw new AssertionError("a raw address of the right length", e);
        }
    }
}
