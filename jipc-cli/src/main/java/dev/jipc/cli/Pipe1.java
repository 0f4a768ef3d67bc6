package dev.jipc.cli;

import dev.jipc.io.Fd;
import dev.jipc.io.LineReader;
import dev.jipc.io.LineWriter;
import dev.jipc.process.ChildProcess;
import dev.jipc.process.ExitStatus;
import dev.jipc.process.JavaChild;
import dev.jipc.process.Redirect;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jipc pipe1}: perlipc's {@code pipe1}, two pipes between this JVM and a child running the
 * same program. The parent sends a line down one pipe, the child reads it, prints it with its pid
 * and answers up the other pipe, and the parent prints the answer with its own pid.
 *
 * <p>The child is a Java child ({@link JavaChild}) whose fd 3 is the pipe it reads and fd 4 the pipe
 * it writes, so its stdout stays free for its report, as in the Perl program; the parent passes
 * that report on to its own output before its own line, so the two lines come out in the order the
 * Perl program prints them.
 */
@Command(name = "pipe1", mixinStandardHelpOptions = true,
        description = {"Two-pipe conversation with a Java child running this program (perlipc's pipe1):",
            "the parent sends a line, the child prints what it read and answers, the parent prints the answer."})
final class Pipe1 implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long me = ProcessHandle.current().pid();
        try (ChildProcess child = JavaChild.of(Child.class).command()
                .fd(3, Redirect.pipeToChild()).fd(4, Redirect.pipeFromChild()).stdout(Redirect.pipe()).start()) {
            LineWriter toChild = LineWriter.lf(child.pipe(3)).autoFlush(true);
            LineReader fromChild = LineReader.of(child.pipe(4));
            LineReader childStdout = LineReader.of(child.stdout());
            toChild.writeLine("Parent Pid " + me + " is sending this");
            String line = fromChild.readLine();
            toChild.close();
            fromChild.close();
            for (String report; (report = childStdout.readLine()) != null; ) {
                out.println(report);
            }
            out.println("Parent Pid " + me + " just read this: '" + line + "'");
            out.flush();
            ExitStatus status = child.waitFor();
            if (!status.success()) {
                spec.commandLine().getErr().println("jipc pipe1: child pid " + child.pid() + ": " + status);
                return 1;
            }
            return line == null ? 1 : 0;
        }
    }

    /** The child's side: reads a line on fd 3, reports it on stdout, answers on fd 4. */
    public static final class Child {
        private Child() {}

        /** Runs the child's side of the conversation. */
        public static void main(String[] args) throws Exception {
            long me = ProcessHandle.current().pid();
            try (Fd in = Fd.adopt(3, "pipe from parent"); Fd outFd = Fd.adopt(4, "pipe to parent");
                    LineReader fromParent = LineReader.of(in);
                    LineWriter toParent = LineWriter.lf(outFd).autoFlush(true)) {
                String line = fromParent.readLine();
                PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
                out.println("Child Pid " + me + " just read this: '" + line + "'");
                toParent.writeLine("Child Pid " + me + " is sending this");
            }
        }
    }
}
