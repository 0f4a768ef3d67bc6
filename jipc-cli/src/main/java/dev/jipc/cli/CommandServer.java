package dev.jipc.cli;

import dev.jipc.TimedOutException;
import dev.jipc.io.LineReader;
import dev.jipc.net.Listener;
import dev.jipc.net.SocketServer;
import dev.jipc.net.StreamSocket;
import dev.jipc.net.Tcp;
import dev.jipc.process.Command;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jipc command-server [PORT]}: perlipc's IO::Socket server. Each client is welcomed and
 * prompted with "Command? " (no newline: use {@code jipc chat}, which shows it at once), and may
 * ask for the date, who is logged in, a fortune cookie or the message of the day, or quit.
 * Commands are matched anywhere in the line, ignoring case, as the Perl server matches them.
 *
 * <p>The Perl server serves one client at a time; this one gives each client a virtual thread, so
 * any number can be connected at once.
 */
@CommandLine.Command(name = "command-server", mixinStandardHelpOptions = true,
        description = {"A prompting line server on PORT (default " + CommandServer.DEFAULT_PORT
                + "; 0 picks a free port) with the commands quit, date, who, cookie, motd and help; many clients at once.",
            "Logs \"server started on port N\" and every connection. Stops on Ctrl-C or SIGTERM."})
final class CommandServer implements Callable<Integer> {
    /** perlipc's port for this server. */
    static final int DEFAULT_PORT = 9000;

    static final String WELCOME = "Welcome to command-server; type help for command list.\n";
    static final String PROMPT = "Command? ";
    static final String HELP = "Commands: quit date who cookie motd\n";
    static final String COOKIE = "A socket a day keeps the pipes away.\n";

    private static final Pattern QUIT = Pattern.compile("quit|exit", Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE = Pattern.compile("date|time", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHO = Pattern.compile("who", Pattern.CASE_INSENSITIVE);
    private static final Pattern FORTUNE = Pattern.compile("cookie", Pattern.CASE_INSENSITIVE);
    private static final Pattern MOTD = Pattern.compile("motd", Pattern.CASE_INSENSITIVE);
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = "" + DEFAULT_PORT, paramLabel = "PORT", description = "Port number or service name (default: ${DEFAULT-VALUE}).")
    String port;

    @Option(names = "--idle-timeout", defaultValue = "0", paramLabel = "DURATION",
            description = "Hang up on a client that sends no line for this long (default: 0, never), e.g. 5m.")
    String idleTimeout;

    static final String IDLE = "Idle too long; goodbye.\n";

    @Override
    public Integer call() throws Exception {
        Duration idle = Durations.parse(spec, idleTimeout);
        try (UntilStopped stopper = UntilStopped.onSignals()) {
            ServerLog log = new ServerLog(spec.commandLine().getOut(), "command-server");
            Listener listener = Tcp.listen(port);
            SocketServer server = SocketServer.start(listener, conn -> session(conn, log, idle.isZero() ? null : idle));
            log.note("server started on port " + listener.port());
            return stopper.await(log, List.of(UntilStopped.of(server)));
        }
    }

    /** One client's conversation; {@code idle} (null: none) bounds the wait for each line. */
    private static void session(StreamSocket conn, ServerLog log, Duration idle) throws IOException {
        InetSocketAddress peer = (InetSocketAddress) conn.remoteAddress();
        String who = conn.remoteHostName() + " [" + peer.getAddress().getHostAddress() + "] at port " + peer.getPort();
        log.note("connection from " + who);
        send(conn, WELCOME + PROMPT);
        // Not closed here: closing it would close the socket, which the server does when we return.
        LineReader in = LineReader.of(conn.fd());
        while (true) {
            String line;
            try {
                line = idle == null ? in.readLine() : in.readLine(idle);
            } catch (TimedOutException e) {
                send(conn, "\n" + IDLE);
                log.note("hung up on " + who + ": no command for " + idle.toMillis() + " ms");
                return;
            }
            if (line == null) {
                break;
            }
            if (!line.isBlank()) {
                if (QUIT.matcher(line).find()) {
                    break;
                }
                send(conn, answer(line));
            }
            send(conn, PROMPT);
        }
        log.note("done with " + who);
    }

    /** The reply to one non-blank command line. */
    static String answer(String line) throws IOException {
        if (DATE.matcher(line).find()) {
            return Ctime.now() + "\n";
        } else if (WHO.matcher(line).find()) {
            return shell("who 2>&1");
        } else if (FORTUNE.matcher(line).find()) {
            for (String fortune : List.of("/usr/games/fortune", "/usr/bin/fortune")) {
                if (Files.isExecutable(Path.of(fortune))) {
                    return shell(fortune + " 2>&1");
                }
            }
            return COOKIE;
        } else if (MOTD.matcher(line).find()) {
            Path motd = Path.of("/etc/motd");
            return Files.isReadable(motd) ? Files.readString(motd, StandardCharsets.UTF_8) : "(no /etc/motd)\n";
        }
        return HELP;
    }

    private static String shell(String script) throws IOException {
        return Command.of("sh", "-c", script).capture(COMMAND_LIMIT).text();
    }

    private static void send(StreamSocket conn, String text) throws IOException {
        conn.writeFully(text.getBytes(StandardCharsets.UTF_8));
    }
}
