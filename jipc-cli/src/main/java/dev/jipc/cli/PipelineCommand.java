package dev.jipc.cli;

import dev.jipc.process.CommandString;
import dev.jipc.process.Pipeline;
import dev.jipc.process.PipelineProcess;
import dev.jipc.process.PipelineResult;
import dev.jipc.process.Redirect;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jipc pipeline 'CMD1 ...' 'CMD2 ...'}: stages connected by OS pipes, no shell. */
@picocli.CommandLine.Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"Run commands connected stdout to stdin by OS pipes, without a shell, and print each stage's status.",
            "Each STAGE is split into arguments by these rules only: whitespace separates; '...' groups literally;"
                + " \"...\" groups, with \\\" and \\\\ as escapes; outside quotes a backslash makes the next character literal."
                + " No globbing, no $variables, no redirections: * $ | > < ; & are ordinary characters."})
final class PipelineCommand implements Callable<Integer> {
    @Option(names = "--input", paramLabel = "FILE", description = "The first stage reads FILE (default: our stdin).")
    Path input;

    @Parameters(arity = "1..*", paramLabel = "STAGE", description = "One command per argument, e.g. 'grep -v \"^#\"'.")
    List<String> stages;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Pipeline p = Pipeline.of(stages.stream().map(CommandString::parse).toList()).stdout(Redirect.pipe());
        if (input != null) {
            p = p.stdin(Redirect.read(input));
        }
        PipelineResult r;
        try (PipelineProcess running = p.start()) {
            // The stages talk to each other through the kernel; only the last one's output comes through us.
            byte[] buf = new byte[65536];
            for (int n; (n = running.stdout().read(buf)) >= 0; ) {
                out.print(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            out.flush();
            r = running.waitFor();
        }
        PrintWriter err = spec.commandLine().getErr();
        for (int i = 0; i < r.statuses().size(); i++) {
            err.println("jipc pipeline: stage " + (i + 1) + " (" + r.commands().get(i) + "): " + r.statuses().get(i));
        }
        err.println("jipc pipeline: " + r + "; pipefail " + r.pipefail());
        err.flush();
        return r.success() ? 0 : 1;
    }
}
