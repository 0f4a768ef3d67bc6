package dev.jipc.cli;

import dev.jipc.io.Fd;
import dev.jipc.net.StreamSocket;
import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import dev.jipc.process.Redirect;
import dev.jipc.signal.Signal;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code --spawn} mode of the greeting servers, perlipc's {@code spawn}: after the greeting,
 * the connection becomes the standard input and output of a new child running the command, and
 * the server closes its own copy at once, so the client sees the end of the stream when the child
 * is done, not when the server is. The child is waited for on the connection's own (virtual)
 * thread, so no SIGCHLD handler is needed and no zombie stays behind; its pid and end are logged.
 */
final class Spawner {
    private final Command command;
    private final ServerLog log;
    private final Set<ChildProcess> children = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    Spawner(List<String> argv, ServerLog log) {
        this.command = Command.of(argv);
        this.log = log;
    }

    /** Hands {@code conn} to a new child and waits for it; the socket is closed when this returns. */
    void serve(StreamSocket conn) throws IOException {
        ChildProcess kid;
        try (Fd fd = conn.handOff()) {
            kid = command.stdin(Redirect.from(fd)).stdout(Redirect.from(fd)).start();
        }
        children.add(kid);
        if (stopping) {
            // Started just as the server was stopping, after the others were told to end.
            kid.signal(Signal.SIGTERM);
        }
        try (kid) {
            log.note("begat " + kid.pid());
            ExitStatus status = kid.waitFor();
            log.note("reaped " + kid.pid() + (status.success() ? "" : " with " + status));
        } finally {
            children.remove(kid);
        }
    }

    /** Children still serving when the server stops are asked to stop too: their session is over. */
    void stopChildren() throws IOException {
        stopping = true;
        for (ChildProcess kid : children) {
            kid.signal(Signal.SIGTERM);
        }
    }
}
