package dev.jipc.cli;

import dev.jipc.net.StreamSocket;
import dev.jipc.net.Tcp;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jipc daytime [HOST] [--port SERVICE]}: perlipc's simple IO::Socket client, which prints
 * what the daytime service of a host says. The service is read the IO::Socket way: a number, a
 * name from the services database, or "name(number)", the number serving when the name is unknown.
 */
@Command(name = "daytime", mixinStandardHelpOptions = true,
        description = "Print what the daytime service (RFC 867) of HOST (default localhost) says.")
final class Daytime implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = "localhost", paramLabel = "HOST", description = "Host name or address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "daytime(13)", paramLabel = "SERVICE",
            description = "Port number, service name, or name(number) with the number as fallback (default: ${DEFAULT-VALUE}).")
    String service;

    @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION", description = "Give up connecting or reading after this long (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public Integer call() throws Exception {
        Duration limit = Durations.parse(spec, timeout);
        try (StreamSocket conn = Tcp.connect(host, service, limit)) {
            conn.setReadTimeout(limit);
            StreamCopy.toOutput(conn, spec.commandLine().getOut());
        }
        return 0;
    }
}
