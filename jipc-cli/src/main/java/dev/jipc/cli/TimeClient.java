package dev.jipc.cli;

import dev.jipc.net.StreamSocket;
import dev.jipc.net.Tcp;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jipc time-client HOST...}: perlipc's TCP time client. Asks each host for its clock
 * (RFC 868) and prints a table of how many seconds it is ahead of ours, starting with a line for
 * this machine. A host that cannot be asked gets its error in the table, and the exit code is 1.
 */
@Command(name = "time-client", mixinStandardHelpOptions = true,
        description = {"Ask each HOST for its clock over TCP (RFC 868) and print how far it is from ours, in seconds.",
            "Columns: host, difference, the host's time."})
final class TimeClient implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "time(37)", paramLabel = "SERVICE",
            description = "Port number or service name (default: ${DEFAULT-VALUE}: the time service, else 37).")
    String service;

    @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION", description = "Give up on a host after this long (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Parameters(arity = "1..*", paramLabel = "HOST", description = "Hosts to ask.")
    List<String> hosts;

    @Override
    public Integer call() throws Exception {
        Duration limit = Durations.parse(spec, timeout);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-24s %8s %s%n", "localhost", 0, Ctime.now());
        out.flush();
        int failed = 0;
        for (String host : hosts) {
            out.printf("%-24s ", host);
            out.flush();
            try {
                long theirs = ask(host, limit);
                out.printf("%8d %s%n", theirs - System.currentTimeMillis() / 1000, Ctime.ofEpochSecond(theirs));
            } catch (IOException | IllegalArgumentException e) {
                failed++;
                out.println(e.getMessage());
            }
            out.flush();
        }
        return failed == 0 ? 0 : 1;
    }

    private long ask(String host, Duration limit) throws IOException {
        try (StreamSocket conn = Tcp.connect(host, service, limit)) {
            conn.setReadTimeout(limit);
            byte[] answer = new byte[4];
            conn.readFully(answer, 0, 4);
            return Rfc868.decode(answer, 4);
        }
    }
}
