package dev.jipc.cli;

import dev.jipc.signal.Registration;
import dev.jipc.signal.Restart;
import dev.jipc.signal.Signal;
import dev.jipc.signal.Signals;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jipc hup-daemon [ARGS...]}: perlipc's SIGHUP daemon. Prints its pid and arguments, then a
 * count every two seconds; on SIGHUP it prints "got SIGHUP" and restarts itself by exec, with the
 * same pid and the same command line, as the Perl program does with {@code exec($SELF, @ARGV)}.
 *
 * <p>The handler runs on jipc's dispatcher thread, so the exec is ordinary Java code; before it, the
 * signal mask is emptied and every descriptor from 3 up is marked close-on-exec, so twenty restarts
 * leave the process with the descriptors it started with.
 */
@Command(name = "hup-daemon", mixinStandardHelpOptions = true,
        description = {"Print the pid and arguments, then count every 2 seconds; on SIGHUP restart in place by exec (same pid).",
            "Like perlipc's SIGHUP daemon example."})
final class HupDaemon implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--interval", defaultValue = "2s", paramLabel = "DURATION", description = "Time between counts (default 2s).")
    String interval;

    @Option(names = "--count", defaultValue = "0", paramLabel = "N", description = "Stop after N counts (default: never).")
    int count;

    @Parameters(paramLabel = "ARGS", description = "Arguments, printed and kept across restarts.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Duration every = new Timeout().parseDuration(interval);
        try (Registration hup = Signals.handle(Signal.SIGHUP, s -> {
            out.println("got SIGHUP");
            out.flush();
            Restart.execSelf();
        })) {
            out.println("PID: " + ProcessHandle.current().pid());
            out.println("ARGV: " + String.join(" ", args));
            out.flush();
            for (int n = 1; count == 0 || n <= count; n++) {
                Thread.sleep(every);
                out.println(n);
                out.flush();
            }
        }
        return 0;
    }
}
