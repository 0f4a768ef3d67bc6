package dev.jipc.cli;

import dev.jipc.process.Command;
import dev.jipc.pty.Expect;
import dev.jipc.pty.Expectation;
import dev.jipc.pty.Match;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Pseudo-terminals: drives an interactive Python through Expect on a pty and prints the dialogue,
 * then shows why the pty was needed.
 */
final class PtyTourStep implements TourStep {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Override
    public String title() {
        return "Pseudo-terminals and Expect";
    }

    @Override
    public void run(PrintWriter out) throws Exception {
        // TERM=dumb: no colour or bracketed-paste escapes in the prompts; no user start-up file.
        Command python = Command.of("python3", "-q", "-i").env("TERM", "dumb").unsetEnv("PYTHONSTARTUP");
        try (Expect py = Expect.spawn(python).timeout(WAIT)) {
            out.println("Started `python3 -q -i` on " + py.pty().terminalPath()
                    + " (its stdin, stdout and stderr, and its controlling terminal) and drove it with Expect:");
            py.expect(">>> ");
            ask(out, py, "import os; os.isatty(1), os.ttyname(0)");
            ask(out, py, "6 * 7");
            ask(out, py, "print('no flush needed: a terminal is line-buffered')");
            // Short naps in a loop, not one long sleep: CPython runs its SIGINT handler between bytecodes, so a
            // Ctrl-C landing after print but before sleep's system call would wait for the whole sleep.
            String nap = "import time; print('napping'); [time.sleep(0.1) for _ in range(6000)]";
            py.sendLine(nap);
            // Ctrl-C only once the statement runs (it says so): earlier, it would land in readline,
            // which may still be finishing the line, and could be taken as editing, not an interrupt.
            py.expect(nap + "\r\n");
            py.expect("napping\r\n");
            py.sendControl('c');
            py.expect("KeyboardInterrupt\r\n");
            py.expect(">>> ");
            out.println("  >>> " + nap);
            out.println("  sent Ctrl-C: the terminal turned it into SIGINT, and Python answered KeyboardInterrupt");
            py.sendEof();
            Match end = py.expect(Expectation.eof());
            out.println("  sent Ctrl-D: Python left, " + end.exitStatus().map(Object::toString).orElse("status unknown") + ".");
        }
        out.println("Talking to a pipe, a program sees isatty false and usually buffers its output in blocks;"
                + " `jipc pty -- CMD` runs any command on a terminal like this one.");
    }

    private static void ask(PrintWriter out, Expect py, String line) throws Exception {
        py.sendLine(line);
        py.expect(line + "\r\n"); // the terminal's echo of what we typed
        Match m = py.expect(">>> ");
        out.println("  >>> " + line);
        for (String answer : m.before().split("\r\n")) {
            if (!answer.isEmpty()) {
                out.println("  " + answer);
            }
        }
    }
}
