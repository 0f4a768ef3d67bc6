package dev.jipc.cli;

import dev.jipc.io.Fd;
import dev.jipc.net.Listener;
import dev.jipc.net.SocketServer;
import dev.jipc.net.StreamSocket;
import dev.jipc.net.Tcp;
import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import dev.jipc.process.Redirect;
import dev.jipc.signal.Signal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jipc tcp-server [PORT]} and {@code jipc tcp-server [PORT] --spawn -- CMD...}: perlipc's
 * Internet-domain greeting server. Every client is greeted by the name its address resolves to and
 * the local time, with the network line ending CR LF, and every connection is logged.
 *
 * <p>Where the Perl servers accept one client at a time or fork one child per client, this one
 * serves each connection on a virtual thread, so a slow client holds up nobody. With
 * {@code --spawn}, after the greeting the connection becomes the standard input and output of a
 * new child running CMD (the forking server's {@code spawn} and {@code exec}); the server closes
 * its copy at once, and the child is waited for on that connection's thread, so no SIGCHLD handler
 * is needed and no zombie stays behind.
 */
@CommandLine.Command(name = "tcp-server", mixinStandardHelpOptions = true,
        customSynopsis = "jipc tcp-server [-hV] [PORT] [--spawn -- CMD [ARG...]]",
        description = {"Greet every TCP client with \"Hello there, NAME, it's now TIME\" (CR LF) and log each connection.",
            "With --spawn -- CMD..., each client then gets a child running CMD with the connection as its stdin and stdout.",
            "PORT defaults to " + TcpServer.DEFAULT_PORT + "; 0 picks a free port. Logs \"server started on port N\"."
                    + " Stops on Ctrl-C or SIGTERM."})
final class TcpServer implements Callable<Integer> {
    /** perlipc's port for this server: above 1024, so no privilege is needed. */
    static final int DEFAULT_PORT = 2345;

    @Spec
    CommandSpec spec;

    @Option(names = "--spawn", description = "Run CMD (given after --) for each client, on the connection.")
    boolean spawn;

    @Parameters(paramLabel = "PORT", description = "Port number or service name (default: " + DEFAULT_PORT + "); with --spawn, then -- and the command.")
    List<String> words = new ArrayList<>();

    private final Set<ChildProcess> children = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    @Override
    public Integer call() throws Exception {
        List<String> command = SpawnArgs.command(spec, words);
        List<String> before = words.subList(0, words.size() - command.size());
        if (before.size() > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "expected at most one PORT, got " + before);
        }
        if (spawn && command.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--spawn needs a command after --");
        }
        if (!spawn && !command.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "a command after -- needs --spawn");
        }
        try (UntilStopped stopper = UntilStopped.onSignals()) {
            ServerLog log = new ServerLog(spec.commandLine().getOut(), "tcp-server");
            Listener listener = before.isEmpty() ? Tcp.listen(DEFAULT_PORT) : Tcp.listen(before.getFirst());
            Command child = spawn ? Command.of(command) : null;
            SocketServer server = SocketServer.start(listener, conn -> serve(conn, log, child));
            log.note("server started on port " + listener.port() + (spawn ? ", spawning " + String.join(" ", command) : ""));
            // Stop accepting, end the children's sessions, then wait for their connections' threads.
            return stopper.await(log, List.of(server::stop, this::stopChildren, UntilStopped.of(server)));
        }
    }

    private void serve(StreamSocket conn, ServerLog log, Command command) throws Exception {
        InetSocketAddress peer = (InetSocketAddress) conn.remoteAddress();
        String name = conn.remoteHostName();
        log.note("connection from " + name + " [" + peer.getAddress().getHostAddress() + "] at port " + peer.getPort());
        conn.writeFully(("Hello there, " + name + ", it's now " + Ctime.now() + "\r\n").getBytes(StandardCharsets.UTF_8));
        if (command == null) {
            return;
        }
        ChildProcess kid;
        try (Fd fd = conn.handOff()) {
            // The child gets its own copies; ours is closed right after, so the client sees the
            // end of the stream when the child is done, not when this server is.
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

    /** Children still serving when the server stops are asked to stop too, as their session is over. */
    private void stopChildren() throws IOException {
        stopping = true;
        for (ChildProcess kid : children) {
            kid.signal(Signal.SIGTERM);
        }
    }
}
