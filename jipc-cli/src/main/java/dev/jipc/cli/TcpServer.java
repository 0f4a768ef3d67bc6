package dev.jipc.cli;

import dev.jipc.net.Listener;
import dev.jipc.net.SocketServer;
import dev.jipc.net.StreamSocket;
import dev.jipc.net.Tcp;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
 * new child running CMD (the forking server's {@code spawn} and {@code exec}; see {@link Spawner}).
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

    @Override
    public Integer call() throws Exception {
        List<String> command = SpawnArgs.command(spec, words);
        List<String> before = words.subList(0, words.size() - command.size());
        SpawnArgs.check(spec, spawn, before, command, "PORT");
        try (UntilStopped stopper = UntilStopped.onSignals()) {
            ServerLog log = new ServerLog(spec.commandLine().getOut(), "tcp-server");
            Listener listener = before.isEmpty() ? Tcp.listen(DEFAULT_PORT) : Tcp.listen(before.getFirst());
            Spawner spawner = spawn ? new Spawner(command, log) : null;
            SocketServer server = SocketServer.start(listener, conn -> serve(conn, log, spawner));
            log.note("server started on port " + listener.port() + (spawn ? ", spawning " + String.join(" ", command) : ""));
            return stopper.await(log, UntilStopped.of(server, spawner));
        }
    }

    private static void serve(StreamSocket conn, ServerLog log, Spawner spawner) throws Exception {
        InetSocketAddress peer = (InetSocketAddress) conn.remoteAddress();
        String name = conn.remoteHostName();
        log.note("connection from " + name + " [" + peer.getAddress().getHostAddress() + "] at port " + peer.getPort());
        conn.writeFully(("Hello there, " + name + ", it's now " + Ctime.now() + "\r\n").getBytes(StandardCharsets.UTF_8));
        if (spawner != null) {
            spawner.serve(conn);
        }
    }
}
