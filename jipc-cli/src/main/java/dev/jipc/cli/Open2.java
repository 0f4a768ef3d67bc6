package dev.jipc.cli;

import dev.jipc.process.Command;
import dev.jipc.process.Conversation;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jipc open2}: perlipc's open2, a line-by-line conversation with a command. */
@picocli.CommandLine.Command(name = "open2", mixinStandardHelpOptions = true,
        description = {"Send each line of standard input (or --from FILE) to a command and print its one-line reply"
                + " (perlipc's open2). The command must flush each reply (cat -u, bc -q, sed -u);"
                + " one that buffers is reported after --reply-timeout instead of hanging."})
final class Open2 implements Callable<Integer> {
    @Option(names = "--from", paramLabel = "FILE", description = "Read FILE instead of standard input.")
    Path from;

    @Option(names = "--reply-timeout", paramLabel = "SECONDS", defaultValue = "10", description = "How long to wait for each reply (default ${DEFAULT-VALUE}).")
    double replyTimeout;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --).")
    List<String> cmd;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Command c = Command.of(cmd);
        Duration wait = Duration.ofMillis((long) (replyTimeout * 1000));
        try (BufferedReader in = from == null
                        ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                        : Files.newBufferedReader(from);
                Conversation talk = Conversation.start(c).allowFailure()) {
            for (String line; (line = in.readLine()) != null; ) {
                String reply = talk.ask(line, wait);
                if (reply == null) {
                    break;
                }
                out.println(reply);
                out.flush();
            }
            return CloseStatus.report(spec.commandLine().getErr(), "open2", c.argv().getFirst(), talk.closeAndWait());
        }
    }
}
