package dev.jipc.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jipc tour}: a few seconds' demonstration of each area jipc covers so far. */
@Command(name = "tour", mixinStandardHelpOptions = true,
        description = "Demonstrate each area of jipc in a few seconds: pipes, fifos, readiness, lines, processes, signals, SysV IPC, sockets, pseudo-terminals. Uses only temporary files, private SysV objects it removes, and loopback sockets on ports the kernel picks.")
final class Tour implements Callable<Integer> {
    /** The stops, in the order they are shown; each new area adds one. */
    static final List<TourStep> STEPS = List.of(new PipeTourStep(), new FifoTourStep(), new ReadinessTourStep(),
            new LinesTourStep(),
            new ProcessTourStep(),
            new JavaChildTourStep(),
            new SignalsTourStep(),
            new SysvTourStep(),
            new SocketsTourStep(),
            new PtyTourStep());

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        for (int i = 0; i < STEPS.size(); i++) {
            TourStep step = STEPS.get(i);
            out.printf("%n%d. %s%n", i + 1, step.title());
            out.flush();
            try {
                step.run(out);
            } catch (Exception e) {
                failed++;
                out.flush();
                err.println("jipc tour: step '" + step.title() + "' failed: " + e);
                err.flush();
            }
            out.flush();
        }
        out.println();
        out.println(failed == 0 ? "Tour complete." : "Tour finished with " + failed + " failed step(s).");
        out.flush();
        return failed == 0 ? 0 : 1;
    }
}
