package dev.jipc.net;

import static dev.jipc.net.Sockets.C;
import static dev.jipc.net.Sockets.IO;
import static dev.jipc.net.Sockets.NO_DEADLINE;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.jipc.ErrnoException;
import dev.jipc.internal.FdAccess;
import dev.jipc.internal.Poller;
import dev.jipc.internal.Socket;
import dev.jipc.io.Fd;
import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A datagram socket: UDP over IPv4 or IPv6 ({@link Udp}), or Unix datagrams ({@link Unix},
 * {@link SocketPair#datagram()}). Each {@link #send} is one datagram; each {@link #receive} takes
 * one whole datagram and says who sent it and whether it was cut to fit the buffer.
 *
 * <p>Receives park the thread on jipc's poller, like every jipc descriptor, and
 * {@link #fd()} can be waited on with {@link dev.jipc.io.Readiness} alongside other sockets (a
 * client querying many servers at once). After {@link #connect(SocketAddress)} only the peer's
 * datagrams are received and {@link #send(byte[])} needs no address; for UDP an ICMP "port
 * unreachable" then shows as {@link dev.jipc.Errno#ECONNREFUSED} on a later call.
 */
public final class DatagramEndpoint implements Closeable {
    /**
     * Layout of the native memory of one receive: the sender's sockaddr, its length, then (from
     * this offset) the datagram. MSG_TRUNC makes recvfrom return the datagram's real size.
     */
    private static final long DATA_OFFSET = 256;

    private static final FdAccess.Op RECV = (fd, scratch, len) -> Socket.recvfrom(fd,
            scratch.asSlice(DATA_OFFSET), len, C.MSG_TRUNC() | C.MSG_DONTWAIT(), scratch.asSlice(0, C.SIZEOF_SOCKADDR_STORAGE()),
            scratch.asSlice(C.SIZEOF_SOCKADDR_STORAGE(), 4));

    private final Fd fd;
    private final int family;
    private final Path socketFile;

    DatagramEndpoint(Fd fd, int family, Path socketFile) {
        this.fd = fd;
        this.family = family;
        this.socketFile = socketFile;
    }

    /** The descriptor, owned by this socket. */
    public Fd fd() {
        return fd;
    }

    /** Whether this is a Unix datagram socket (else UDP). */
    public boolean isUnix() {
        return family == C.AF_UNIX();
    }

    /** The bound address (a wildcard address and port 0 before the first send of an unbound UDP socket). */
    public SocketAddress localAddress() throws IOException {
        return Sockets.localAddress(fd);
    }

    /**
     * The connected peer.
     *
     * @throws ErrnoException ENOTCONN when not connected
     */
    public SocketAddress remoteAddress() throws IOException {
        return Sockets.remoteAddress(fd);
    }

    /**
     * Restricts this socket to one peer: sends without an address go there and only its datagrams
     * are received.
     */
    public DatagramEndpoint connect(SocketAddress peer) throws IOException {
        Objects.requireNonNull(peer, "peer");
        Sockets.connect(fd, peer, null);
        return this;
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends one datagram to {@code to}.
     *
     * @throws ErrnoException EMSGSIZE when it is too large for the protocol, ECONNREFUSED after an
     *     earlier datagram was refused (connected UDP)
     */
    public void send(byte[] b, int off, int len, SocketAddress to) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        Objects.requireNonNull(to, "to");
        to = toOwnFamily(to);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(C.SIZEOF_SOCKADDR_STORAGE(), 8);
            int salen = Sockets.encode(to, sa);
            MemorySegment data = MemorySegment.ofArray(b).asSlice(off, len);
            IO.call(fd, Poller.WRITE, "sendto " + Sockets.describe(to), data, salen, NO_DEADLINE, null,
                    (n, buf, l) -> Socket.sendto(n, buf, buf.byteSize(), C.MSG_NOSIGNAL() | C.MSG_DONTWAIT(), sa, (int) l));
        }
    }

    /**
     * An IPv4 destination of an IPv6 socket becomes its IPv4-mapped form ({@code ::ffff:a.b.c.d}),
     * which Linux sends as IPv4; an IPv6 destination of an IPv4 socket cannot be reached and is
     * refused here with a message that says so, rather than as a bare EAFNOSUPPORT.
     */
    private SocketAddress toOwnFamily(SocketAddress to) throws java.net.UnknownHostException {
        if (!(to instanceof InetSocketAddress i) || i.getAddress() == null) {
            return to;
        }
        if (family == C.AF_INET6() && i.getAddress() instanceof Inet4Address v4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(v4.getAddress(), 0, mapped, 12, 4);
            return new InetSocketAddress(Inet6Address.getByAddress(null, mapped, -1), i.getPort());
        }
        if (family == C.AF_INET() && i.getAddress() instanceof Inet6Address) {
            throw new IllegalArgumentException("cannot send to the IPv6 address " + Sockets.describe(to)
                    + " from an IPv4 socket: open it with Udp.open(StandardProtocolFamily.INET6), or pick an IPv4"
                    + " address with Udp.address(host, service, StandardProtocolFamily.INET)");
        }
        return to;
    }

    /** Sends the whole array as one datagram to {@code to}. */
    public void send(byte[] b, SocketAddress to) throws IOException {
        send(b, 0, b.length, to);
    }

    /** Sends one datagram to the connected peer. */
    public void send(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        IO.call(fd, Poller.WRITE, "send", MemorySegment.ofArray(b).asSlice(off, len),
                C.MSG_NOSIGNAL() | C.MSG_DONTWAIT(), NO_DEADLINE,
                null, (n, buf, flags) -> Socket.send(n, buf, buf.byteSize(), (int) flags));
    }

    /** Sends the whole array as one datagram to the connected peer. */
    public void send(byte[] b) throws IOException {
        send(b, 0, b.length);
    }

    // ---------------------------------------------------------------- receiving

    /**
     * Receives one datagram into {@code b}, waiting until one arrives. A datagram larger than
     * {@code len} is cut; {@link Datagram#truncated()} says so and {@link Datagram#size()} gives its
     * real size.
     */
    public Datagram receive(byte[] b, int off, int len) throws IOException {
        return receive(b, off, len, NO_DEADLINE, null);
    }

    /** Receives one datagram into the whole array. */
    public Datagram receive(byte[] b) throws IOException {
        return receive(b, 0, b.length, NO_DEADLINE, null);
    }

    /** Like {@link #receive(byte[])}, giving up with {@link dev.jipc.TimedOutException} after {@code timeout}. */
    public Datagram receive(byte[] b, Duration timeout) throws IOException {
        return receive(b, 0, b.length, IO.deadline(timeout), timeout);
    }

    private Datagram receive(byte[] b, int off, int len, long deadline, Duration timeout) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment scratch = arena.allocate(DATA_OFFSET + Math.max(len, 1), 8);
            scratch.set(JAVA_INT, C.SIZEOF_SOCKADDR_STORAGE(), C.SIZEOF_SOCKADDR_STORAGE());
            long size = IO.call(fd, Poller.READ, "recvfrom", scratch, len, deadline, timeout, RECV);
            int stored = (int) Math.min(size, len);
            MemorySegment.copy(scratch, JAVA_BYTE, DATA_OFFSET, b, off, stored);
            int salen = scratch.get(JAVA_INT, C.SIZEOF_SOCKADDR_STORAGE());
            return new Datagram(stored, (int) size, Sockets.decode(scratch, salen, family));
        }
    }

    // ---------------------------------------------------------------- Unix descriptor passing

    /** Sends one datagram carrying descriptors ({@code SCM_RIGHTS}) to {@code to}, or to the connected peer when null. */
    public void sendWithFds(byte[] b, List<Fd> fds, SocketAddress to) throws IOException {
        Sockets.sendWithFds(fd, b, 0, b.length, fds, to);
    }

    /** Receives one datagram with any descriptors it carries; see {@link StreamSocket#receiveWithFds}. */
    public FdMessage receiveWithFds(byte[] b, int maxFds) throws IOException {
        return Sockets.receiveWithFds(fd, b, 0, b.length, maxFds, false, null).message();
    }

    // ---------------------------------------------------------------- options

    /**
     * Sets an option from {@link StandardSocketOptions}: {@code SO_BROADCAST}, {@code SO_SNDBUF},
     * {@code SO_RCVBUF}, {@code SO_REUSEADDR}, {@code SO_REUSEPORT}, {@code IP_MULTICAST_TTL},
     * {@code IP_MULTICAST_LOOP}, {@code IP_MULTICAST_IF} (the interface outgoing multicast leaves by),
     * {@code IP_TOS}.
     */
    public <T> DatagramEndpoint setOption(SocketOption<T> option, T value) throws IOException {
        Sockets.setOption(fd, family, option, value);
        return this;
    }

    /** Reads an option; see {@link #setOption}. */
    public <T> T option(SocketOption<T> option) throws IOException {
        return Sockets.option(fd, family, option);
    }

    /** {@code SO_BROADCAST}: allow sending to a broadcast address. */
    public DatagramEndpoint setBroadcast(boolean on) throws IOException {
        return setOption(StandardSocketOptions.SO_BROADCAST, on);
    }

    /**
     * Joins a multicast group on the interface the kernel picks (null) or the one given, so
     * datagrams sent to the group on this socket's port arrive here.
     */
    public void joinGroup(InetAddress group, NetworkInterface ni) throws IOException {
        membership(group, ni, true);
    }

    /** Leaves a group joined with {@link #joinGroup}. */
    public void leaveGroup(InetAddress group, NetworkInterface ni) throws IOException {
        membership(group, ni, false);
    }

    private void membership(InetAddress group, NetworkInterface ni, boolean join) throws IOException {
        Objects.requireNonNull(group, "group");
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException("not a multicast address: " + group.getHostAddress());
        }
        int index = ni == null ? 0 : ni.getIndex();
        int n = IO.acquire(fd);
        try (Arena arena = Arena.ofConfined()) {
            int r;
            if (group instanceof Inet4Address && family == C.AF_INET()) {
                MemorySegment m = arena.allocate(C.SIZEOF_IP_MREQN(), 4);
                MemorySegment.copy(group.getAddress(), 0, m, JAVA_BYTE, C.OFFSETOF_IP_MREQN__IMR_MULTIADDR(), 4);
                m.set(JAVA_INT, C.OFFSETOF_IP_MREQN__IMR_IFINDEX(), index);
                r = Socket.setsockopt(n, C.IPPROTO_IP(), join ? C.IP_ADD_MEMBERSHIP() : C.IP_DROP_MEMBERSHIP(), m,
                        C.SIZEOF_IP_MREQN());
            } else if (group instanceof Inet6Address && family == C.AF_INET6()) {
                MemorySegment m = arena.allocate(C.SIZEOF_IPV6_MREQ(), 4);
                MemorySegment.copy(group.getAddress(), 0, m, JAVA_BYTE, C.OFFSETOF_IPV6_MREQ__IPV6MR_MULTIADDR(), 16);
                m.set(JAVA_INT, C.OFFSETOF_IPV6_MREQ__IPV6MR_INTERFACE(), index);
                r = Socket.setsockopt(n, C.IPPROTO_IPV6(), join ? C.IPV6_JOIN_GROUP() : C.IPV6_LEAVE_GROUP(), m,
                        C.SIZEOF_IPV6_MREQ());
            } else {
                throw new IllegalArgumentException("group " + group.getHostAddress() + " does not match this socket's family");
            }
            if (r < 0) {
                throw new ErrnoException(-r, join ? "join group" : "leave group", group.getHostAddress());
            }
        } finally {
            IO.release(fd);
        }
    }

    // ---------------------------------------------------------------- closing

    /**
     * Gives this socket up and returns its descriptor in blocking mode, for a child process; see
     * {@link StreamSocket#handOff()}. A socket file it was bound to stays for the child to use.
     */
    public Fd handOff() throws IOException {
        return Sockets.handOff(fd);
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return fd.isClosed();
    }

    /** Closes the socket and removes the socket file it was bound to, if any; idempotent. */
    @Override
    public void close() throws IOException {
        if (fd.isClosed()) {
            return;
        }
        fd.close();
        if (socketFile != null) {
            Files.deleteIfExists(socketFile);
        }
    }

    @Override
    public String toString() {
        return "DatagramEndpoint[" + fd + "]";
    }
}
