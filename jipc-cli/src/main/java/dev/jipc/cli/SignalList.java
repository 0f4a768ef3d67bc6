package dev.jipc.cli;

import dev.jipc.signal.Signal;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jipc signals}: every signal with its number and whether a Java program can handle it here,
 * with the reason when it cannot (SIGKILL, SIGSTOP, and the signals HotSpot keeps).
 */
@Command(name = "signals", mixinStandardHelpOptions = true,
        description = "List the signals with their numbers and whether a handler can be installed for them in a JVM.")
final class SignalList implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (Signal s : Signal.values()) {
            if (s == Signal.UNKNOWN) {
                continue;
            }
            out.printf("%2d %-8s %s%n", s.number(), s.shortName(), s.whyNotHandleable().map(r -> "no: " + r).orElse("yes"));
        }
        out.flush();
        return 0;
    }
}
