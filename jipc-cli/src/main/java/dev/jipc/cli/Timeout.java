package dev.jipc.cli;

import dev.jipc.TimedOutException;
import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import dev.jipc.signal.Signal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jipc timeout [-s SIG] [-k GRACE] DURATION -- CMD...}: runs CMD, and if it is still running
 * after DURATION sends it SIG (TERM), then KILL after GRACE. Exit status as coreutils
 * {@code timeout}: 124 if it timed out, 137 if it had to be killed, otherwise CMD's own status
 * (128+N if a signal N ended it).
 */
@CommandLine.Command(name = "timeout", mixinStandardHelpOptions = true,
        description = {"Run a command with a time limit: signal it (TERM) when DURATION passes, then KILL after a grace period.",
            "Durations: 10 (seconds), 1.5s, 200ms, 2m. Exit 124 on timeout, 137 if KILL was needed, else the command's status."})
final class Timeout implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--signal"}, paramLabel = "SIG", defaultValue = "TERM", description = "Signal to send when time is up (default TERM).")
    String signal;

    @Option(names = {"-k", "--kill-after"}, paramLabel = "GRACE", defaultValue = "5s",
            description = "Send KILL if the command still runs this long after the first signal (default 5s).")
    String killAfter;

    @Parameters(index = "0", paramLabel = "DURATION", description = "The time limit.")
    String duration;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "The command and its arguments.")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        Duration limit = parseDuration(duration);
        Duration grace = parseDuration(killAfter);
        Signal sig;
        try {
            sig = Signal.named(signal);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (ChildProcess child = Command.of(command).start()) {
            try {
                return code(child.waitFor(limit));
            } catch (TimedOutException e) {
                child.signal(sig);
            }
            try {
                child.waitFor(grace);
                return 124;
            } catch (TimedOutException e) {
                child.signal(Signal.SIGKILL);
                child.waitFor();
                return 128 + Signal.SIGKILL.number();
            }
        }
    }

    private static int code(ExitStatus s) {
        return s.shellStyleCode();
    }

    /** 10, 1.5s, 200ms, 2m, 1h. */
    Duration parseDuration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            double factorMs;
            String number;
            if (t.endsWith("ms")) {
                factorMs = 1;
                number = t.substring(0, t.length() - 2);
            } else if (t.endsWith("s")) {
                factorMs = 1000;
                number = t.substring(0, t.length() - 1);
            } else if (t.endsWith("m")) {
                factorMs = 60_000;
                number = t.substring(0, t.length() - 1);
            } else if (t.endsWith("h")) {
                factorMs = 3_600_000;
                number = t.substring(0, t.length() - 1);
            } else {
                factorMs = 1000;
                number = t;
            }
            double v = Double.parseDouble(number);
            if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return Duration.ofNanos((long) (v * factorMs * 1_000_000));
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "not a duration: '" + text + "' (try 10, 1.5s, 200ms, 2m)");
        }
    }
}
