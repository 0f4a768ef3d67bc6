package dev.jipc.net;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.io.Fd;
import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.Redirect;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An accept loop serving every connection of a {@link Listener} at once: perlipc's "multitasking
 * server", with a virtual thread per connection instead of a forked child.
 *
 * <pre>{@code
 * try (SocketServer server = SocketServer.start(Tcp.listen(2345), conn -> {
 *     conn.writeFully("Hello there\r\n".getBytes(StandardCharsets.US_ASCII));
 * })) {
 *     Signals.handle(Signal.SIGTERM, s -> server.stop());
 *     server.awaitTermination();
 * }
 * }</pre>
 *
 * <p>Two modes:
 * <ul>
 *   <li>{@link #start(Listener, Handler)}: each connection is given to the handler on a virtual
 *       thread of its own, and closed when the handler returns (or throws: the exception is logged).
 *       A handler blocked in a read costs no carrier thread, so thousands of idle clients are cheap.</li>
 *   <li>{@link #spawning(Listener, Command)}: inetd-style, each connection becomes a child process's
 *       standard input and output (in blocking mode, as ordinary programs expect), and the server's
 *       own copy is closed as soon as the child has started. Children are reaped by jipc's reaper
 *       the moment they exit; no SIGCHLD handler is involved.
 *       {@link #spawning(Listener, Command, Handler)} first runs a step of the caller's on the
 *       connection (log it, greet the client), as perlipc's forking server prints its greeting
 *       before the {@code exec}.</li>
 * </ul>
 *
 * <p>{@link #stop()} (safe from any thread, a signal handler included) closes the listener, so the
 * accept loop ends and clients are refused; connections already being served continue.
 * {@link #close()} also closes those connections (their handlers wake with
 * {@link java.nio.channels.AsynchronousCloseException}) and waits for the handlers to return.
 *
 * <p>Logging goes to the {@code dev.jipc.net.SocketServer} {@link System.Logger}: start, stop, each
 * connection (with the peer's host name, perlipc's "connection from NAME [ADDR] at port N") and
 * each child at DEBUG, so a library server is quiet by default; failures of handlers and of
 * spawning at WARNING, except a peer that went away (EPIPE, ECONNRESET), logged at DEBUG.
 */
public final class SocketServer implements Closeable {
    private static final System.Logger LOG = System.getLogger(SocketServer.class.getName());

    /** The server whose handler runs on this thread, so that close() from a handler does not wait for itself. */
    private static final ThreadLocal<SocketServer> SERVING = new ThreadLocal<>();

    /** Serves one connection; the server closes it when this returns. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Serves {@code connection} on its own virtual thread.
         *
         * @throws Exception anything: it is logged and the connection closed
         */
        void handle(StreamSocket connection) throws Exception;
    }

    private final Listener listener;
    private final Handler handler;
    private final Command command;
    private final Handler beforeSpawn;
    private final Set<StreamSocket> open = ConcurrentHashMap.newKeySet();
    private final Set<ChildProcess> children = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final CountDownLatch loopDone = new CountDownLatch(1);
    private final Object idle = new Object();
    private volatile boolean stopping;
    private final Thread loop;

    private SocketServer(Listener listener, Handler handler, Command command, Handler beforeSpawn) {
        this.listener = listener;
        this.handler = handler;
        this.command = command;
        this.beforeSpawn = beforeSpawn;
        this.loop = Thread.ofVirtual().name("jipc-accept " + Sockets.describe(listener.localAddress()))
                .unstarted(this::acceptLoop);
    }

    /**
     * Starts serving: every connection runs {@code handler} on a new virtual thread.
     *
     * @param listener the listener to accept from; the server owns it from now on and closes it
     */
    public static SocketServer start(Listener listener, Handler handler) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(handler, "handler");
        SocketServer s = new SocketServer(listener, handler, null, null);
        s.begin();
        return s;
    }

    /**
     * Starts an inetd-style server: every connection is handed to a new child running
     * {@code command} as its standard input and output (standard error and everything else as the
     * command says).
     */
    public static SocketServer spawning(Listener listener, Command command) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(command, "command");
        SocketServer s = new SocketServer(listener, null, command, null);
        s.begin();
        return s;
    }

    /**
     * Like {@link #spawning(Listener, Command)}, with a first step for each connection: on the
     * connection's own virtual thread, {@code beforeSpawn} runs (to log the client, greet it, check
     * it), and when it returns the connection becomes the child's standard input and output. If it
     * throws, the failure is logged and the connection closed without a child.
     */
    public static SocketServer spawning(Listener listener, Command command, Handler beforeSpawn) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(beforeSpawn, "beforeSpawn");
        SocketServer s = new SocketServer(listener, null, command, beforeSpawn);
        s.begin();
        return s;
    }

    private void begin() {
        LOG.log(Level.DEBUG, () -> "server started on " + Sockets.describe(listener.localAddress())
                + (command != null ? ", spawning " + command : ""));
        loop.start();
    }

    /** The listener served. */
    public Listener listener() {
        return listener;
    }

    /** The address served. */
    public SocketAddress localAddress() {
        return listener.localAddress();
    }

    /** How many connections have been accepted so far. */
    public long acceptedCount() {
        return accepted.get();
    }

    /** How many connections are being served now (handlers running, or children alive in spawning mode). */
    public int activeCount() {
        return active.get();
    }

    /** Whether the accept loop is still running. */
    public boolean isRunning() {
        return loopDone.getCount() > 0;
    }

    private void acceptLoop() {
        try {
            while (!stopping) {
                try {
                    if (command != null && beforeSpawn == null) {
                        spawnOne();
                    } else {
                        serveOne();
                    }
                } catch (ClosedChannelException | InterruptedIOException e) {
                    if (stopping || listener.isClosed()) {
                        break;
                    }
                    if (e instanceof InterruptedIOException) {
                        break; // interrupted from outside: treat as a stop
                    }
                } catch (ErrnoException e) {
                    if (listener.isClosed()) {
                        break;
                    }
                    // EMFILE, ENFILE, ENOBUFS: out of resources for now; ECONNABORTED: a client gave up.
                    LOG.log(Level.WARNING, "accept on " + Sockets.describe(listener.localAddress()) + ": " + e.getMessage());
                    if (e.errno() != Errno.ECONNABORTED) {
                        pause();
                    }
                } catch (IOException | RuntimeException e) {
                    if (listener.isClosed()) {
                        break;
                    }
                    LOG.log(Level.WARNING, "server on " + Sockets.describe(listener.localAddress()), e);
                    pause();
                }
            }
        } finally {
            try {
                listener.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing " + listener, e);
            }
            LOG.log(Level.DEBUG, () -> "server stopped on " + Sockets.describe(listener.localAddress()));
            loopDone.countDown();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private void serveOne() throws IOException {
        StreamSocket conn = listener.accept();
        accepted.incrementAndGet();
        active.incrementAndGet();
        open.add(conn);
        Thread.ofVirtual().name("jipc-connection").start(() -> serve(conn));
    }

    private void serve(StreamSocket conn) {
        SERVING.set(this);
        try {
            if (LOG.isLoggable(Level.DEBUG)) {
                LOG.log(Level.DEBUG, "connection from " + describePeer(conn));
            }
            if (beforeSpawn == null) {
                handler.handle(conn);
            } else {
                beforeSpawn.handle(conn);
                startChild(conn.handOff());
            }
        } catch (ErrnoException e) {
            Level level = e.errno() == Errno.EPIPE || e.errno() == Errno.ECONNRESET ? Level.DEBUG : Level.WARNING;
            LOG.log(level, "connection " + conn + ": " + e.getMessage());
        } catch (ClosedChannelException e) {
            LOG.log(stopping ? Level.DEBUG : Level.WARNING, "connection " + conn + " closed while being served");
        } catch (Exception e) {
            LOG.log(Level.WARNING, "handler failed on connection " + conn, e);
        } finally {
            try {
                conn.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing " + conn, e);
            }
            open.remove(conn);
            SERVING.remove();
            finished();
        }
    }

    private void spawnOne() throws IOException {
        Fd conn = listener.acceptForChild();
        accepted.incrementAndGet();
        startChild(conn);
    }

    /** Starts the command on {@code conn} (a blocking descriptor we own) and closes our copy. */
    private void startChild(Fd conn) throws IOException {
        ChildProcess child;
        try {
            child = command.stdin(Redirect.from(conn)).stdout(Redirect.from(conn)).start();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "spawning " + command + " for " + conn, e);
            return;
        } finally {
            conn.close(); // the child has its own copy; ours must go so the client sees the child's end of stream
        }
        active.incrementAndGet();
        children.add(child);
        LOG.log(Level.DEBUG, () -> "spawned " + child);
        child.onExit().whenComplete((status, failure) -> {
            children.remove(child);
            if (status != null && !status.success()) {
                LOG.log(Level.DEBUG, () -> child + " ended: " + status);
            }
            finished();
        });
    }

    private void finished() {
        if (active.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    private static String describePeer(StreamSocket conn) {
        try {
            SocketAddress a = conn.remoteAddress();
            if (a instanceof java.net.InetSocketAddress i) {
                return conn.remoteHostName() + " [" + i.getAddress().getHostAddress() + "] at port " + i.getPort();
            }
            String s = Sockets.describe(a);
            return s.isEmpty() ? "an unnamed Unix client" : s;
        } catch (IOException e) {
            return "a client whose address is gone (" + e.getMessage() + ")";
        }
    }

    /**
     * Stops accepting: closes the listener (so a Unix socket file is removed and new clients are
     * refused) and ends the accept loop. Connections being served go on. Safe from any thread and
     * from a signal handler; idempotent.
     */
    public void stop() {
        stopping = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing " + listener, e);
        }
    }

    /**
     * Waits until the accept loop has ended and every connection has been served (every child has
     * exited, in spawning mode).
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitTermination() throws InterruptedException {
        loopDone.await();
        synchronized (idle) {
            while (active.get() > 0) {
                idle.wait();
            }
        }
    }

    /** Like {@link #awaitTermination()}, for at most {@code timeout}; returns whether it ended. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!loopDone.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        synchronized (idle) {
            while (active.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    /**
     * Stops the server, closes the connections still being served (their handlers wake with
     * {@link java.nio.channels.AsynchronousCloseException}) and waits for the handlers to return.
     * Children of a spawning server are left running: they own their connections. Called from one
     * of this server's handlers (a "shutdown" command), it closes everything but does not wait.
     */
    @Override
    public void close() throws IOException {
        stop();
        for (StreamSocket s : open) {
            s.close();
        }
        if (SERVING.get() == this) {
            return;
        }
        try {
            loopDone.await();
            if (command == null) {
                awaitTermination();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("waiting for the server on " + Sockets.describe(listener.localAddress()) + " to stop");
        }
    }

    @Override
    public String toString() {
        return "SocketServer[" + Sockets.describe(listener.localAddress()) + (command != null ? ", spawning" : "")
                + ", " + active.get() + " active]";
    }
}
