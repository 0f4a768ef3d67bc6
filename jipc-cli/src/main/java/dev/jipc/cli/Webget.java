package dev.jipc.cli;

import dev.jipc.net.StreamSocket;
import dev.jipc.net.Tcp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jipc webget HOST PATH...}: perlipc's webget. For each path it opens a new connection, sends
 * an HTTP/1.0 GET with CR LF line endings and a blank line, and prints the raw response (status
 * line, headers and body) as it comes. As with IO::Socket, HOST may carry the port: {@code host:8080}
 * or {@code [::1]:8080}.
 */
@Command(name = "webget", mixinStandardHelpOptions = true,
        description = "Fetch each PATH from HOST[:PORT] with an HTTP/1.0 GET, one connection per document, and print the raw responses.")
final class Webget implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "http(80)", paramLabel = "SERVICE",
            description = "Port when HOST does not give one: number, service name or name(number) (default: ${DEFAULT-VALUE}).")
    String service;

    @Parameters(index = "0", paramLabel = "HOST", description = "Host name or address, optionally with :PORT.")
    String host;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH", description = "Documents to get, such as /index.html.")
    List<String> paths;

    @Override
    public Integer call() throws Exception {
        String name = host;
        String port = service;
        int colon = host.lastIndexOf(':');
        if (host.startsWith("[") && host.contains("]")) {
            int close = host.indexOf(']');
            name = host.substring(1, close);
            if (close + 1 < host.length()) {
                port = portAfterColon(host.substring(close + 1));
            }
        } else if (colon > 0 && host.indexOf(':') == colon) {
            name = host.substring(0, colon);
            port = host.substring(colon + 1);
        }
        for (String path : paths) {
            if (path.isEmpty() || path.chars().anyMatch(c -> c <= ' ')) {
                throw new CommandLine.ParameterException(spec.commandLine(), "a PATH must be non-empty and without spaces or control characters: '" + path + "'");
            }
        }
        for (String path : paths) {
            try (StreamSocket conn = Tcp.connect(name, port)) {
                conn.writeFully(("GET " + path + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                StreamCopy.toOutput(conn, spec.commandLine().getOut());
            }
        }
        return 0;
    }

    private String portAfterColon(String rest) {
        if (!rest.startsWith(":") || rest.length() == 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "expected [ADDRESS]:PORT, not '" + host + "'");
        }
        return rest.substring(1);
    }
}
