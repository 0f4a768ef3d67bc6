package dev.jipc.cli;

import dev.jipc.ErrnoException;
import dev.jipc.signal.Liveness;
import dev.jipc.signal.Signal;
import dev.jipc.signal.Signals;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jipc kill [-s SIG | -SIG] PID...} and {@code jipc kill -l [SIG]}, like procps {@code kill}.
 * Signal 0 ({@code -0} or {@code -s 0}) is the liveness probe: it reports, per pid, "alive", "no such
 * process" or "not permitted". Process groups (pid 0 and negative pids) are refused.
 *
 * <p>Exit status: 0 if every pid was signalled (or is alive, for the probe), 1 otherwise.
 */
@Command(name = "kill", mixinStandardHelpOptions = true,
        description = {"Send a signal (TERM unless told) to processes, or probe them with signal 0.",
            "kill -l lists signal names; kill -l N names signal N."})
final class Kill implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "-s", paramLabel = "SIG", description = "The signal: a name (HUP, SIGHUP) or number; 0 probes.")
    String signalOption;

    @Option(names = "-l", description = "List signal names, or name the signal numbered ARG.")
    boolean list;

    @Parameters(paramLabel = "PID", description = "Process ids; a first argument -SIG names the signal.")
    List<String> args = new ArrayList<>();

    /** Lets {@code -HUP} and {@code -9} reach {@link #args} instead of failing as unknown options. */
    static void configure(CommandLine kill) {
        kill.setUnmatchedOptionsArePositionalParams(true);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> rest = new ArrayList<>(args);
        if (list) {
            return listNames(out, rest);
        }
        String sig = signalOption;
        if (sig == null && !rest.isEmpty() && rest.get(0).startsWith("-") && rest.get(0).length() > 1) {
            sig = rest.remove(0).substring(1);
        }
        if (rest.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no pid given");
        }
        boolean probe = "0".equals(sig);
        Signal signal = probe ? null : sig == null ? Signal.SIGTERM : parse(sig);
        int failed = 0;
        for (String p : rest) {
            long pid;
            try {
                pid = Long.parseLong(p);
            } catch (NumberFormatException e) {
                err.println("jipc kill: not a pid: " + p);
                failed++;
                continue;
            }
            try {
                if (probe) {
                    Liveness l = Signals.probe(pid);
                    out.println(pid + ": " + switch (l) {
                        case ALIVE -> "alive";
                        case NO_SUCH_PROCESS -> "no such process";
                        case NOT_PERMITTED -> "not permitted";
                    });
                    if (l != Liveness.ALIVE) {
                        failed++;
                    }
                } else {
                    Signals.send(pid, signal);
                }
            } catch (ErrnoException | IllegalArgumentException e) {
                err.println("jipc kill: (" + pid + "): " + e.getMessage());
                failed++;
            }
        }
        out.flush();
        err.flush();
        return failed == 0 ? 0 : 1;
    }

    private Signal parse(String text) {
        try {
            return Signal.named(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The names as procps prints them: 16 to a line, SIGIO as POLL. */
    private Integer listNames(PrintWriter out, List<String> rest) {
        if (!rest.isEmpty()) {
            Signal s = parse(rest.get(0));
            out.println(name(s));
            out.flush();
            return 0;
        }
        StringBuilder line = new StringBuilder();
        int n = 0;
        for (Signal s : Signal.values()) {
            if (s == Signal.UNKNOWN) {
                continue;
            }
            line.append(n % 16 == 0 ? "" : " ").append(name(s));
            if (++n % 16 == 0) {
                out.println(line);
                line.setLength(0);
            }
        }
        if (!line.isEmpty()) {
            out.println(line);
        }
        out.flush();
        return 0;
    }

    private static String name(Signal s) {
        return s == Signal.SIGIO ? "POLL" : s.shortName();
    }
}
