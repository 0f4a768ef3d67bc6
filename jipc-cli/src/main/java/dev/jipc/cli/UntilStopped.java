package dev.jipc.cli;

import dev.jipc.net.SocketServer;
import dev.jipc.signal.Registration;
import dev.jipc.signal.Signal;
import dev.jipc.signal.Signals;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the server subcommands until SIGINT (Ctrl-C) or SIGTERM: the signal stops accepting, the
 * connections still being served are closed, and the command returns 130 or 143 (128 plus the
 * signal number, what a shell reports for a program the signal killed).
 */
final class UntilStopped implements AutoCloseable {
    private final CompletableFuture<Signal> stop = new CompletableFuture<>();
    private final Registration interrupt;
    private final Registration terminate;

    private UntilStopped() {
        interrupt = Signals.handle(Signal.SIGINT, stop::complete);
        Registration t;
        try {
            t = Signals.handle(Signal.SIGTERM, stop::complete);
        } catch (RuntimeException e) {
            interrupt.close();
            throw e;
        }
        terminate = t;
    }

    /**
     * Takes over SIGINT and SIGTERM from now on. Called before the server starts, so a signal sent
     * as soon as "server started" is logged already finds the handlers in place.
     */
    static UntilStopped onSignals() {
        return new UntilStopped();
    }

    /** Something to close when the server stops, in the order given. */
    interface Stoppable {
        void stop() throws IOException;
    }

    /**
     * Waits for SIGINT or SIGTERM, then logs "stopping" and stops everything given.
     *
     * @return the exit code: 128 plus the number of the signal that stopped the server
     */
    int await(ServerLog log, List<? extends Stoppable> parts) throws IOException {
        Signal s;
        try {
            s = stop.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("waiting for a stop signal");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        log.note("stopping on " + s.name());
        for (Stoppable p : parts) {
            p.stop();
        }
        log.note("stopped");
        return 128 + s.number();
    }

    /** A socket server as something to stop: stop accepting, close its connections, wait for its handlers. */
    static Stoppable of(SocketServer server) {
        return server::close;
    }

    /**
     * How a hello server stops: with a spawner, stop accepting, end the children's sessions, then
     * wait for the connections' threads; without, close the server.
     */
    static List<Stoppable> of(SocketServer server, Spawner spawner) {
        return spawner == null ? List.of(of(server)) : List.of(server::stop, spawner::stopChildren, of(server));
    }

    /** Gives SIGINT and SIGTERM back to what handled them before. */
    @Override
    public void close() {
        terminate.close();
        interrupt.close();
    }
}
