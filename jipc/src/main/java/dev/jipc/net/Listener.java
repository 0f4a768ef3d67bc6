package dev.jipc.net;

import static dev.jipc.net.Sockets.C;
import static dev.jipc.net.Sockets.IO;
import static dev.jipc.net.Sockets.NO_DEADLINE;

import dev.jipc.internal.FdAccess;
import dev.jipc.internal.Poller;
import dev.jipc.internal.Socket;
import dev.jipc.io.Fd;
import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;

/**
 * A listening stream socket (TCP or Unix), made by {@link Tcp#listen} or {@link Unix#listen}.
 *
 * <p>{@link #accept()} parks the calling thread until a client connects, so one virtual thread can
 * sit in {@code accept} for ever at no cost. It throws {@link java.io.InterruptedIOException} when
 * its thread is interrupted (the listener stays open) and
 * {@link java.nio.channels.AsynchronousCloseException} when another thread closes the listener,
 * which is how a server is stopped from a signal handler or another thread.
 *
 * <p>A Unix listener created from a path removes its socket file when closed, unless the file has
 * been replaced meanwhile (by another server that took the name over).
 */
public final class Listener implements Closeable {
    private static final FdAccess.Op ACCEPT =
            (fd, unused, flags) -> Socket.accept4(fd, MemorySegment.NULL, MemorySegment.NULL, (int) flags);

    private final Fd fd;
    private final int family;
    private final SocketAddress address;
    private final Path socketFile;
    private final Object socketFileKey;

    Listener(Fd fd, int family, SocketAddress address, Path socketFile) throws IOException {
        this.fd = fd;
        this.family = family;
        this.address = address;
        this.socketFile = socketFile;
        this.socketFileKey = socketFile == null ? null : fileKey(socketFile);
    }

    private static Object fileKey(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** The listening descriptor, for {@link dev.jipc.io.Readiness} or to pass to a child. */
    public Fd fd() {
        return fd;
    }

    /** The bound address; for TCP the actual port, also when port 0 asked the kernel to choose. */
    public SocketAddress localAddress() {
        return address;
    }

    /**
     * The TCP port listened on.
     *
     * @throws IllegalStateException for a Unix listener
     */
    public int port() {
        if (address instanceof InetSocketAddress i) {
            return i.getPort();
        }
        throw new IllegalStateException("a Unix listener has no port: " + address);
    }

    /** Whether this listens on a Unix socket (else TCP). */
    public boolean isUnix() {
        return family == C.AF_UNIX();
    }

    /**
     * Waits for the next connection and returns it: close-on-exec, and in blocking mode like every
     * connected jipc socket (its calls still never block a virtual thread; see {@code Fd}, "Sockets").
     */
    public StreamSocket accept() throws IOException {
        return accept(NO_DEADLINE, null);
    }

    /**
     * Like {@link #accept()}, giving up with {@link dev.jipc.TimedOutException} after {@code timeout}.
     */
    public StreamSocket accept(Duration timeout) throws IOException {
        return accept(IO.deadline(timeout), timeout);
    }

    private StreamSocket accept(long deadline, Duration timeout) throws IOException {
        int n = (int) IO.call(fd, Poller.READ, "accept", MemorySegment.NULL, C.SOCK_CLOEXEC(), deadline, timeout, ACCEPT);
        return new StreamSocket(IO.ofNewSocket(n, "connection " + n + " on " + Sockets.describe(address)), family, null);
    }

    /**
     * Accepts a connection in blocking mode, for a child process (the spawning server): the parent
     * never reads it, so it need not be non-blocking, and the child expects ordinary blocking I/O.
     */
    Fd acceptForChild() throws IOException {
        int n = (int) IO.call(fd, Poller.READ, "accept", MemorySegment.NULL, C.SOCK_CLOEXEC(), NO_DEADLINE, null, ACCEPT);
        return IO.ofNewSocket(n, "connection " + n + " on " + Sockets.describe(address));
    }

    /**
     * Gives this listener up and returns its descriptor in blocking mode, for a child process that
     * accepts connections itself (a pre-forked worker, or a program started inetd- or
     * systemd-style with the listening socket as a descriptor). Pass it with a
     * {@link dev.jipc.process.Command} redirect and close it once the child has started. The socket
     * file of a Unix listener stays: the child serves it now, and removes it or not.
     */
    public Fd handOff() throws IOException {
        return Sockets.handOff(fd);
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return fd.isClosed();
    }

    /**
     * Stops listening; threads blocked in {@link #accept()} wake with
     * {@link java.nio.channels.AsynchronousCloseException}. A Unix socket file this listener created
     * is removed, unless it is no longer the same file. Idempotent; a close racing with another
     * returns only once the socket file is gone.
     */
    @Override
    public synchronized void close() throws IOException {
        if (fd.isClosed()) {
            return;
        }
        fd.close();
        if (socketFile != null && socketFileKey != null && socketFileKey.equals(fileKey(socketFile))) {
            Files.deleteIfExists(socketFile);
        }
    }

    @Override
    public String toString() {
        return "Listener[" + Sockets.describe(address) + ", " + fd + "]";
    }
}
