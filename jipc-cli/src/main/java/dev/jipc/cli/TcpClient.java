package dev.jipc.cli;

import dev.jipc.net.StreamSocket;
import dev.jipc.net.Tcp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jipc tcp-client [HOST [PORT]]}: perlipc's Internet-domain client. Connects and prints
 * everything the server sends until it closes the connection, line endings as sent. It sends
 * nothing, and says so at once by shutting down its sending half, so a server that hands the
 * connection to a program reading its input ({@code tcp-server --spawn}) sees end of file.
 */
@Command(name = "tcp-client", mixinStandardHelpOptions = true,
        description = {"Connect to HOST (default localhost) on PORT (a number or service name; default "
                + TcpServer.DEFAULT_PORT + ") and print what the server sends until it closes."})
final class TcpClient implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = "localhost", paramLabel = "HOST", description = "Host name or address (default: ${DEFAULT-VALUE}).")
    String host;

    @Parameters(index = "1", arity = "0..1", defaultValue = "" + TcpServer.DEFAULT_PORT, paramLabel = "PORT",
            description = "Port number or service name (default: ${DEFAULT-VALUE}).")
    String port;

    @Override
    public Integer call() throws Exception {
        try (StreamSocket conn = Tcp.connect(host, port)) {
            conn.shutdownOutput();
            StreamCopy.toOutput(conn, spec.commandLine().getOut());
        }
        return 0;
    }
}
