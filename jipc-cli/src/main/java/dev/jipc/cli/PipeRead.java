package dev.jipc.cli;

import dev.jipc.process.Command;
import dev.jipc.process.ReadPipe;
import dev.jipc.process.Redirect;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jipc pipe-read}: perlipc's netstat filter, {@code open(STATUS, "netstat -an 2>&1 |")}, for any command. */
@picocli.CommandLine.Command(name = "pipe-read", mixinStandardHelpOptions = true,
        description = {"Read a command's output (stderr merged) line by line, print the lines not matching --skip,"
                + " then report the status on close (perlipc's netstat filter). No shell."})
final class PipeRead implements Callable<Integer> {
    @Option(names = "--skip", paramLabel = "REGEX", description = "Drop lines in which REGEX is found (e.g. '^(tcp|udp)').")
    Pattern skip;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --).")
    List<String> cmd;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Command c = Command.of(cmd).stderr(Redirect.toFd(1));
        try (ReadPipe p = c.openForReading().allowFailure()) {
            for (String line; (line = p.readLine()) != null; ) {
                if (skip == null || !skip.matcher(line).find()) {
                    out.println(line);
                }
            }
            out.flush();
            return CloseStatus.report(spec.commandLine().getErr(), "pipe-read", c.argv().getFirst(), p.closeAndWait());
        }
    }
}
