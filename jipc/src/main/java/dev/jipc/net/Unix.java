package dev.jipc.net;

import static dev.jipc.net.Sockets.C;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.io.Fd;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Unix-domain sockets, stream and datagram, named by a path in the file system
 * ({@link UnixDomainSocketAddress}) or in Linux's abstract namespace ({@link AbstractUnixAddress}).
 *
 * <h2>Socket files</h2>
 * A path must fit the kernel's {@code sun_path}: {@value UnixPathTooLongException#MAX_PATH_BYTES}
 * bytes at most, else {@link UnixPathTooLongException}. A server's socket file:
 * <ul>
 *   <li>is created mode 0600 (owner only) unless other permissions are given; the mode is set
 *       before the socket listens, so nobody can connect in between;</li>
 *   <li>replaces a stale file left by a server that died without cleaning up: when the name is
 *       taken, jipc connects to it, and a refused connection means nobody listens, so the file is
 *       removed and the bind retried;</li>
 *   <li>is refused with {@link Errno#EADDRINUSE} when a live server answers on it, or when the path
 *       is something other than a socket (which is never removed);</li>
 *   <li>is removed when the {@link Listener} (or bound {@link DatagramEndpoint}) is closed.</li>
 * </ul>
 */
public final class Unix {
    private Unix() {}

    /** The permissions of a socket file jipc creates unless told otherwise: {@code rw-------}. */
    public static final Set<PosixFilePermission> DEFAULT_PERMISSIONS = PosixFilePermissions.fromString("rw-------");

    // ---------------------------------------------------------------- clients

    /** Connects to a stream server at {@code path}. */
    public static StreamSocket connect(Path path) throws IOException {
        return connect(UnixDomainSocketAddress.of(path), null);
    }

    /** Connects to a stream server in the abstract namespace. */
    public static StreamSocket connectAbstract(String name) throws IOException {
        return connect(AbstractUnixAddress.of(name), null);
    }

    /**
     * Connects to a stream server at a {@link UnixDomainSocketAddress} or {@link AbstractUnixAddress}.
     * A server whose backlog is full is retried until it takes the connection or {@code timeout}
     * passes (null: no limit).
     *
     * @throws ErrnoException ENOENT when no such file, ECONNREFUSED when nobody listens on it
     */
    public static StreamSocket connect(SocketAddress address, Duration timeout) throws IOException {
        checkUnix(address);
        Fd fd = Sockets.open(C.AF_UNIX(), C.SOCK_STREAM(), "unix to " + Sockets.describe(address));
        try {
            Sockets.connect(fd, address, timeout);
            Sockets.makeBlocking(fd);
            return new StreamSocket(fd, C.AF_UNIX(), address);
        } catch (IOException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- servers

    /** Listens at {@code path} with mode 0600; see the class comment for stale and live files. */
    public static Listener listen(Path path) throws IOException {
        return listen(path, DEFAULT_PERMISSIONS, Tcp.DEFAULT_BACKLOG);
    }

    /** Listens at {@code path} with the given permissions. */
    public static Listener listen(Path path, Set<PosixFilePermission> permissions) throws IOException {
        return listen(path, permissions, Tcp.DEFAULT_BACKLOG);
    }

    /** Listens at {@code path} with the given permissions and backlog. */
    public static Listener listen(Path path, Set<PosixFilePermission> permissions, int backlog) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(permissions, "permissions");
        return listen(UnixDomainSocketAddress.of(path), permissions, backlog);
    }

    /** Listens on a name in the abstract namespace (no file; any local process may connect). */
    public static Listener listenAbstract(String name) throws IOException {
        return listen(AbstractUnixAddress.of(name), null, Tcp.DEFAULT_BACKLOG);
    }

    private static Listener listen(SocketAddress address, Set<PosixFilePermission> permissions, int backlog)
            throws IOException {
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog must be positive: " + backlog);
        }
        Fd fd = Sockets.open(C.AF_UNIX(), C.SOCK_STREAM(), "unix listener " + Sockets.describe(address));
        Path file = null;
        try {
            file = bindNamed(fd, address, permissions);
            Sockets.listen(fd, backlog, address);
            return new Listener(fd, C.AF_UNIX(), address, file);
        } catch (IOException | RuntimeException e) {
            fd.close();
            if (file != null) {
                Files.deleteIfExists(file);
            }
            throw e;
        }
    }

    /**
     * Binds, replacing a stale socket file, and sets the file's permissions; returns the file made
     * (null for an abstract name).
     */
    static Path bindNamed(Fd fd, SocketAddress address, Set<PosixFilePermission> permissions) throws IOException {
        if (!(address instanceof UnixDomainSocketAddress u)) {
            checkUnix(address);
            Sockets.bind(fd, address);
            return null;
        }
        Sockets.checkedPath(u);
        Path path = u.getPath();
        try {
            Sockets.bind(fd, address);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EADDRINUSE) {
                throw e;
            }
            replaceStale(path, e);
            Sockets.bind(fd, address);
        }
        try {
            Files.setPosixFilePermissions(path, permissions == null ? DEFAULT_PERMISSIONS : permissions);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
        return path;
    }

    /** Removes {@code path} if it is a socket nobody listens on; otherwise rethrows {@code inUse}. */
    private static void replaceStale(Path path, ErrnoException inUse) throws IOException {
        if (!isSocket(path)) {
            throw new ErrnoException(Errno.EADDRINUSE, "bind", path.toString(), "the path exists and is not a socket");
        }
        if (!isStale(path)) {
            throw new ErrnoException(Errno.EADDRINUSE, "bind", path.toString(), "a server is listening on it");
        }
        Files.deleteIfExists(path);
    }

    /**
     * Whether the socket file at {@code path} is stale: connecting to it is refused, so no process
     * listens on it any more.
     */
    static boolean isStale(Path path) throws IOException {
        // A stream probe; a datagram socket file answers a stream connect with EPROTOTYPE, which
        // also shows someone has it bound.
        try (Fd probe = Sockets.open(C.AF_UNIX(), C.SOCK_STREAM(), "probe of " + path)) {
            try {
                Sockets.connect(probe, UnixDomainSocketAddress.of(path), Duration.ofSeconds(1));
                return false;
            } catch (ErrnoException e) {
                return e.errno() == Errno.ECONNREFUSED;
            } catch (dev.jipc.TimedOutException e) {
                return false;
            }
        }
    }

    // ---------------------------------------------------------------- datagrams

    /** An unbound Unix datagram socket: it can send to any named one; replies need it bound. */
    public static DatagramEndpoint datagram() throws IOException {
        Fd fd = Sockets.open(C.AF_UNIX(), C.SOCK_DGRAM(), "unix datagram");
        return new DatagramEndpoint(fd, C.AF_UNIX(), null);
    }

    /** A Unix datagram socket bound at {@code path} (mode 0600, stale file replaced, removed on close). */
    public static DatagramEndpoint bindDatagram(Path path) throws IOException {
        return bindDatagram(UnixDomainSocketAddress.of(path), DEFAULT_PERMISSIONS);
    }

    /** A Unix datagram socket bound in the abstract namespace. */
    public static DatagramEndpoint bindDatagramAbstract(String name) throws IOException {
        return bindDatagram(AbstractUnixAddress.of(name), null);
    }

    /** A Unix datagram socket bound at an address, with the given permissions for a socket file. */
    public static DatagramEndpoint bindDatagram(SocketAddress address, Set<PosixFilePermission> permissions)
            throws IOException {
        checkUnix(address);
        Fd fd = Sockets.open(C.AF_UNIX(), C.SOCK_DGRAM(), "unix datagram " + Sockets.describe(address));
        Path file = null;
        try {
            file = bindNamed(fd, address, permissions);
            return new DatagramEndpoint(fd, C.AF_UNIX(), file);
        } catch (IOException | RuntimeException e) {
            fd.close();
            if (file != null) {
                Files.deleteIfExists(file);
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- tests

    /** Whether {@code path} is a socket file (perl's {@code -S}); false when missing. Symbolic links are followed. */
    public static boolean isSocket(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return (mode & C.S_IFMT()) == C.S_IFSOCK();
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static void checkUnix(SocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (!(address instanceof UnixDomainSocketAddress) && !(address instanceof AbstractUnixAddress)) {
            throw new IllegalArgumentException("not a Unix socket address: " + address);
        }
        if (address instanceof UnixDomainSocketAddress u) {
            Sockets.checkedPath(u);
        }
    }
}
