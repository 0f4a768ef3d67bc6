package dev.jipc.net;

import static dev.jipc.net.Sockets.C;
import static dev.jipc.net.Sockets.IO;
import static dev.jipc.net.Sockets.NO_DEADLINE;

import dev.jipc.ErrnoException;
import dev.jipc.internal.FdAccess;
import dev.jipc.internal.Netdb;
import dev.jipc.internal.Poller;
import dev.jipc.internal.Socket;
import dev.jipc.io.Fd;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A connected stream socket: TCP over IPv4 or IPv6, or a Unix stream socket. Made by {@link Tcp},
 * {@link Unix}, {@link SocketPair} or {@link Listener#accept()}.
 *
 * <p>The descriptor is an {@link Fd} ({@link #fd()}), close-on-exec. A virtual thread blocked in
 * {@link #read} parks on jipc's poller and costs no carrier, so thousands of connections can each
 * have their own thread; a platform thread without a timeout blocks in the kernel as a C program
 * does, one system call per read or write (see {@link Fd}, "Sockets"). The same {@code Fd} works
 * with {@link dev.jipc.io.LineReader}, {@link dev.jipc.io.LineWriter} and {@link dev.jipc.io.Readiness}.
 *
 * <p>Writes go through {@code send(2)} with {@code MSG_NOSIGNAL}: a peer that has gone away is an
 * {@link ErrnoException} with {@link dev.jipc.Errno#EPIPE} or {@link dev.jipc.Errno#ECONNRESET},
 * never a signal. Reads return -1 at the peer's end of stream; a reset connection is an
 * {@code ECONNRESET} {@link ErrnoException}.
 *
 * <p>Closing is idempotent; a thread blocked in a read or write wakes with
 * {@link java.nio.channels.AsynchronousCloseException}. Interrupting a blocked thread makes it throw
 * {@link java.io.InterruptedIOException} and leaves the socket open.
 */
public final class StreamSocket implements Closeable {
    private final Fd fd;
    private final int family;
    private volatile Duration readTimeout;
    private volatile Duration writeTimeout;
    private volatile SocketAddress remote;

    StreamSocket(Fd fd, int family, SocketAddress remote) {
        this.fd = fd;
        this.family = family;
        this.remote = remote;
    }

    /**
     * Takes ownership of an inherited connected stream socket, such as the standard input of a
     * program started by an inetd-style server ({@code StreamSocket.adopt(0)}). The descriptor is
     * made close-on-exec; its blocking mode, which every process sharing the socket sees, is left
     * as it is, since reads and writes choose per call whether to block ({@link Fd}, "Sockets").
     *
     * @throws ErrnoException ENOTSOCK when the descriptor is not a socket
     * @throws IllegalArgumentException when it is a socket of another type (datagram, listening)
     */
    public static StreamSocket adopt(int number) throws IOException {
        String subject = "fd " + number;
        int type = Sockets.rawIntOption(number, C.SOL_SOCKET(), C.SO_TYPE(), subject);
        if (type != C.SOCK_STREAM()) {
            throw new IllegalArgumentException(subject + " is not a stream socket (SO_TYPE " + type + ")");
        }
        Fd fd = Fd.adopt(number, "socket " + subject);
        try {
            return new StreamSocket(fd, Sockets.familyOf(fd), null);
        } catch (IOException | RuntimeException e) {
            fd.release();
            throw e;
        }
    }

    /** The socket's descriptor (owned by this socket: closing either closes both). */
    public Fd fd() {
        return fd;
    }

    /** Whether this is a Unix-domain socket (else TCP). */
    public boolean isUnix() {
        return family == C.AF_UNIX();
    }

    // ---------------------------------------------------------------- addresses

    /**
     * This end's address: an {@link InetSocketAddress}, a {@link java.net.UnixDomainSocketAddress}
     * (empty when unnamed) or an {@link AbstractUnixAddress}.
     */
    public SocketAddress localAddress() throws IOException {
        return Sockets.localAddress(fd);
    }

    /** The peer's address, of the same kinds as {@link #localAddress()}. */
    public SocketAddress remoteAddress() throws IOException {
        SocketAddress r = remote;
        if (r == null) {
            r = Sockets.remoteAddress(fd);
            remote = r;
        }
        return r;
    }

    /**
     * The peer's host name by reverse lookup ({@code getnameinfo}), for logging; the numeric
     * address when it has no name, and the path (or {@code @name}) of a Unix peer.
     */
    public String remoteHostName() throws IOException {
        SocketAddress r = remoteAddress();
        if (r instanceof InetSocketAddress i) {
            String name = Netdb.hostName(i.getAddress());
            return name != null ? name : i.getAddress().getHostAddress();
        }
        return Sockets.describe(r);
    }

    // ---------------------------------------------------------------- reading

    /**
     * How long reads without their own timeout (including those of {@link #inputStream()} and
     * {@link #channel()}) wait before throwing {@link dev.jipc.TimedOutException}; null, the default,
     * waits for ever. The socket stays usable after a timeout.
     */
    public StreamSocket setReadTimeout(Duration timeout) {
        this.readTimeout = nullOrNonNegative(timeout);
        return this;
    }

    private static Duration nullOrNonNegative(Duration timeout) {
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout: " + timeout);
        }
        return timeout;
    }

    /** The read timeout, or null for none. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /**
     * Reads up to {@code len} bytes, waiting until at least one arrives (or the read timeout passes).
     *
     * @return the bytes read, or -1 at the peer's end of stream
     */
    public int read(byte[] b, int off, int len) throws IOException {
        Duration t = readTimeout;
        return t == null ? fd.read(b, off, len) : fd.read(b, off, len, t);
    }

    /** Reads into the whole array; see {@link #read(byte[], int, int)}. */
    public int read(byte[] b) throws IOException {
        return read(b, 0, b.length);
    }

    /** Like {@link #read(byte[], int, int)} with its own timeout. */
    public int read(byte[] b, int off, int len, Duration timeout) throws IOException {
        return fd.read(b, off, len, timeout);
    }

    /** Reads into the buffer's remaining space, advancing its position; -1 at end of stream. */
    public int read(ByteBuffer dst) throws IOException {
        Duration t = readTimeout;
        return t == null ? fd.read(dst) : fd.read(dst, t);
    }

    /**
     * Reads exactly {@code len} bytes.
     *
     * @throws java.io.EOFException if the stream ends first (the bytes read so far are in {@code b})
     */
    public void readFully(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        int done = 0;
        while (done < len) {
            int n = read(b, off + done, len - done);
            if (n < 0) {
                throw new java.io.EOFException("end of stream after " + done + " of " + len + " bytes from "
                        + IO.describe(fd));
            }
            done += n;
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes some of the bytes, waiting until at least one can be written.
     *
     * @return the bytes written
     * @throws ErrnoException EPIPE or ECONNRESET when the peer has gone away
     */
    public int write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        Duration t = writeTimeout;
        return t == null ? fd.write(b, off, len) : (int) fd.write(MemorySegment.ofArray(b).asSlice(off, len), t);
    }

    /** Writes some of the buffer's remaining bytes, advancing its position. */
    public int write(ByteBuffer src) throws IOException {
        Duration t = writeTimeout;
        if (t == null) {
            return fd.write(src);
        }
        int n = (int) fd.write(MemorySegment.ofBuffer(src), t);
        src.position(src.position() + n);
        return n;
    }

    /**
     * Writes all {@code len} bytes, waiting as often as needed; with a write timeout, each wait for
     * room is bounded by it (see {@link #setWriteTimeout}).
     */
    public void writeFully(byte[] b, int off, int len) throws IOException {
        if (writeTimeout == null) {
            fd.writeFully(b, off, len);
            return;
        }
        Objects.checkFromIndexSize(off, len, b.length);
        int done = 0;
        while (done < len) {
            done += write(b, off + done, len - done);
        }
    }

    /** Writes the whole array. */
    public void writeFully(byte[] b) throws IOException {
        writeFully(b, 0, b.length);
    }

    /** Writes all of the buffer's remaining bytes, advancing its position to its limit. */
    public void writeFully(ByteBuffer src) throws IOException {
        if (writeTimeout == null) {
            fd.writeFully(src);
            return;
        }
        while (src.hasRemaining()) {
            write(src);
        }
    }

    /**
     * How long a write (including those of {@link #outputStream()} and {@link #channel()}) waits for
     * room in the socket's buffer before throwing {@link dev.jipc.TimedOutException}: a peer that
     * stops reading then fails the writer instead of holding it for ever. Null, the default, waits
     * for ever. The bound applies to each wait, not to a whole {@code writeFully}; after a timeout
     * the bytes written so far have gone to the peer, so treat the stream as broken.
     */
    public StreamSocket setWriteTimeout(Duration timeout) {
        this.writeTimeout = nullOrNonNegative(timeout);
        return this;
    }

    /** The write timeout, or null for none. */
    public Duration writeTimeout() {
        return writeTimeout;
    }

    // ---------------------------------------------------------------- half-close

    /** Ends our sending direction ({@code shutdown(SHUT_WR)}): the peer reads end of stream, and can still answer. */
    public void shutdownOutput() throws IOException {
        Sockets.shutdown(fd, C.SHUT_WR(), "shutdown output");
    }

    /** Ends our receiving direction ({@code shutdown(SHUT_RD)}): further reads see end of stream. */
    public void shutdownInput() throws IOException {
        Sockets.shutdown(fd, C.SHUT_RD(), "shutdown input");
    }

    // ---------------------------------------------------------------- options

    /**
     * Sets a socket option from {@link StandardSocketOptions}: {@code TCP_NODELAY},
     * {@code SO_KEEPALIVE}, {@code SO_SNDBUF}, {@code SO_RCVBUF}, {@code SO_LINGER} (seconds, negative
     * for off), {@code SO_REUSEADDR}, {@code SO_REUSEPORT}, {@code IP_TOS}; or from
     * {@link TcpOptions}: {@code TCP_CONGESTION}.
     *
     * @throws UnsupportedOperationException for another option
     */
    public <T> StreamSocket setOption(SocketOption<T> option, T value) throws IOException {
        Sockets.setOption(fd, family, option, value);
        return this;
    }

    /** Reads a socket option; see {@link #setOption}. */
    public <T> T option(SocketOption<T> option) throws IOException {
        return Sockets.option(fd, family, option);
    }

    /** {@code TCP_NODELAY}: send small writes at once instead of coalescing them (Nagle). */
    public StreamSocket setNoDelay(boolean on) throws IOException {
        return setOption(StandardSocketOptions.TCP_NODELAY, on);
    }

    /** {@code SO_KEEPALIVE}: probe an idle connection so a vanished peer is noticed. */
    public StreamSocket setKeepAlive(boolean on) throws IOException {
        return setOption(StandardSocketOptions.SO_KEEPALIVE, on);
    }

    /** {@code SO_LINGER}: how long close waits for unsent data; null turns lingering off. */
    public StreamSocket setLinger(Duration linger) throws IOException {
        return setOption(StandardSocketOptions.SO_LINGER, linger == null ? -1 : (int) linger.toSeconds());
    }

    // ---------------------------------------------------------------- Unix only

    /**
     * The pid, uid and gid of the process at the other end ({@code SO_PEERCRED}).
     *
     * @throws ErrnoException on a TCP socket (the kernel answers for Unix sockets only)
     */
    public PeerCredentials peerCredentials() throws IOException {
        return Sockets.peerCredentials(fd);
    }

    /**
     * Sends bytes with descriptors attached ({@code SCM_RIGHTS}); the receiver gets its own copies.
     * The descriptors travel with the first byte, and all the bytes are sent before this returns.
     * At most 253 descriptors fit one message.
     *
     * @param fds what to pass; they stay open and owned by the caller here
     * @throws IllegalArgumentException with descriptors but no bytes, or too many descriptors
     */
    public void sendWithFds(byte[] b, int off, int len, List<Fd> fds) throws IOException {
        long sent = Sockets.sendWithFds(fd, b, off, len, fds, null);
        if (sent < len) {
            writeFully(b, off + (int) sent, len - (int) sent);
        }
    }

    /** Sends the whole array with the descriptors; see {@link #sendWithFds(byte[], int, int, List)}. */
    public void sendWithFds(byte[] b, List<Fd> fds) throws IOException {
        sendWithFds(b, 0, b.length, fds);
    }

    /**
     * Receives bytes and any descriptors sent with them, waiting for at least one byte (or the read
     * timeout). Descriptors beyond {@code maxFds} are closed by the kernel and reported as
     * {@link FdMessage#truncated()}.
     *
     * @param maxFds room for this many descriptors (0..253)
     * @return the bytes stored ({@code length} 0 at end of stream) and the descriptors, owned by the caller
     */
    public FdMessage receiveWithFds(byte[] b, int off, int len, int maxFds) throws IOException {
        return Sockets.receiveWithFds(fd, b, off, len, maxFds, false, readTimeout).message();
    }

    /** Receives into the whole array; see {@link #receiveWithFds(byte[], int, int, int)}. */
    public FdMessage receiveWithFds(byte[] b, int maxFds) throws IOException {
        return receiveWithFds(b, 0, b.length, maxFds);
    }

    // ---------------------------------------------------------------- views

    /**
     * An {@link InputStream} reading from this socket, honouring the read timeout; closing it closes
     * the socket. Unbuffered: wrap it (or use {@link dev.jipc.io.LineReader} on {@link #fd()}) for lines.
     */
    public InputStream inputStream() {
        return new SocketStreams.In(this);
    }

    /** An {@link OutputStream} writing every byte through to this socket; closing it closes the socket. */
    public OutputStream outputStream() {
        return new SocketStreams.Out(this);
    }

    /** A {@link ByteChannel} over this socket (reads honour the read timeout); closing it closes the socket. */
    public ByteChannel channel() {
        return new SocketStreams.Channel(this);
    }

    // ---------------------------------------------------------------- handing over

    /**
     * Gives this socket up and returns its descriptor in blocking mode, for a child process that
     * reads and writes it the ordinary way: pass it with
     * {@code command.stdin(Redirect.from(fd)).stdout(Redirect.from(fd))} or {@code command.fd(3, ...)},
     * then close it once the child has started. This socket is closed; the returned {@code Fd} (a
     * duplicate) is the caller's.
     *
     * <p>A child given a non-blocking socket would see {@code EAGAIN} ("Resource temporarily
     * unavailable") on its first read, and the flag belongs to the open socket, shared by every copy,
     * so this socket cannot stay non-blocking for us while blocking for the child.
     */
    public Fd handOff() throws IOException {
        return Sockets.handOff(fd);
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return fd.isClosed();
    }

    /** Closes the socket; idempotent. */
    @Override
    public void close() throws IOException {
        fd.close();
    }

    @Override
    public String toString() {
        SocketAddress r = remote;
        return "StreamSocket[" + fd + (r == null ? "" : ", peer " + Sockets.describe(r)) + "]";
    }
}
