package dev.jipc.cli;

import dev.jipc.process.Captured;
import dev.jipc.process.Command;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jipc backticks}: perlipc's safe backticks, a capture without a shell. */
@picocli.CommandLine.Command(name = "backticks", mixinStandardHelpOptions = true,
        description = {"Run a command without a shell, capture its stdout and stderr apart, print both and its status."})
final class Backticks implements Callable<Integer> {
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Stop the command (SIGTERM, then SIGKILL) after this long.")
    Double timeout;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --).")
    List<String> cmd;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Command c = Command.of(cmd);
        Captured r = timeout == null ? c.capture() : c.capture(Duration.ofMillis((long) (timeout * 1000)));
        out.print(r.text());
        if (r.stderr().length > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.print(r.errorText());
            err.flush();
        }
        out.flush();
        return CloseStatus.report(spec.commandLine().getErr(), "backticks", c.argv().getFirst(), r.status());
    }
}
