package dev.jipc.cli;

import dev.jipc.net.Listener;
import dev.jipc.net.SocketServer;
import dev.jipc.net.Tcp;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jipc daytime-server [PORT]}: the RFC 867 daytime service that perlipc's simple IO::Socket
 * client reads: each client gets the local time as one line ending in CR LF, then the connection
 * is closed.
 */
@Command(name = "daytime-server", mixinStandardHelpOptions = true,
        description = {"Serve the RFC 867 daytime protocol over TCP on PORT (default " + DaytimeServer.DEFAULT_PORT
                + "; 0 picks a free port): the local time as one CR LF line per connection.",
            "Logs \"server started on port N\" and every request. Stops on Ctrl-C or SIGTERM."})
final class DaytimeServer implements Callable<Integer> {
    /** The service's own port is 13, which needs privilege; this mirrors it above 10000. */
    static final int DEFAULT_PORT = 10013;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = "" + DEFAULT_PORT, paramLabel = "PORT", description = "Port number or service name (default: ${DEFAULT-VALUE}).")
    String port;

    @Override
    public Integer call() throws Exception {
        try (UntilStopped stopper = UntilStopped.onSignals()) {
            ServerLog log = new ServerLog(spec.commandLine().getOut(), "daytime-server");
            Listener listener = Tcp.listen(port);
            SocketServer server = SocketServer.start(listener, conn -> {
                log.note("request from " + ((InetSocketAddress) conn.remoteAddress()).getAddress().getHostAddress());
                conn.writeFully((Ctime.now() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            });
            log.note("server started on port " + listener.port());
            return stopper.await(log, List.of(UntilStopped.of(server)));
        }
    }
}
