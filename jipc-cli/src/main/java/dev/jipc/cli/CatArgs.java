package dev.jipc.cli;

import dev.jipc.process.ArgumentInput;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jipc cat-args}: Perl's {@code while (<>) { print }}, with perlipc's {@code "cmd|"} arguments on request. */
@picocli.CommandLine.Command(name = "cat-args", mixinStandardHelpOptions = true,
        description = {"Print the lines of each argument in order: files, '-' for standard input (also when there are no"
                + " arguments), and with --allow-commands, arguments ending in '|' as commands whose output is read"
                + " (split like `jipc pipeline` stages, no shell). Off by default: it lets a file name run a program."})
final class CatArgs implements Callable<Integer> {
    @Option(names = "--allow-commands", description = "Treat arguments ending in '|' as commands.")
    boolean allowCommands;

    @Parameters(arity = "0..*", paramLabel = "ARG")
    List<String> args = List.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (ArgumentInput in = ArgumentInput.of(args, System.in).allowCommands(allowCommands)) {
            in.forEachLine(out::println);
        } finally {
            out.flush();
        }
        return 0;
    }
}
