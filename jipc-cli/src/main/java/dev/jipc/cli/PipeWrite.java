package dev.jipc.cli;

import dev.jipc.process.BrokenPipeException;
import dev.jipc.process.Command;
import dev.jipc.process.WritePipe;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jipc pipe-write}: perlipc's spooler, {@code open(SPOOLER, "| cat -v | lpr -h")}: our input into a command. */
@picocli.CommandLine.Command(name = "pipe-write", mixinStandardHelpOptions = true,
        description = {"Copy standard input (or --from FILE) into a command's stdin, then report its status on close"
                + " (perlipc's spooler). A command that stops reading is reported, never a SIGPIPE. No shell."})
final class PipeWrite implements Callable<Integer> {
    @Option(names = "--from", paramLabel = "FILE", description = "Read FILE instead of standard input.")
    Path from;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --).")
    List<String> cmd;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Command c = Command.of(cmd);
        try (InputStream in = from == null ? System.in : Files.newInputStream(from);
                WritePipe p = c.openForWriting().allowFailure()) {
            try {
                in.transferTo(p.outputStream());
            } catch (BrokenPipeException stoppedReading) {
                // The command stopped reading (exited, say): like perlipc's spooler, say so and
                // let its close status tell why.
                spec.commandLine().getErr().println("jipc pipe-write: " + stoppedReading.getMessage());
            }
            return CloseStatus.report(spec.commandLine().getErr(), "pipe-write", c.argv().getFirst(), p.closeAndWait());
        }
    }
}
