package dev.jipc.cli;

import dev.jipc.net.Listener;
import dev.jipc.net.SocketServer;
import dev.jipc.net.Unix;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jipc unix-server [PATH]}: perlipc's Unix-domain greeting server ("catsock"). Each client
 * gets "Hello there, it's now TIME" with a plain LF: the peer is on this machine, so the network
 * line ending has no reason to be. Every connection is logged.
 *
 * <p>The socket file is created 0600 (only this user may connect). A socket file left by a server
 * that died is replaced; one a live server still answers on is refused (EADDRINUSE), and anything
 * that is not a socket is never removed. The file is removed when the server stops.
 */
@Command(name = "unix-server", mixinStandardHelpOptions = true,
        customSynopsis = "jipc unix-server [-hV] [PATH] [--spawn -- CMD [ARG...]]",
        description = {"Greet every client of a Unix-domain socket at PATH (default " + UnixServer.DEFAULT_PATH
                + ") with \"Hello there, it's now TIME\" and log each connection.",
            "With --spawn -- CMD..., each client then gets a child running CMD with the connection as its stdin and stdout.",
            "The socket file is 0600, replaces a stale one, and is removed on Ctrl-C or SIGTERM."})
final class UnixServer implements Callable<Integer> {
    /** perlipc's rendezvous name, relative to the current directory. */
    static final String DEFAULT_PATH = "catsock";

    @Spec
    CommandSpec spec;

    @Option(names = "--spawn", description = "Run CMD (given after --) for each client, on the connection.")
    boolean spawn;

    @Parameters(paramLabel = "PATH", description = "Socket file (default: " + DEFAULT_PATH + "); with --spawn, then -- and the command.")
    List<String> words = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> command = SpawnArgs.command(spec, words);
        List<String> before = words.subList(0, words.size() - command.size());
        SpawnArgs.check(spec, spawn, before, command, "PATH");
        Path path = Path.of(before.isEmpty() ? DEFAULT_PATH : before.getFirst());
        try (UntilStopped stopper = UntilStopped.onSignals()) {
            ServerLog log = new ServerLog(spec.commandLine().getOut(), "unix-server");
            Listener listener = Unix.listen(path);
            Spawner spawner = spawn ? new Spawner(command, log) : null;
            SocketServer server = SocketServer.start(listener, conn -> {
                log.note("connection on " + path);
                conn.writeFully(("Hello there, it's now " + Ctime.now() + "\n").getBytes(StandardCharsets.UTF_8));
                if (spawner != null) {
                    spawner.serve(conn);
                }
            });
            log.note("server started on " + path + (spawn ? ", spawning " + String.join(" ", command) : ""));
            return stopper.await(log, UntilStopped.of(server, spawner));
        }
    }
}
