package dev.jipc.cli;

import dev.jipc.net.StreamSocket;
import dev.jipc.net.Unix;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jipc unix-client [PATH]}: perlipc's Unix-domain client; prints what the server at PATH sends. */
@Command(name = "unix-client", mixinStandardHelpOptions = true,
        description = "Connect to the Unix-domain socket at PATH (default " + UnixServer.DEFAULT_PATH + ") and print what the server sends.")
final class UnixClient implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = UnixServer.DEFAULT_PATH, paramLabel = "PATH", description = "Socket file (default: ${DEFAULT-VALUE}).")
    Path path;

    @Override
    public Integer call() throws Exception {
        try (StreamSocket conn = Unix.connect(path)) {
            StreamCopy.toOutput(conn, spec.commandLine().getOut());
        }
        return 0;
    }
}
