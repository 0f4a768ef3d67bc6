package dev.jipc.cli;

import dev.jipc.io.LineReader;
import dev.jipc.io.LineWriter;
import dev.jipc.process.ChildProcess;
import dev.jipc.process.JavaChild;
import java.io.PrintWriter;

/** Java children: a pipe1-style exchange with a child JVM running this program. */
final class JavaChildTourStep implements TourStep {
    @Override
    public String title() {
        return "A child running the same program";
    }

    @Override
    public void run(PrintWriter out) throws Exception {
        long me = ProcessHandle.current().pid();
        try (ChildProcess child = JavaChild.of(Echo.class).jvmOptions("-Xshare:auto", "-XX:TieredStopAtLevel=1").start();
                LineWriter toChild = LineWriter.lf(child.stdin()).autoFlush(true);
                LineReader fromChild = LineReader.of(child.stdout())) {
            out.println("Started a child JVM, pid " + child.pid() + ", on this program's class path, with pipes to its stdin and stdout.");
            toChild.writeLine("Parent Pid " + me + " is sending this");
            out.println("It answered: '" + fromChild.readLine() + "'.");
            toChild.close();
            out.println("After its stdin was closed it finished: " + child.waitFor() + ".");
        }
    }

    /** The child's side: answers one line, then exits at end of file. */
    public static final class Echo {
        private Echo() {}

        /** Answers each stdin line with the child's pid. */
        public static void main(String[] args) throws Exception {
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                System.out.println("Child Pid " + ProcessHandle.current().pid() + " just read this: '" + line + "'");
                System.out.flush();
            }
        }
    }
}
