package dev.jipc.cli;

import dev.jipc.process.Captured;
import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.Pipeline;
import dev.jipc.process.PipelineResult;
import dev.jipc.process.Redirect;
import dev.jipc.signal.Signal;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Processes: spawn and exit status, a signal death decoded, capture, a pipeline, communicate. */
final class ProcessTourStep implements TourStep {
    @Override
    public String title() {
        return "Processes";
    }

    @Override
    public void run(PrintWriter out) throws Exception {
        out.println("Ran `sh -c 'exit 3'` with posix_spawn (no shell was added): " + Command.of("sh", "-c", "exit 3").run() + ".");

        try (ChildProcess sleeper = Command.of("sleep", "600").start()) {
            sleeper.signal(Signal.SIGTERM);
            var s = sleeper.waitFor();
            out.println("Sent SIGTERM to `sleep 600` (pid " + sleeper.pid() + "); its status decodes as \"" + s
                    + "\", raw $? = " + s.raw() + ", not to be confused with exit " + s.shellStyleCode() + ".");
        }

        Captured c = Command.of("sh", "-c", "echo to stdout; echo to stderr >&2; exit 1").capture();
        out.println("Captured a command like safe backticks: stdout \"" + c.text().strip() + "\", stderr \""
                + c.errorText().strip() + "\", " + c.status() + ".");

        PipelineResult r = Pipeline.of(Command.of("yes"), Command.of("head", "-2"))
                .stdout(Redirect.nullDevice()).run();
        out.println("Ran the pipeline `yes | head -2` through an OS pipe, no shell: statuses " + r
                + " (yes ended by SIGPIPE when head was done); pipefail says " + r.pipefail() + ".");

        byte[] input = new byte[4 << 20];
        Captured sorted = Command.of("wc", "-c").communicate(input, Duration.ofSeconds(30));
        out.println("Fed 4 MiB to `wc -c` while reading its output in one poll loop (no deadlock at any size): it counted "
                + new String(sorted.stdout(), StandardCharsets.UTF_8).strip() + " bytes, " + sorted.status() + ".");
    }
}
